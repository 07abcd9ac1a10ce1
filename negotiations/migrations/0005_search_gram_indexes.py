from django.db import migrations

from core.migration_ops import gram_indexes


class Migration(migrations.Migration):
    dependencies = [("negotiations", "0004_source_stage_links")]
    operations = [gram_indexes("negotiations_event", "negotiations_claim")]
