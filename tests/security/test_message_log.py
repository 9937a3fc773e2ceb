"""Finding 2: a message's text outlived the erasure of its application in the admin log.

A reviewer's message held a name and a phone; the model's text (its `__str__`)
held the message's start, and the admin copied it into its log, where officers,
who may not see applications, searched it out after the applicant had erased it.
"""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from registry.applications import privacy
from registry.models import Application, ApplicationAttempt, ApplicationMessage
from tests.factories import ApplicationFactory
from tests.security.applicant import status_path

pytestmark = pytest.mark.django_db

PHONE = "13987654321"
BODY = f"Please call Zhang Wei on {PHONE} about the pilot."
LOG = reverse("admin:admin_logentry_changelist")


def change_form_data(client, application, **changes):
    """What a reviewer sends when saving the application's change form."""
    url = reverse("admin:registry_application_change", args=[application.pk])
    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if name in form.fields and value not in (None, [])
    }
    data["sectors"] = [getattr(s, "pk", s) for s in form.initial.get("sectors", [])]
    data.update(
        {
            "messages-TOTAL_FORMS": "1",
            "messages-INITIAL_FORMS": "0",
            "messages-0-body": BODY,
            "messages-0-application": application.pk,
            **changes,
        }
    )
    return url, data


def write_message(client, reviewer, application):
    client.force_login(reviewer)
    url, data = change_form_data(client, application)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert application.messages.get().body == BODY
    client.logout()


def test_no_model_text_holds_personal_data(program):
    application = ApplicationFactory(
        program=program, contact_name="Zhang Wei", contact_phone=PHONE
    )
    message = ApplicationMessage.objects.create(application=application, body=BODY)
    attempt = ApplicationAttempt.objects.create(address_hash="ab" * 32)
    for text in (str(application), str(message), str(attempt)):
        assert PHONE not in text
        assert "Zhang" not in text
        assert "please" not in text.lower()
    assert "abab" not in str(attempt)
    assert application.reference in str(message)


def test_the_admin_log_keeps_no_message_text(client, reviewer, program):
    application = ApplicationFactory(program=program)
    write_message(client, reviewer, application)
    entries = LogEntry.objects.all()
    assert entries.exists()
    for entry in entries:
        assert PHONE not in entry.object_repr + entry.change_message


def scrubbed_log(application):
    """The log as the applicant's erasure should leave it: no message text."""
    for entry in LogEntry.objects.all():
        assert PHONE not in entry.object_repr, entry.object_repr
        assert PHONE not in entry.change_message, entry.change_message
        assert "Zhang" not in entry.object_repr + entry.change_message


def plant_old_entry(application, reviewer):
    """A log row written before the fix, with the message's first 40 characters."""
    from django.contrib.contenttypes.models import ContentType

    LogEntry.objects.create(
        user=reviewer,
        content_type=ContentType.objects.get_for_model(Application),
        object_id=str(application.pk),
        object_repr=f"{application.reference}: {BODY[:40]}",
        action_flag=2,
        change_message=(
            '[{"added": {"name": "message to the applicant", '
            f'"object": "{application.reference}: {BODY[:40]}"'
            "}}]"
        ),
    )


def test_erasure_scrubs_the_admin_log(client, reviewer, program):
    application = ApplicationFactory(program=program)
    write_message(client, reviewer, application)
    plant_old_entry(application, reviewer)
    response = client.post(
        status_path(application), {"action": "erase", "confirm": "on"}
    )
    assert response.status_code == 200
    scrubbed_log(application)
    # Who did what, and when, stays.
    assert LogEntry.objects.filter(object_id=str(application.pk)).count() == 2


def test_the_retention_purge_scrubs_the_admin_log(reviewer, program):
    import datetime

    from django.utils import timezone

    application = ApplicationFactory(
        program=program,
        status="rejected",
        decided_at=timezone.now() - datetime.timedelta(days=400),
    )
    plant_old_entry(application, reviewer)
    privacy.purge_applications()
    scrubbed_log(application)


def test_officers_read_no_application_log_entries(
    client, reviewer, program_officer, program
):
    application = ApplicationFactory(program=program)
    write_message(client, reviewer, application)
    plant_old_entry(application, reviewer)
    client.force_login(program_officer)

    listing = client.get(LOG, {"q": PHONE})
    assert listing.status_code == 200
    assert "Zhang Wei" not in listing.text
    assert listing.context["cl"].result_count == 0
    assert client.get(LOG, {"q": application.reference}).context["cl"].result_count == 0
    entry = LogEntry.objects.filter(object_id=str(application.pk)).first()
    detail = client.get(reverse("admin:admin_logentry_change", args=[entry.pk]))
    assert detail.status_code in (302, 404)
    assert "Zhang Wei" not in detail.text


def test_auditors_still_read_application_log_entries(
    client, reviewer, auditor, program
):
    application = ApplicationFactory(program=program)
    write_message(client, reviewer, application)
    client.force_login(auditor)
    listing = client.get(LOG, {"q": application.reference})
    assert listing.context["cl"].result_count >= 1
