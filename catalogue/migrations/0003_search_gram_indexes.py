from django.db import migrations

from core.migration_ops import gram_indexes


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0002_search_trigram_indexes")]
    operations = [gram_indexes("catalogue_source", "catalogue_agent", "catalogue_work")]
