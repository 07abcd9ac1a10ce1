from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "catalogue"
    verbose_name = _("Catalogue")

    def ready(self):
        from catalogue.search import agent_name_synonyms
        from core.querysets import SEARCH_SYNONYMS

        if agent_name_synonyms not in SEARCH_SYNONYMS:
            SEARCH_SYNONYMS.append(agent_name_synonyms)
