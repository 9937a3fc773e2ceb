"""Structured logs: a JSON line per request and per business event."""

import json

import pytest

from registry.logs import log_event
from tests.factories import member
from tests.logcapture import console_output


@pytest.fixture
def log_lines():
    """The registry's and Django's log records, as parsed JSON lines."""
    with console_output() as stream:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]


@pytest.mark.django_db
def test_each_request_is_one_json_line_with_status_duration_and_queries(
    client, log_lines
):
    member(name_en="Logged Firm")
    client.get("/members/")
    client.get("/no-such-page/")
    requests = [line for line in log_lines() if line["logger"] == "registry.requests"]
    assert [(line["method"], line["path"], line["status"]) for line in requests] == [
        ("GET", "/members/", 200),
        ("GET", "/no-such-page/", 404),
    ]
    assert requests[0]["queries"] > 0
    assert requests[0]["duration_ms"] >= 0
    assert {"time", "level"} <= requests[0].keys()


def test_business_event_is_a_json_line_with_its_fields(log_lines):
    log_event("application.accepted", reference="GOI-2026-000042")
    (line,) = log_lines()
    assert line["logger"] == "registry.events"
    assert line["event"] == "application.accepted"
    assert line["reference"] == "GOI-2026-000042"


def test_business_event_refuses_personal_data():
    with pytest.raises(ValueError, match="contact_email"):
        log_event("application.submitted", contact_email="someone@example.cn")


@pytest.mark.django_db
def test_decisions_and_dumps_are_logged_without_personal_data(
    log_lines, officer, tmp_path
):
    from registry.applications import services
    from registry.opendata import dumps as opendata
    from tests.factories import ApplicationFactory

    accepted = ApplicationFactory(contact_email="person@example.cn")
    rejected = ApplicationFactory(contact_name="Zhang San")
    services.accept_application(accepted, decided_by=officer)
    services.reject_application(rejected, decided_by=officer, reason="Not eligible.")
    dump = opendata.export_dump(directory=tmp_path)

    events = [line for line in log_lines() if line["logger"] == "registry.events"]
    assert [(line["event"], line.get("reference")) for line in events] == [
        ("application.accepted", accepted.reference),
        ("application.rejected", rejected.reference),
        ("open_data.dump_written", None),
    ]
    assert events[2]["version"] == dump.version
    output = json.dumps(log_lines())
    assert "person@example.cn" not in output and "Zhang San" not in output


@pytest.mark.django_db
def test_each_confirmed_import_is_one_event_with_counts_and_checksum(
    log_lines, tmp_path, django_capture_on_commit_callbacks
):
    import hashlib

    from django.core.management import call_command

    source = tmp_path / "zhang-san-contacts.csv"
    source.write_text("slug,kind,name_en\nlogged-firm,enterprise,Logged Firm\n")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_records", "organizations", str(source), "--dry-run")
        call_command("import_records", "organizations", str(source))

    events = [line for line in log_lines() if line["logger"] == "registry.events"]
    # The preview wrote nothing, so it is no event; the import is one.
    assert [line["event"] for line in events] == ["import.run"]
    (event,) = events
    assert event["resource"] == "organizations"
    assert event["status"] == "imported"
    assert event["counts"] == {"new": 1, "changed": 0, "unchanged": 0, "errors": 0}
    assert event["sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()
    assert "zhang-san" not in json.dumps(log_lines())
