"""The applicant's private status page."""

import pytest
from django.utils import translation

from registry.applications import services
from registry.models import (
    Application,
)
from tests.factories import (
    ApplicationFactory,
)

pytestmark = pytest.mark.django_db


# The status page ----------------------------------------------------------------


def test_wrong_token_gives_404(client, program):
    ApplicationFactory(program=program)
    assert client.get("/apply/status/not-the-token/").status_code == 404
    assert client.get(f"/apply/status/{'x' * 5000}/").status_code == 404


def test_status_page_shows_plain_words_and_officer_messages_but_no_notes(
    client, program, officer
):
    application = ApplicationFactory(
        program=program,
        contact_name="Example Contact Person",
        contact_email="private@example.com",
        contact_phone="13900000000",
        internal_notes="Internal: check the licence.",
    )
    services.send_message_to_applicant(
        application, body="Please send your licence.", sent_by=officer
    )
    html = client.get(application.get_status_url()).content.decode()
    assert "We received your application" in html
    assert "Please send your licence." in html
    # The applicant sees their own contact data (tests/security), never the
    # officers' notes.
    assert "Internal: check the licence." not in html


def test_status_in_chinese_reads_as_chinese(client, program):
    application = ApplicationFactory(program=program)
    application.created_at = application.created_at.replace(2026, 12, 8, 10)
    application.save(update_fields=["created_at"])
    url = application.get_status_url()
    # A Chinese page leaves Chinese active in this thread: put English back.
    with translation.override("en"):
        chinese = client.get("/zh-hans" + url).content.decode()
        english = client.get(url).content.decode()
    assert "<strong>已提交</strong>：我们已于2026年12月8日收到您的申请。" in chinese
    assert "<strong>Submitted</strong>: We received your application on" in english


def test_status_page_is_not_for_search_engines(client, program):
    application = ApplicationFactory(program=program)
    response = client.get(application.get_status_url())
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert (
        "no-cache" in response["Cache-Control"]
        or "max-age=0" in response["Cache-Control"]
    )


def test_applicant_can_withdraw_from_the_status_page(client, program):
    application = ApplicationFactory(program=program)
    response = client.post(application.get_status_url(), {"action": "withdraw"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN
    assert application.decided_at is not None
    html = client.get(application.get_status_url()).content.decode()
    assert "You withdrew this application" in html
    assert "Withdraw my application" not in html


def test_decided_application_cannot_be_withdrawn(client, program, officer):
    application = ApplicationFactory(program=program)
    services.accept_application(application, decided_by=officer)
    client.post(application.get_status_url(), {"action": "withdraw"})
    application.refresh_from_db()
    assert application.status == Application.Status.ACCEPTED
