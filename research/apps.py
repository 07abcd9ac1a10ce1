from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResearchConfig(AppConfig):
    """What readers see, joining the archive and the analysis: pages, exports, OAI-PMH."""

    name = "research"
    verbose_name = _("Research")
