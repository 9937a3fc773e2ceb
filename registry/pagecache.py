"""Caching public pages and figures, invalidated by the registry's version.

Every write to the registry bumps one number (`RegistryVersion`), in the
writer's own transaction. Cached pages and figures carry that number in their
keys, so after a write nothing cached before it is read again, on any server.
The cache itself is Django's default cache: Redis when `REDIS_URL` names one,
else local memory.

Time changes the registry too: a recognition under embargo becomes public at
its `publish_at`, and the first reader after that moment bumps the version
(`RegistryVersion.read`).
"""

import contextvars
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
from django.utils.translation import (
    get_language,
    get_language_from_path,
    get_language_from_request,
)

from .models import RegistryVersion

# The version this request works with: read once, then the same for the whole
# request, so a page and the figures on it agree.
_request_version: contextvars.ContextVar[int | None] = contextvars.ContextVar(
    "registry_version", default=None
)
# Pages that are personal, forms, or change without a registry write.
NEVER_CACHED = ("/admin/", "/apply/", "/i18n/", "/data/", "/healthz", "/readyz")
# Paths with no /zh-hans/ twin that answer in the client's language (its
# language cookie, else Accept-Language), as the reconciliation service does.
CLIENT_LANGUAGE = ("/reconcile/",)
# Answers counted by the API's anonymous throttle, cached or not.
THROTTLED = ("/api/", "/reconcile/")


def current_version() -> int:
    """The registry's version; read once per request (0 marks "in a request")."""
    version = _request_version.get()
    if version:
        return version
    read = RegistryVersion.read()
    if version == 0:
        _request_version.set(read)
    return read


def bump_version() -> None:
    """Record that the registry changed: every cached page and figure is stale."""
    RegistryVersion.bump()
    if _request_version.get() is not None:
        _request_version.set(0)


def bump_version_on_write(**_signal) -> None:
    """Bump inside the writer's transaction: the new number commits with the write.

    A reader that raced the write stored what it read under the old number,
    which nobody reads again.
    """
    bump_version()


# Writes to these do not change what the public sees (applications are
# private until an officer approves one, which writes organizations).
NOT_PUBLIC = {
    "application",
    "applicationattempt",
    "applicationmessage",
    "registryversion",
}


def connect_invalidation(app_config) -> None:
    """Every save, delete or relation change of a public model bumps the version.

    A signal here is not business logic: it is the one place that sees writes
    from the admin, the API, services, shells and `loaddata` alike. Bulk
    writes (`bulk_create`, `update`) call `bump_version` themselves.
    """
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from simple_history.models import HistoricalChanges

    for model in app_config.get_models():
        if (
            model._meta.model_name in NOT_PUBLIC
            or model._meta.proxy
            or issubclass(model, HistoricalChanges)  # history is back office only
        ):
            continue
        uid = f"registry-version-{model._meta.label_lower}"
        post_save.connect(bump_version_on_write, sender=model, dispatch_uid=uid)
        post_delete.connect(bump_version_on_write, sender=model, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                bump_version_on_write,
                sender=field.remote_field.through,
                dispatch_uid=f"{uid}-{field.name}",
            )


def _get(key: str):
    return cache.get(key)


def _set(key: str, value, seconds: int) -> None:
    cache.set(key, value, timeout=seconds)


class _Figures:
    """This process's own copy of the figures of one registry version.

    A figure read here costs a dictionary lookup instead of a cache round trip
    and unpickling. It is exact: the version is read from the database on
    every request, and a new version empties the copy. Values are shared by
    the requests of one version, so nobody may change a figure in place.
    """

    MOST = 2000  # distinct figures (mostly list counts) kept per version

    def __init__(self):
        self.version = None
        self.values = {}

    def get(self, version: int, key: str):
        if version != self.version:
            return None
        return self.values.get(key)

    def put(self, version: int, key: str, value) -> None:
        if version != self.version or len(self.values) >= self.MOST:
            # Replaced, never emptied in place: a thread reading the old
            # dictionary keeps a consistent one.
            self.version, self.values = version, {}
        self.values[key] = value


_figures = _Figures()


def forget_figures() -> None:
    """Drop this process's copy of the figures, as `cache.clear()` drops the
    shared one (tests, whose databases start afresh at the same version)."""
    global _figures
    _figures = _Figures()


def cached_figure(name: str, compute, *, seconds: int = 3600, translated=True):
    """`compute()`, remembered until the registry changes (or an embargo ends).

    For counts and figures that would otherwise scan a table on every request.
    The shared cache holds them for every process; each process also keeps
    the current version's figures at hand (`_Figures`). A figure is kept per
    language unless `translated` is False (plain numbers).
    """
    version = current_version()
    language = get_language() if translated else "-"
    key = f"registry:figure:{version}:{language}:{name}"
    value = _figures.get(version, key)
    if value is None:
        value = _get(key)
        if value is None:
            value = compute()
            _set(key, value, seconds)
        _figures.put(version, key, value)
    return value


def _public_path(path: str) -> str:
    """The path without its language prefix: /zh-hans/apply/ is /apply/."""
    language = get_language_from_path(path)
    return path[len(language) + 1 :] if language else path


def _may_be_cached(request) -> bool:
    """What the request alone tells, before sessions, login or the view.

    A request with a session cookie may come from a signed-in officer, and
    one with an Authorization header from an API client with a token: both
    go the whole way, uncached.
    """
    return (
        request.method == "GET"
        # The path within the site: a script prefix (/registry/) is not part
        # of the paths named here.
        and not _public_path(request.path_info).startswith(NEVER_CACHED)
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
    from registry.api.throttles import AnonReadThrottle

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
    from .net import client_address
    from .ratelimit import rate_limit_key

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


def remember_main_program(program) -> None:
    """The page at hand has the main program already: the navigation needs no query."""
    version = current_version()
    cache.set(f"registry:figure:{version}:{get_language()}:main-program", program, 3600)


def main_program():
    """The main program, as cached for this registry version (None if missing)."""
    from .models import Program

    return (
        cached_figure("main-program", lambda: Program.objects.main() or False) or None
    )
