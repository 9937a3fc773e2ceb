"""The page cache: anonymous readers' public pages, answered from the cache.

A page is kept under the registry's version (`registry.caching.version`), so a
write makes every cached page stale at once, on every server. Which paths are
never cached is the one table in `registry.paths`.
"""

import hashlib
import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.translation import get_language_from_path, get_language_from_request

from registry.caching.version import (
    _request_version,
    bump_version_on_write,
    current_version,
)
from registry.net import AnonReadThrottle, client_address, rate_limit_key
from registry.paths import never_cached

# Paths with no /zh-hans/ twin that answer in the client's language (its
# language cookie, else Accept-Language), as the reconciliation service does.
CLIENT_LANGUAGE = ("/reconcile/",)
# Answers counted by the API's anonymous throttle, cached or not.
THROTTLED = ("/api/", "/reconcile/")


def _get(key: str):
    return cache.get(key)


def _set(key: str, value, seconds: int) -> None:
    cache.set(key, value, timeout=seconds)


def _may_be_cached(request) -> bool:
    """What the request alone tells, before sessions, login or the view.

    A request with a session cookie may come from a signed-in officer, and
    one with an Authorization header from an API client with a token: both
    go the whole way, uncached.
    """
    return (
        request.method == "GET"
        # The path within the site: a script prefix (/registry/) is not part
        # of the paths named there.
        and not never_cached(request.path_info)
        and "HTTP_AUTHORIZATION" not in request.META
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and request.GET.get("format") != "csv"
    )


def _cacheable_answer(request, response, language: str) -> bool:
    """A public answer to an anonymous reader, the same for everyone."""
    user = getattr(request, "user", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
        and not (user is not None and user.is_authenticated)
        # A page that holds a CSRF token holds this reader's token.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        # Rendered in the language the key names.
        and response.get("Content-Language") == language
    )


def _page_language(request) -> str:
    """The language the answer will be in: public pages name theirs in the
    path (Chinese under /zh-hans/); the reconciliation service follows the
    client (CLIENT_LANGUAGE); every other path is in the default.

    Checked again before storing: an answer in another language is not kept.
    """
    if request.path_info.startswith(CLIENT_LANGUAGE):
        return get_language_from_request(request, check_path=False)
    return get_language_from_path(request.path_info) or settings.LANGUAGE_CODE


class ReadParameters(QueryDict):
    """The query parameters, noting which ones the view reads by name.

    A page is stored only when the view read every parameter the request
    has: one with `?utm_source=…` (or any name no view reads) is answered but
    not kept, so junk parameters cannot fill the cache. Listing or copying
    the parameters (as pagination links do) reads none of them.
    """

    def __init__(self, *args, **kwargs):
        self.read: set[str] = set()
        super().__init__(*args, **kwargs)
        self.read.clear()  # building the dictionary reads nothing

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self.read.add(key)
        return super().__contains__(key)

    def get(self, key, default=None):
        self.read.add(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        self.read.add(key)
        return super().getlist(key, default)

    def all_read(self) -> bool:
        return set(self.keys()) <= self.read


def _track_parameters(request) -> None:
    request.GET = ReadParameters(
        request.META.get("QUERY_STRING", ""), encoding=request.encoding
    )


def _canonical_query(request) -> str:
    """The parameters by name, in a fixed order (each name's values in theirs)."""
    return urlencode(sorted(request.GET.lists(), key=lambda item: item[0]), doseq=True)


def _page_key(request, version: int, language: str) -> str:
    what = "\n".join(
        (
            request.path,
            _canonical_query(request),
            language,
            request.META.get("HTTP_ACCEPT", ""),
            request.get_host(),
        )
    )
    digest = hashlib.sha256(what.encode()).hexdigest()
    return f"registry:page:{version}:{digest}"


def _within_api_allowance(request) -> bool:
    """A cached API or reconciliation answer counts against the client's API
    allowance too.

    Refused here, the request goes on to the view, which answers 429 without
    counting it again; a page not in the cache is counted by the view itself.
    """
    if not request.path_info.startswith(THROTTLED):
        return True
    # The request carries no session and no credentials: it is anonymous.
    request.user = AnonymousUser()
    return AnonReadThrottle().allow_request(request, None)


def _within_uncached_allowance(request) -> bool:
    """Count a page that must be made (not in the cache) for this address.

    REGISTRY_UNCACHED_PAGES_PER_MINUTE bounds them per address (an IPv6
    /64) and minute; 0 turns the bound off. The API and the reconciliation
    service have their own throttle, and pages in the cache are not counted.
    """
    most = settings.REGISTRY_UNCACHED_PAGES_PER_MINUTE
    if not most or request.path_info.startswith(THROTTLED):
        return True
    address = rate_limit_key(client_address(request))
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]
    key = f"registry:uncached:{int(time.time() // 60)}:{digest}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between the two calls
        cache.set(key, 1, timeout=120)
        count = 1
    return count <= most


def _too_many_pages(request, language: str) -> HttpResponse:
    """A clear page in the reader's language, made without a query."""
    request.user = AnonymousUser()
    with translation.override(language):
        response = render(
            request,
            "429.html",
            {"main_program": None},
            status=429,
        )
        response["Content-Language"] = language
    response["Retry-After"] = "60"
    response["Cache-Control"] = "no-store"
    return response


def _from_cache(request, stored) -> HttpResponse:
    status, headers, content = stored
    response = HttpResponse(content, status=status, headers=headers)
    # An API answer carries its ETag: a client that holds it gets a 304.
    etag = response.get("ETag")
    if etag:
        return get_conditional_response(request, etag=etag, response=response)
    return response


class PageCacheMiddleware:
    """Serve anonymous readers' public pages from the cache.

    It stands early in MIDDLEWARE, straight after the security checks: a page
    in the cache is answered before sessions, login, the language and the
    view are set up, with the headers the rest of the stack gave it when it
    was stored. Never for logged-in users, forms, status pages, downloads or
    API clients that authenticate. A successful write request by a logged-in
    user bumps the version too, covering admin actions that update rows in
    bulk.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_version.set(0)
        try:
            return self._respond(request)
        finally:
            _request_version.reset(token)

    def _respond(self, request):
        seconds = settings.REGISTRY_PAGE_CACHE_SECONDS
        if not seconds or not _may_be_cached(request):
            response = self.get_response(request)
            user = getattr(request, "user", None)
            if (
                request.method not in ("GET", "HEAD", "OPTIONS")
                and response.status_code < 400
                and user is not None
                and user.is_authenticated
            ):
                bump_version_on_write()
            return response
        language = _page_language(request)
        key = _page_key(request, current_version(), language)
        stored = _get(key)
        if stored is not None and _within_api_allowance(request):
            return _from_cache(request, stored)
        if stored is None and not _within_uncached_allowance(request):
            return _too_many_pages(request, language)
        _track_parameters(request)
        response = self.get_response(request)
        if _cacheable_answer(request, response, language) and request.GET.all_read():
            headers = [(k, v) for k, v in response.items() if k.lower() != "set-cookie"]
            _set(key, (response.status_code, headers, response.content), seconds)
        return response
