from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NegotiationsConfig(AppConfig):
    name = "negotiations"
    verbose_name = _("Negotiations")

    def ready(self):
        from core.changes import watch_app_tables
        from core.derived import derived_register
        from negotiations.source_links import source_link_refreshers

        derived_register(source_link_refreshers)
        # Cached answers are keyed by the data version, which these tables' writes change.
        watch_app_tables(self)
