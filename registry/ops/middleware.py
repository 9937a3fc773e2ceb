"""Language for the back office; requests no view should see; HEAD without a body;
the security headers on every answer, error pages included."""

from csp.constants import HEADER as CSP_HEADER
from csp.utils import build_policy
from django.conf import settings
from django.core.exceptions import BadRequest
from django.utils import translation


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
