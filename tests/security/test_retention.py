"""PIPL: we keep an applicant's data only as long as the privacy notice says."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from registry.applications import privacy, services
from registry.models import Application
from tests.factories import ApplicationFactory
from tests.security.applicant import status_path

pytestmark = pytest.mark.django_db

CONTACT = {
    "contact_name": "Example Contact Person",
    "contact_email": "private@example.com",
    "contact_phone": "13900000000",
}


def assert_anonymized(application):
    application.refresh_from_db()
    assert application.contact_name == ""
    assert application.contact_email == ""
    assert application.contact_phone == ""
    assert application.address == ""
    assert application.interest == ""
    assert application.internal_notes == ""
    assert application.messages.count() == 0
    assert application.anonymized_at is not None
    assert application.reference  # the number is never reused


def days_ago(days: int):
    return timezone.now() - datetime.timedelta(days=days)


def test_withdrawing_deletes_the_contact_data_at_once(client, program):
    application = ApplicationFactory(program=program, **CONTACT)
    client.post(status_path(application), {"action": "withdraw"})
    assert_anonymized(application)
    assert application.status == Application.Status.WITHDRAWN


def test_accepted_and_undecided_applications_expire_too(program, officer, settings):
    settings.REGISTRY_APPLICATION_RETENTION_DAYS = 30
    accepted = ApplicationFactory(program=program, **CONTACT)
    services.accept_application(accepted, decided_by=officer)
    Application.objects.filter(pk=accepted.pk).update(decided_at=days_ago(31))
    undecided = ApplicationFactory(program=program, status="in_review")
    Application.objects.filter(pk=undecided.pk).update(created_at=days_ago(31))
    recent = ApplicationFactory(program=program)

    call_command("purge_applications", verbosity=0)

    assert_anonymized(accepted)
    assert accepted.status == Application.Status.ACCEPTED
    assert_anonymized(undecided)
    # Left undecided, it expires: a new application for the code is possible.
    assert not undecided.is_open
    recent.refresh_from_db()
    assert recent.contact_email and recent.anonymized_at is None


def test_after_the_purge_the_link_and_submission_id_are_gone(client, program):
    application = ApplicationFactory(
        program=program, status="rejected", decided_at=days_ago(400)
    )
    url = status_path(application)
    assert client.get(url).status_code == 200
    privacy.purge_applications()
    application.refresh_from_db()
    assert application.token is None
    assert application.submission_id is None
    response = client.get(url)
    assert response.status_code == 404
    assert "Example Contact" not in response.content.decode()


def test_status_page_shows_the_applicant_the_data_we_hold(client, program, sector):
    application = ApplicationFactory(
        program=program,
        sectors=[sector],
        address="Example Road 9, Pudong",
        interest="Pilot partners wanted.",
        internal_notes="Officers only.",
        **CONTACT,
    )
    html = client.get(status_path(application)).content.decode()
    for held in [*CONTACT.values(), "Example Road 9, Pudong", "Pilot partners wanted."]:
        assert held in html
    assert application.uscc in html
    assert "Healthcare" in html
    zh = client.get("/zh-hans" + status_path(application)).content.decode()
    assert "我们保存的信息" in zh


def test_erasure_needs_a_confirmation_then_deletes_at_once(client, program):
    application = ApplicationFactory(program=program, **CONTACT)
    url = status_path(application)
    assert "Delete my data" in client.get(url).content.decode()

    unconfirmed = client.post(url, {"action": "erase"})
    assert unconfirmed.status_code == 400
    assert "confirm" in unconfirmed.content.decode()
    application.refresh_from_db()
    assert application.contact_email == "private@example.com"

    done = client.post(url, {"action": "erase", "confirm": "on"})
    assert done.status_code == 200
    assert "deleted" in done.content.decode()
    assert_anonymized(application)
    assert application.token is None
    assert not application.is_open  # nobody can review it without a contact
    assert client.get(url).status_code == 404


def test_erasing_an_accepted_application_keeps_the_member(client, program, officer):
    application = ApplicationFactory(program=program, **CONTACT)
    services.accept_application(application, decided_by=officer)
    client.post(status_path(application), {"action": "erase", "confirm": "on"})
    assert_anonymized(application)
    assert application.status == Application.Status.ACCEPTED
    assert application.organization.memberships.filter(status="active").exists()


def notice_retention_days(client) -> int:
    html = client.get("/apply/").content.decode()
    notice = html[html.index('id="privacy-notice"') :]
    how_long = notice[notice.index("How long") :]
    return int(re.search(r"(\d+) days", how_long).group(1))


@pytest.mark.parametrize("days", [30, 400])
def test_the_notice_states_the_retention_the_purge_applies(
    client, program, officer, settings, days
):
    settings.REGISTRY_APPLICATION_RETENTION_DAYS = days
    stated = notice_retention_days(client)
    assert stated == days
    due, kept = [], []
    for status in ("submitted", "accepted", "rejected"):
        for age, bucket in ((stated + 1, due), (stated - 1, kept)):
            application = ApplicationFactory(program=program)
            if status == "accepted":
                services.accept_application(application, decided_by=officer)
            elif status == "rejected":
                services.reject_application(
                    application, decided_by=officer, reason="No."
                )
            Application.objects.filter(pk=application.pk).update(
                created_at=days_ago(age),
                decided_at=None if status == "submitted" else days_ago(age),
            )
            bucket.append(application)
    privacy.purge_applications()
    for application in due:
        assert_anonymized(application)
    for application in kept:
        application.refresh_from_db()
        assert application.anonymized_at is None


def test_the_notice_says_what_the_code_does_in_both_languages(client, program):
    notice = client.get("/apply/").content.decode()
    assert "as soon as you withdraw" in notice
    assert "accepted" in notice and "undecided" in notice
    chinese = client.get("/zh-hans/apply/").content.decode()
    assert "撤回" in chinese and "立即" in chinese
