from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import transaction

from core.derived import derived_refresh_all

FOUNDING_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "founding.json"


def search_text_refresh_all() -> int:
    """Rebuild the derived data (search text, stage and strategy links, the stamps of cached
    records) of every record; returns how many rows changed."""
    return sum(derived_refresh_all().values())


def history_fill_missing(*, reason: str = "", user=None) -> int:
    """Give every record without a history entry its first one, credited to `reason` (the
    command and file that loaded it) and `user`; returns how many were added."""
    added = 0
    for app_label in ("catalogue", "negotiations"):
        for model in apps.get_app_config(app_label).get_models():
            manager = getattr(model, "history", None)
            if manager is None or not hasattr(manager, "bulk_history_create"):
                continue
            recorded = manager.model.objects.values("id")
            missing = list(model._default_manager.exclude(pk__in=recorded))
            manager.bulk_history_create(
                missing, batch_size=500, default_change_reason=reason, default_user=user
            )
            added += len(missing)
    return added


@transaction.atomic
def founding_data_load(*, fixture: Path = FOUNDING_FIXTURE, verbosity: int = 0, user=None) -> dict:
    """Load (or reload) the founding data set, then rebuild its search text and history.

    loaddata saves rows raw, so neither `save()` nor the history signals run. Reloading
    updates the same rows by primary key, so it never duplicates.
    """
    call_command("loaddata", str(fixture), verbosity=verbosity)
    reason = f"load_founding_data: {Path(fixture).name}"
    return {
        "derived": search_text_refresh_all(),
        "history": history_fill_missing(reason=reason, user=user),
    }
