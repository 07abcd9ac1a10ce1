from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def archivist_permissions_grant(sender, using, **kwargs):
    """After every `migrate`: the archivists' group holds every permission on the archive's and
    the analysis' records, those of models added since included. Django's own post_migrate
    handler creates each app's permissions; it was connected first, and catalogue's signal is
    sent before negotiations', so by negotiations' signal (this one's sender) all exist."""
    from catalogue.services import archivist_group_ensure

    archivist_group_ensure(using=using)


class ResearchConfig(AppConfig):
    """What readers see, joining the archive and the analysis: pages, exports, OAI-PMH."""

    name = "research"
    verbose_name = _("Research")

    def ready(self):
        from core.derived import derived_register
        from research.records import record_refreshers

        derived_register(record_refreshers)
        # Sent after catalogue's and negotiations' post_migrate signals, whose handlers create
        # the permissions granted (research's own models are not the archivists' to edit).
        post_migrate.connect(
            archivist_permissions_grant, sender=apps.get_app_config("negotiations")
        )
