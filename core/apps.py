from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Shared pieces with no tables of their own: abstract bases, dates, text, permissions."""

    name = "core"
    verbose_name = _("Kōshō core")
