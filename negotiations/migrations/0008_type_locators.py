"""Give the locators entered as free text their type ("p. 798" → page 798)."""

from django.db import migrations

from negotiations.locators import locator_parse


def _join(*parts: str) -> str:
    return "; ".join(part for part in parts if part)


def type_locators(apps, schema_editor):
    EventSource = apps.get_model("negotiations", "EventSource")
    Evidence = apps.get_model("negotiations", "Evidence")
    for link in EventSource.objects.filter(locator_type="").exclude(locator="").select_related(
        "source"
    ):
        link.locator_type, link.locator, rest = locator_parse(link.locator, link.source.number)
        # What followed a ";" is the footnote of the citing work, not a place in the source.
        link.note = _join(link.note, rest)[:500]
        link.save(update_fields=["locator_type", "locator", "note"])
    for evidence in Evidence.objects.filter(locator_type="").exclude(locator="").select_related(
        "source"
    ):
        evidence.locator_type, evidence.locator, rest = locator_parse(
            evidence.locator, evidence.source.number
        )
        if rest and not evidence.footnote:
            evidence.footnote = rest[:50]
        elif rest:
            evidence.note = _join(evidence.note, rest)
        evidence.save(update_fields=["locator_type", "locator", "footnote", "note"])


class Migration(migrations.Migration):
    dependencies = [("negotiations", "0007_locator_type")]

    operations = [migrations.RunPython(type_locators, migrations.RunPython.noop)]
