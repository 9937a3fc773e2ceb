"""Who is asking, and from where: the visitor's address behind the proxies we
trust, the site's own absolute links, and the anonymous allowance that pages
and the API share."""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


@lru_cache(maxsize=16)
def _proxy_networks(addresses: tuple[str, ...]) -> tuple:
    networks = []
    for address in addresses:
        try:
            networks.append(ipaddress.ip_network(address.strip(), strict=False))
        except ValueError:
            continue
    return tuple(networks)


def from_trusted_proxy(request: HttpRequest) -> bool:
    """Whether the connection comes from one of REGISTRY_PROXY_ADDRESSES."""
    try:
        peer = ipaddress.ip_address(request.META.get("REMOTE_ADDR", "").strip())
    except ValueError:
        return False
    if peer.version == 6 and peer.ipv4_mapped:
        peer = peer.ipv4_mapped
    networks = _proxy_networks(tuple(settings.REGISTRY_PROXY_ADDRESSES))
    return any(peer.version == net.version and peer in net for net in networks)


def rate_limit_key(address: str) -> str:
    """What the rate limit counts: an IPv4 address, or an IPv6 address's /64.

    One IPv6 subscriber usually holds a whole /64, so counting single
    addresses would let one visitor send as many forms as they like.
    """
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return address
    if ip.version == 6 and ip.ipv4_mapped:
        return str(ip.ipv4_mapped)
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def client_address(request: HttpRequest) -> str:
    """The visitor's address, as seen by the first of our trusted proxies.

    Behind N reverse proxies (REGISTRY_TRUSTED_PROXIES=N) REMOTE_ADDR is the
    nearest proxy, and the visitor is the Nth address from the right of
    X-Forwarded-For; the entries left of it are the visitor's own to forge.
    The header is believed only when REMOTE_ADDR is one of the proxies'
    addresses (REGISTRY_PROXY_ADDRESSES): a visitor who reaches the app
    directly is counted by the connection's own address, whatever it sends.
    Without trusted proxies the header is ignored. The application form, the
    API throttle and the sign-in lockout all count visitors by this one rule.
    """
    proxies = settings.REGISTRY_TRUSTED_PROXIES
    remote = request.META.get("REMOTE_ADDR", "")
    if proxies <= 0 or not from_trusted_proxy(request):
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) >= proxies:
        return forwarded[-proxies][:64]
    return remote


def axes_client_address(request: HttpRequest) -> str:
    """django-axes calls this to know which address a sign-in comes from."""
    return client_address(request)


def absolute(request, path: str) -> str:
    """`request.build_absolute_uri(path)` for a path of this site as reverse()
    writes it (quoted already): the scheme and host are worked out once per
    request. Without a request (open-data dumps) the URL is the path."""
    if request is None:
        return path
    plain = path.startswith("/") and not path.startswith("//")
    if not plain or "/./" in path or "/../" in path:
        return request.build_absolute_uri(path)
    origin = request.__dict__.get("_registry_origin")
    if origin is None:
        origin = request.build_absolute_uri("/").removesuffix("/")
        request.__dict__["_registry_origin"] = origin
    return origin + path


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
