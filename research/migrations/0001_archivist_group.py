"""The archivists' group (settings.ARCHIVIST_GROUP), so that a database made by `migrate` alone
has it. Its permissions (every permission on the archive's and the analysis' records) are
granted after each `migrate` by research.apps, once Django has created the permissions of every
model: they do not exist yet while migrations run on a new database."""

from django.conf import settings
from django.db import migrations


def group_ensure(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name=settings.ARCHIVIST_GROUP)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("catalogue", "0006_language_rows"),
        ("negotiations", "0003_work_citation"),
    ]
    # Not undone: members would lose their rights with it.
    operations = [migrations.RunPython(group_ensure, migrations.RunPython.noop)]
