"""Throttling of anonymous clients, at a rate set in the settings."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle

from registry.net import client_address


class AnonReadThrottle(AnonRateThrottle):
    """Anonymous requests, limited to REGISTRY_API_ANON_RATE (e.g. "1000/hour").

    The rate is read on every request, so the setting (or its environment
    variable, REGISTRY_API_ANON_RATE) takes effect without touching DRF's
    DEFAULT_THROTTLE_RATES. The counts live in Django's default cache: Redis
    when REDIS_URL is set, so that every server process shares them.
    """

    def get_rate(self) -> str | None:
        return settings.REGISTRY_API_ANON_RATE or None

    def get_ident(self, request) -> str:
        # DRF's own rule reads the whole X-Forwarded-For unless NUM_PROXIES is
        # set, so an invented header would buy a fresh allowance. Use the rule
        # of the rest of the site: trust only REGISTRY_TRUSTED_PROXIES hops.
        return client_address(request)
