"""Who is asking: the visitor's address behind the proxies we trust."""

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The visitor's address, as seen by the first of our trusted proxies.

    Behind N reverse proxies (REGISTRY_TRUSTED_PROXIES=N) REMOTE_ADDR is the
    nearest proxy, and the visitor is the Nth address from the right of
    X-Forwarded-For; the entries left of it are the visitor's own to forge.
    Without trusted proxies the header is ignored. The application form, the
    API throttle and the sign-in lockout all count visitors by this one rule.
    """
    proxies = settings.REGISTRY_TRUSTED_PROXIES
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies][:64]
    return request.META.get("REMOTE_ADDR", "")


def axes_client_address(request: HttpRequest) -> str:
    """django-axes calls this to know which address a sign-in comes from."""
    return client_address(request)
