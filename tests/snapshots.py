"""What a test compares before and after a request that must change nothing."""

from django.apps import apps


def archive_rows() -> dict[str, list[tuple]]:
    """Every row of the archive and the analysis, history included, in primary-key order."""
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values_list())
        for app in ("catalogue", "negotiations")
        for model in apps.get_app_config(app).get_models()
    }
