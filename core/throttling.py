"""API rate limits (DRF throttles) whose rates are read per request from REST_FRAMEWORK's
DEFAULT_THROTTLE_RATES, so a changed setting applies at once (DRF's own classes keep the rates
they saw at import)."""

from rest_framework import throttling
from rest_framework.settings import api_settings


class _CurrentRates:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonRateThrottle(_CurrentRates, throttling.AnonRateThrottle):
    """Anonymous clients, per address."""


class UserRateThrottle(_CurrentRates, throttling.UserRateThrottle):
    """Signed-in clients, per account."""
