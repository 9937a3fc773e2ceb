"""Throttling of anonymous and of signed-in clients, at rates set in the settings."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from ..net import client_address


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


class UserReadThrottle(UserRateThrottle):
    """Signed-in clients (an API token or a session), limited per user to
    REGISTRY_API_USER_RATE (e.g. "5000/hour"), whatever address they use.

    Anonymous requests are left to AnonReadThrottle. Reads, writes and whole
    lists as CSV all count, as for anonymous clients.
    """

    def get_rate(self) -> str | None:
        return settings.REGISTRY_API_USER_RATE or None

    def get_cache_key(self, request, view) -> str | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": user.pk}
