"""The languages the catalogue's sources are written in, so that a database made by `migrate`
alone can take sources (the founding data set and the admin's language choices need them)."""

from django.db import migrations

LANGUAGES = [
    ("en", "English", "英語"),
    ("ja", "Japanese", "日本語"),
    ("ru", "Russian", "ロシア語"),
    ("zh", "Chinese", "中国語"),
]


def languages_ensure(apps, schema_editor):
    Language = apps.get_model("catalogue", "Language")
    for code, name, name_ja in LANGUAGES:
        # Rows an archivist already made (or renamed) are left as they are.
        Language.objects.get_or_create(code=code, defaults={"name": name, "name_ja": name_ja})


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0005_series_publication_data")]
    # Not undone: sources may be written in these languages by then.
    operations = [migrations.RunPython(languages_ensure, migrations.RunPython.noop)]
