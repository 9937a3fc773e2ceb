"""The status link is the only key to an application; strangers learn nothing.

The submission id sent with the form only turns a double click into one
record, for the browser session that sent it and for an hour. Duplicate
detection does not tell a stranger another firm's reference.
"""

import datetime
import uuid

import pytest
from django.test import Client
from django.utils import timezone

from registry.applications import services
from registry.models import Application
from tests.factories import ApplicationFactory, valid_uscc

pytestmark = pytest.mark.django_db


def test_double_click_in_the_same_session_still_makes_one_record(
    client, form_data, mailoutbox
):
    client.get("/apply/")
    first = client.post("/apply/", form_data)
    second = client.post("/apply/", form_data)
    assert second.status_code == 302
    assert second.url == first.url
    assert Application.objects.count() == 1
    assert len(mailoutbox) == 1


def test_a_known_submission_id_does_not_open_the_status_page_to_a_stranger(
    client, form_data
):
    client.get("/apply/")
    first = client.post("/apply/", form_data)
    stranger = Client()
    stranger.get("/apply/")
    response = stranger.post(
        "/apply/", dict(form_data, uscc=valid_uscc(2), name_en="Other Firm")
    )
    assert response.status_code == 302
    assert response.url != first.url
    assert Application.objects.count() == 2
    # A stranger who reuses the code too learns nothing of the first record.
    again = Client().post("/apply/", form_data)
    assert first.url not in again.content.decode() and "Location" not in again


def test_the_submission_id_counts_for_an_hour_only(client, form_data):
    client.get("/apply/")
    first = client.post("/apply/", form_data)
    Application.objects.update(created_at=timezone.now() - datetime.timedelta(hours=2))
    later = client.post("/apply/", form_data)
    assert later.get("Location") != first.url
    assert Application.objects.count() == 1


def test_the_service_honours_a_submission_id_only_with_its_session(program, form_data):
    data = {name: form_data[name] for name in ("name_en", "uscc", "ownership")}
    data.update(contact_name="A", contact_email="a@example.com", interest="z")
    data["contact_phone"] = "13812345678"
    submission_id = uuid.uuid4()

    def send(session_key):
        return services.submit_application(
            program=program,
            data=data,
            language="en",
            submission_id=submission_id,
            session_key=session_key,
        )

    first = send("session-a")
    assert send("session-a") == first
    with pytest.raises(services.DuplicateApplication):
        send("session-b")


def test_duplicate_code_names_no_reference(client, form_data, program):
    earlier = ApplicationFactory(program=program, uscc=form_data["uscc"])
    html = client.post("/apply/", form_data).content.decode()
    assert earlier.reference not in html
    assert earlier.token not in html
    assert "An application for this code is already being reviewed" in html
    assert "Its contact person has the link" in html
    zh = client.post("/zh-hans/apply/", form_data).content.decode()
    assert earlier.reference not in zh
    assert "该代码的申请正在审核中" in zh
