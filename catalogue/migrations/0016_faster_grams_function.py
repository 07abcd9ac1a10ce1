from django.db import migrations

from core.migration_ops import gram_function_replace


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0015_source_status_dates_facet_columns")]
    operations = [gram_function_replace("catalogue_source", "catalogue_agent", "catalogue_work")]
