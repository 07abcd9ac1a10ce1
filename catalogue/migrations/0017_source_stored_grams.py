from django.db import migrations

from core.migration_ops import stored_grams


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0016_faster_grams_function")]
    operations = [stored_grams("catalogue_source")]
