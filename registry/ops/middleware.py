"""Language for the back office; Chinese readers' first visit to an English page;
requests no view should see; HEAD without a body; the security headers on every
answer, error pages included."""

import re
from urllib.parse import urlsplit

from csp.constants import HEADER as CSP_HEADER
from csp.utils import build_policy
from django.conf import settings
from django.core.exceptions import BadRequest, DisallowedHost
from django.http import HttpResponseRedirect
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.encoding import escape_uri_path
from django.utils.translation import get_language_from_path
from django.utils.translation.trans_real import parse_accept_lang_header


class BackOfficeLanguageMiddleware:
    """Let the admin follow the officer's chosen or browser language.

    Public pages take their language from the URL (Chinese under /zh-hans/), so
    LocaleMiddleware treats every unprefixed path as English. The admin has no
    prefix; there the language cookie, then the browser's Accept-Language, decide.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/admin/"):
            translation.activate(
                translation.get_language_from_request(request, check_path=False)
            )
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


# The Chinese pages' language, as its prefix names it (/zh-hans/).
CHINESE = "zh-hans"
# Public pages a reader's language does not choose: feeds and open-data files
# are read by programs, and their URLs are kept in readers' subscriptions; an
# applicant's status link was emailed in the language they applied in.
NOT_REDIRECTED = frozenset(
    {
        "feed_members",
        "feed_recognitions",
        "open_data",
        "open_data_file",
        "application_status",
    }
)
# Search engines index each language at its own URL; they are never sent on.
# Googlebot, Bingbot, YandexBot, DuckDuckBot, Applebot and the rest name
# themselves "bot", Baiduspider, Sogou's and 360Spider "spider".
CRAWLER = re.compile(r"bot|spider|crawl|slurp|baidu|sogou|yandex|mediapartners", re.I)
# Traditional Chinese: the site has none; Simplified is the nearer reading.
TRADITIONAL = ("zh-tw", "zh-hk", "zh-mo", "zh-hant")


def _reads_simplified_first(accept_language: str) -> bool:
    """Whether the reader's browser asks for Simplified Chinese before English.

    The languages are read in the reader's order of preference; the first the
    site has decides: English (en, en-GB, ...) or Simplified Chinese (zh,
    zh-CN, zh-Hans, zh-SG, zh-MY). A Traditional tag (zh-TW, zh-HK, zh-MO,
    zh-Hant) is not the site's language: the reader's list is read on, and if
    it names no English at all, Simplified is closer to them than English is.
    Other languages are passed over.
    """
    traditional = False
    for code, _quality in parse_accept_lang_header(accept_language.lower()):
        if code == "en" or code.startswith("en-"):
            return False
        if code.startswith(TRADITIONAL):
            traditional = True
        elif code == "zh" or code.startswith("zh-"):
            return True
    return traditional


def _asks_for_html(request) -> bool:
    """A browser visiting a page names text/html; API clients, feed readers
    and tools that accept anything (*/*) are answered as they asked."""
    return any(
        media.main_type == "text" and media.sub_type == "html"
        for media in request.accepted_types
    )


def _language_choosing_page(request) -> bool:
    """An English public page whose Chinese twin is under /zh-hans/.

    Read from the URLconf alone (no database): the unprefixed page must be one
    of the registry's public pages (the `registry` namespace, within
    i18n_patterns); the API, reconciliation, admin, sitemap, robots.txt, the
    health checks and the language switch are outside it, and static files
    were answered before this middleware.
    """
    if request.method not in ("GET", "HEAD"):
        return False
    if get_language_from_path(request.path_info):
        return False
    try:
        with translation.override(settings.LANGUAGE_CODE):
            match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.namespace == "registry" and match.url_name not in NOT_REDIRECTED


def _from_this_site(request) -> str | None:
    """The path of the page of this site the visitor came from, if any."""
    referer = request.META.get("HTTP_REFERER", "")
    if not referer:
        return None
    parts = urlsplit(referer)
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    if parts.netloc.lower() != host.lower():
        return None
    return parts.path or "/"


def _chinese_location(request) -> str:
    """The same page under /zh-hans/, with the script prefix and query kept."""
    script = request.path[: len(request.path) - len(request.path_info)]
    location = escape_uri_path(f"{script.rstrip('/')}/{CHINESE}{request.path_info}")
    query = request.META.get("QUERY_STRING", "")
    return f"{location}?{query}" if query else location


class ChineseReadersMiddleware:
    """A Chinese reader's first visit to an English page goes to the Chinese page.

    Public pages take their language from the URL, so a reader whose browser
    asks for Chinese and who follows a link to an English page is sent once
    (302) to the same page under /zh-hans/. Not sent on: a visitor with a
    language cookie (the language switch, /i18n/setlang/, sets it: `en` keeps
    English), a visitor who came from another page of this site (the header's
    language link from a Chinese page: they get the cookie `en`, so English
    stays), crawlers, clients that do not ask for HTML, and every path that is
    not a public page (see _language_choosing_page).

    It stands before the page cache, so it decides on every request, cached
    or not, from the headers and the URLconf alone. The cache only ever holds
    the English page, which is the same for every reader who gets it, and
    never a redirect. The answers it could have changed say so in Vary, and a
    redirect is private, for proxies.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _language_choosing_page(request):
            return self.get_response(request)
        if settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
            response = self.get_response(request)
        elif (
            CRAWLER.search(request.META.get("HTTP_USER_AGENT", ""))
            or not _asks_for_html(request)
            or not _reads_simplified_first(request.META.get("HTTP_ACCEPT_LANGUAGE", ""))
        ):
            response = self.get_response(request)
        elif (came_from := _from_this_site(request)) is not None:
            response = self.get_response(request)
            if get_language_from_path(came_from) == CHINESE:
                # Back from a Chinese page to English: the reader chose it.
                self._keep_english(response)
        else:
            response = HttpResponseRedirect(_chinese_location(request))
            patch_cache_control(response, private=True)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response

    @staticmethod
    def _keep_english(response) -> None:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            settings.LANGUAGE_CODE,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
        patch_cache_control(response, private=True)


class RejectNulMiddleware:
    """A NUL byte in the path is a 400 before any view runs.

    Path segments such as a status token or an API lookup go straight into a
    query, and PostgreSQL refuses text with NUL in it: without this check the
    answer would be a 500. Forms already refuse NUL in submitted values.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            raise BadRequest("NUL byte in the path")
        return self.get_response(request)


class HeadWithoutBodyMiddleware:
    """A HEAD request gets the headers of a streamed answer and nothing is read.

    A WSGI server reads a body to its end even for HEAD and only leaves the
    bytes unsent, so a HEAD on a streamed download (a whole list as CSV) would
    read every record. The body's iterator is closed before it starts, which
    ends a streamed read before its first query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "HEAD" and response.streaming:
            response.streaming_content = []
        return response


class SecurityHeadersMiddleware:
    """Every answer carries the Content-Security-Policy and X-Frame-Options.

    django-csp and Django's clickjacking middleware stand late in MIDDLEWARE,
    inside the page cache and the NUL check, so that a view may change them
    and a cached page keeps what they gave it. An answer made before them (a
    400 for a bad Host or a NUL in the path, any error of an early
    middleware) never passed them. This one stands first: an answer without a
    policy gets the site's default policy and X-Frame-Options DENY. An answer
    that has a policy went through them, and keeps what they decided.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if CSP_HEADER in response or getattr(response, "_csp_exempt", False):
            return response
        policy = build_policy()
        if policy:
            response[CSP_HEADER] = policy
        if "X-Frame-Options" not in response and not getattr(
            response, "xframe_options_exempt", False
        ):
            response["X-Frame-Options"] = getattr(settings, "X_FRAME_OPTIONS", "DENY")
        return response
