"""Who is asking: the visitor's address behind the proxies we trust."""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest


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
