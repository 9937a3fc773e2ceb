"""Finding 13: runserver's access line printed the status token in full.

Under `make run` each request is logged by `django.server`, through a handler of
Django's default logging that the token mask did not cover.
"""

import io
import logging

import pytest
from django.core.servers.basehttp import WSGIRequestHandler

TOKEN = "Zq3-secret-status-token_abcdefghijklmnopqrstu"


@pytest.fixture
def server_output():
    """What the `django.server` logger's handlers print, as runserver runs them."""
    logger = logging.getLogger("django.server")
    handlers = [h for h in logger.handlers if type(h) is logging.StreamHandler]
    assert handlers, "django.server has no handler: runserver would print nothing"
    stream = io.StringIO()
    previous = [handler.setStream(stream) for handler in handlers]
    try:
        yield stream
    finally:
        for handler, old in zip(handlers, previous, strict=True):
            handler.setStream(old)


def access_line(path: str, code: int) -> None:
    """The access line runserver writes for one request."""
    handler = WSGIRequestHandler.__new__(WSGIRequestHandler)
    handler.request = None
    handler.requestline = f"GET {path} HTTP/1.1"
    handler.log_request(code, 1234)


@pytest.mark.parametrize("code", [200, 302, 404])
@pytest.mark.parametrize(
    "path",
    [f"/apply/status/{TOKEN}/", f"/zh-hans/apply/status/{TOKEN}/?lang=en"],
)
def test_runservers_access_line_masks_the_status_token(server_output, path, code):
    access_line(path, code)
    output = server_output.getvalue()
    assert "/apply/status/[token]/" in output
    assert TOKEN not in output
