"""Status tokens are passwords to an application: no log line shows one."""

import json
import logging

import pytest

from registry.logs import TokenMaskFilter
from tests.factories import ApplicationFactory
from tests.logcapture import console_output


@pytest.fixture
def console():
    with console_output() as stream:
        yield stream


@pytest.mark.django_db
def test_request_log_masks_the_status_token(client, console):
    application = ApplicationFactory()
    client.get(f"/apply/status/{application.token}/")
    client.get(f"/zh-hans/apply/status/{application.token}/")
    output = console.getvalue()
    assert str(application.token) not in output
    paths = [json.loads(line).get("path") for line in output.splitlines()]
    assert "/apply/status/[token]/" in paths
    assert "/zh-hans/apply/status/[token]/" in paths


@pytest.mark.django_db
def test_djangos_not_found_warning_masks_the_token(client, console):
    client.get("/apply/status/not-a-real-token-abc123/")
    output = console.getvalue()
    assert "not-a-real-token-abc123" not in output
    warnings = [
        json.loads(line)
        for line in output.splitlines()
        if json.loads(line)["logger"] == "django.request"
    ]
    assert warnings and "/apply/status/[token]/" in warnings[0]["message"]


def test_access_log_arguments_are_masked():
    # gunicorn hands its access line's fields as a dict of arguments.
    line = {"r": "GET /apply/status/s3cret/ HTTP/1.1", "s": "200"}
    record = logging.LogRecord(
        "gunicorn.access", 20, "", 0, '"%(r)s" %(s)s', (line,), None
    )
    TokenMaskFilter().filter(record)
    assert record.getMessage() == '"GET /apply/status/[token]/ HTTP/1.1" 200'
