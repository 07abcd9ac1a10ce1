from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "catalogue"
    verbose_name = _("Catalogue")

    def ready(self):
        from catalogue.models import source_side_refreshers
        from catalogue.search import agent_name_synonyms
        from core.changes import watch_app_tables
        from core.derived import derived_register
        from core.querysets import SEARCH_SYNONYMS

        derived_register(source_side_refreshers)
        # Cached answers are keyed by the data version, which these tables' writes change.
        watch_app_tables(self)

        if agent_name_synonyms not in SEARCH_SYNONYMS:
            SEARCH_SYNONYMS.append(agent_name_synonyms)
