"""A friendly page when the database is down, instead of a server error.

Django turns an exception anywhere in a request into the 500 handler; this
handler answers 503 with a static bilingual page when the cause is a lost
database, so nothing on the page needs the database (no context processors,
no queries), and `Retry-After` tells clients to come back.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views.defaults import server_error as default_server_error

RETRY_AFTER_SECONDS = 30


def database_unavailable() -> bool:
    _, error, _ = sys.exc_info()
    while error is not None:
        if isinstance(error, OperationalError | InterfaceError):
            return True
        error = error.__cause__ or error.__context__
    return False


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 handler: 503 and the outage page when the database is unreachable."""
    if not database_unavailable():
        return default_server_error(request)
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
