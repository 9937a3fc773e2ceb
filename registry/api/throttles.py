"""Throttling of anonymous clients, at a rate set in the settings."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class AnonReadThrottle(AnonRateThrottle):
    """Anonymous requests, limited to REGISTRY_API_ANON_RATE (e.g. "1000/hour").

    The rate is read on every request, so the setting (or its environment
    variable, REGISTRY_API_ANON_RATE) takes effect without touching DRF's
    DEFAULT_THROTTLE_RATES.
    """

    def get_rate(self) -> str | None:
        return settings.REGISTRY_API_ANON_RATE or None
