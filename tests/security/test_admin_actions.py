"""Item 1: a staff user who may only view applications cannot decide them."""

import pytest
from django.urls import reverse

from registry.models import Application
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:registry_application_changelist")


@pytest.mark.parametrize("action", ["accept_selected", "start_review_selected"])
def test_view_only_staff_cannot_run_a_bulk_action(client, viewer, action):
    application = ApplicationFactory()
    client.force_login(viewer)

    response = client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [application.pk]},
    )

    assert response.status_code in (200, 302, 403)
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.organization is None


def test_view_only_staff_are_not_offered_the_actions(client, viewer):
    ApplicationFactory()
    client.force_login(viewer)

    html = client.get(CHANGELIST).text

    assert "accept_selected" not in html
    assert "start_review_selected" not in html


def test_view_only_staff_see_no_accept_or_reject_button(client, viewer):
    application = ApplicationFactory()
    client.force_login(viewer)

    html = client.get(
        reverse("admin:registry_application_change", args=[application.pk])
    ).text

    assert (
        reverse("admin:registry_application_accept", args=[application.pk]) not in html
    )
    assert (
        reverse("admin:registry_application_reject", args=[application.pk]) not in html
    )


@pytest.mark.parametrize("view", ["accept", "reject"])
def test_view_only_staff_cannot_decide_through_the_buttons_urls(client, viewer, view):
    application = ApplicationFactory()
    client.force_login(viewer)

    response = client.post(
        reverse(f"admin:registry_application_{view}", args=[application.pk]),
        {"reason": "Not eligible."},
    )

    assert response.status_code == 403
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


def test_a_reviewer_can_accept_through_the_bulk_action(client, reviewer):
    application = ApplicationFactory()
    client.force_login(reviewer)

    client.post(
        CHANGELIST,
        {"action": "accept_selected", "_selected_action": [application.pk]},
    )

    application.refresh_from_db()
    assert application.status == Application.Status.ACCEPTED
