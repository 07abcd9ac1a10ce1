from django.db import migrations

from core.migration_ops import gram_postings


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0018_source_status_dates_page_columns")]
    operations = [gram_postings("catalogue_source")]
