from django.db import migrations

from core.migration_ops import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]
    operations = [trigram_indexes("catalogue_source", "catalogue_agent", "catalogue_work")]
