"""The officers' review in the admin."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from registry.models import (
    Application,
    Organization,
)
from tests.factories import (
    ApplicationFactory,
)

pytestmark = pytest.mark.django_db


# The admin ------------------------------------------------------------------------


def test_admin_changelist_filters_by_status_sector_and_date(
    officer_client, program, sector, django_assert_max_num_queries
):
    ApplicationFactory(
        program=program, name_en="Example Firm In Sector", sectors=[sector]
    )
    ApplicationFactory(
        program=program,
        name_en="Example Firm Withdrawn",
        status=Application.Status.WITHDRAWN,
        decided_at=timezone.now(),
    )
    url = reverse("admin:registry_application_changelist")
    by_status = officer_client.get(url, {"status__exact": "withdrawn"}).content.decode()
    assert "Example Firm Withdrawn" in by_status
    assert "Example Firm In Sector" not in by_status
    by_sector = officer_client.get(
        url, {"sectors__id__exact": sector.pk}
    ).content.decode()
    assert "Example Firm In Sector" in by_sector
    assert "Example Firm Withdrawn" not in by_sector
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    by_date = officer_client.get(
        url,
        {
            "created_at__gte": midnight.isoformat(),
            "created_at__lt": (midnight + datetime.timedelta(days=1)).isoformat(),
        },
    )
    assert "Example Firm In Sector" in by_date.content.decode()


@pytest.mark.parametrize("rows", [3, 30])
def test_admin_changelist_query_count_is_constant(
    officer_client, program, rows, django_assert_max_num_queries
):
    ApplicationFactory.create_batch(rows, program=program)
    with django_assert_max_num_queries(16):
        response = officer_client.get(reverse("admin:registry_application_changelist"))
    assert response.status_code == 200


def test_admin_change_page_shows_contact_details_and_decision_buttons(
    officer_client, program
):
    application = ApplicationFactory(program=program, contact_email="x@example.com")
    url = reverse("admin:registry_application_change", args=[application.pk])
    html = officer_client.get(url).content.decode()
    assert "x@example.com" in html
    assert "Accept" in html
    assert reverse("admin:registry_application_reject", args=[application.pk]) in html
    assert (
        officer_client.get(reverse("admin:registry_application_add")).status_code == 403
    )


def test_accept_button_accepts_and_records_the_officer(
    officer_client, officer, program, mailoutbox
):
    application = ApplicationFactory(program=program)
    response = officer_client.post(
        reverse("admin:registry_application_accept", args=[application.pk])
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.ACCEPTED
    assert application.decided_by == officer
    assert application.organization in Organization.objects.current_members()
    assert len(mailoutbox) == 1
    assert (
        officer_client.get(
            reverse("admin:registry_application_accept", args=[application.pk])
        ).status_code
        == 405
    )


def test_accept_action_accepts_the_selected_applications(officer_client, program):
    applications = ApplicationFactory.create_batch(2, program=program)
    officer_client.post(
        reverse("admin:registry_application_changelist"),
        {
            "action": "accept_selected",
            "_selected_action": [a.pk for a in applications],
        },
    )
    assert Application.objects.filter(status="accepted").count() == 2
    assert Organization.objects.current_members().count() == 2


def test_in_review_action_moves_submitted_applications_on(
    officer_client, program, client
):
    application = ApplicationFactory(program=program)
    officer_client.post(
        reverse("admin:registry_application_changelist"),
        {"action": "start_review_selected", "_selected_action": [application.pk]},
    )
    application.refresh_from_db()
    assert application.status == Application.Status.IN_REVIEW
    html = client.get(application.get_status_url()).content.decode()
    assert "An officer is reviewing your application" in html


def test_reject_page_requires_a_reason_and_records_the_officer(
    officer_client, officer, program, mailoutbox
):
    application = ApplicationFactory(program=program)
    url = reverse("admin:registry_application_reject", args=[application.pk])
    assert officer_client.get(url).status_code == 200
    response = officer_client.post(url, {"reason": ""})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED

    officer_client.post(url, {"reason": "Not located in Pudong."})
    application.refresh_from_db()
    assert application.status == Application.Status.REJECTED
    assert application.decided_by == officer
    assert application.messages.get().body == "Not located in Pudong."
    assert len(mailoutbox) == 1


def test_officer_message_from_the_admin_reaches_the_applicant(
    officer_client, program, mailoutbox
):
    application = ApplicationFactory(program=program, internal_notes="")
    url = reverse("admin:registry_application_change", args=[application.pk])
    data = {
        "name_zh": application.name_zh,
        "name_en": application.name_en,
        "uscc": application.uscc,
        "ownership": application.ownership,
        "district": application.district,
        "address": application.address,
        "website": "",
        "interest": application.interest,
        "contact_name": application.contact_name,
        "contact_email": application.contact_email,
        "contact_phone": application.contact_phone,
        "internal_notes": "Officers only: looks promising.",
        "messages-TOTAL_FORMS": "1",
        "messages-INITIAL_FORMS": "0",
        "messages-MIN_NUM_FORMS": "0",
        "messages-MAX_NUM_FORMS": "1000",
        "messages-0-body": "Please tell us more about your pilot.",
    }
    response = officer_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    application.refresh_from_db()
    assert application.internal_notes == "Officers only: looks promising."
    assert application.messages.get().body == "Please tell us more about your pilot."
    assert "Please tell us more about your pilot." in mailoutbox[0].body
    assert "Officers only" not in mailoutbox[0].body


def test_public_visitors_cannot_reach_the_admin(client, program):
    application = ApplicationFactory(program=program)
    url = reverse("admin:registry_application_change", args=[application.pk])
    assert client.get(url).status_code == 302
