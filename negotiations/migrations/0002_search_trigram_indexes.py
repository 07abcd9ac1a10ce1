from django.db import migrations

from core.migration_ops import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("negotiations", "0001_initial"), ("catalogue", "0002_search_trigram_indexes")]
    operations = [trigram_indexes("negotiations_event", "negotiations_claim")]
