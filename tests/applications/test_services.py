"""The services behind the review: accepting, rejecting, personal data, constraints."""

import datetime
import logging

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from registry.applications import privacy, services
from registry.models import (
    Application,
    Membership,
    Organization,
)
from tests.applications.conftest import apply
from tests.factories import (
    ApplicationFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    valid_uscc,
)

pytestmark = pytest.mark.django_db


# Accepting and rejecting ------------------------------------------------------


def test_accepting_makes_the_firm_a_current_member(
    program, officer, sector, mailoutbox
):
    application = ApplicationFactory(program=program, sectors=[sector])
    accepted = services.accept_application(application, decided_by=officer)

    organization = accepted.organization
    assert organization.uscc == application.uscc
    assert organization.name_en == application.name_en
    assert list(organization.sectors.all()) == [sector]
    assert organization in Organization.objects.published().current_members()
    assert organization.memberships.get().program == program
    assert accepted.status == Application.Status.ACCEPTED
    assert accepted.decided_by == officer
    assert accepted.decided_at is not None
    assert len(mailoutbox) == 1
    assert "accepted" in mailoutbox[0].subject
    assert mailoutbox[0].to == [application.contact_email]


def test_accepted_firm_is_listed_on_members_page(client, program, officer):
    application = ApplicationFactory(program=program, name_en="Example Firm 77")
    services.accept_application(application, decided_by=officer)
    from django.urls import NoReverseMatch, Resolver404, resolve

    try:
        resolve("/members/")
    except (Resolver404, NoReverseMatch):
        # /members/ is built in another branch; the queryset it lists is this one.
        names = (
            Organization.objects.published()
            .current_members()
            .values_list("name_en", flat=True)
        )
        assert "Example Firm 77" in names
    else:
        assert "Example Firm 77" in client.get("/members/").content.decode()


def test_accepting_twice_changes_nothing(program, officer, mailoutbox):
    application = ApplicationFactory(program=program)
    services.accept_application(application, decided_by=officer)
    services.accept_application(application, decided_by=UserFactory())
    application.refresh_from_db()
    assert Organization.objects.count() == 1
    assert Membership.objects.count() == 1
    assert application.decided_by == officer
    assert len(mailoutbox) == 1


def test_accepting_links_the_existing_organization_with_the_same_code(program, officer):
    existing = OrganizationFactory(name_en="Example Listed Firm", uscc=valid_uscc(7))
    application = ApplicationFactory(program=program, uscc=existing.uscc)
    services.accept_application(application, decided_by=officer)
    application.refresh_from_db()
    assert application.organization == existing
    assert Organization.objects.count() == 1
    assert existing.memberships.current().get().program == program


def test_accepting_reactivates_a_suspended_membership(program, officer):
    existing = OrganizationFactory(uscc=valid_uscc(8))
    MembershipFactory(
        organization=existing, program=program, status=Membership.Status.SUSPENDED
    )
    application = ApplicationFactory(program=program, uscc=existing.uscc)
    services.accept_application(application, decided_by=officer)
    assert Membership.objects.count() == 1
    assert list(Organization.objects.current_members(program)) == [existing]


def test_accepting_publishes_an_unpublished_organization_with_the_code(
    program, officer
):
    existing = OrganizationFactory(uscc=valid_uscc(9), is_published=False)
    application = ApplicationFactory(program=program, uscc=existing.uscc)
    services.accept_application(application, decided_by=officer)
    assert list(Organization.objects.published().current_members(program)) == [existing]


def test_accept_is_one_transaction(program, officer, monkeypatch):
    application = ApplicationFactory(program=program)

    def fail(*args, **kwargs):
        raise RuntimeError("membership failed")

    monkeypatch.setattr(Membership.objects, "create", fail)
    with pytest.raises(RuntimeError):
        services.accept_application(application, decided_by=officer)
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert Organization.objects.count() == 0


def test_rejecting_requires_a_reason(program, officer):
    application = ApplicationFactory(program=program)
    with pytest.raises(services.ApplicationError):
        services.reject_application(application, decided_by=officer, reason="  ")
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


def test_rejecting_tells_the_applicant_why(client, program, officer, mailoutbox):
    application = ApplicationFactory(program=program, language="zh-hans")
    services.reject_application(
        application, decided_by=officer, reason="该企业不在浦东新区。"
    )
    application.refresh_from_db()
    assert application.status == Application.Status.REJECTED
    assert application.decided_by == officer
    assert application.decided_at is not None
    assert "该企业不在浦东新区。" in mailoutbox[0].body
    assert "未获接受" in mailoutbox[0].subject
    html = client.get(application.get_status_url()).content.decode()
    assert "该企业不在浦东新区。" in html


def test_a_decided_application_cannot_be_decided_again(program, officer):
    application = ApplicationFactory(program=program)
    services.reject_application(application, decided_by=officer, reason="No.")
    with pytest.raises(services.ApplicationError):
        services.accept_application(application, decided_by=officer)
    assert Organization.objects.count() == 0


# Personal data ------------------------------------------------------------------


def test_contact_details_are_not_logged(client, form_data, caplog):
    caplog.set_level(logging.DEBUG)
    apply(client, form_data)
    apply(client, dict(form_data, uscc="bad"))
    assert Application.objects.count() == 1
    assert "applicant@example.com" not in caplog.text
    assert "13812345678" not in caplog.text
    assert "Example Contact" not in caplog.text


def test_application_name_in_admin_history_holds_no_personal_data(program):
    application = ApplicationFactory(program=program, contact_email="p@example.com")
    assert "p@example.com" not in str(application)
    assert application.contact_name not in str(application)


def test_accepted_organization_holds_no_contact_details(program, officer):
    application = ApplicationFactory(
        program=program,
        contact_name="Example Contact",
        contact_email="private@example.com",
        contact_phone="13900000000",
    )
    organization = services.accept_application(
        application, decided_by=officer
    ).organization
    values = " ".join(
        str(v)
        for v in Organization.objects.filter(pk=organization.pk).values().get().values()
    )
    for private in ("Example Contact", "private@example.com", "13900000000"):
        assert private not in values


def test_purge_anonymizes_old_applications_of_every_status(program, officer, settings):
    settings.REGISTRY_APPLICATION_RETENTION_DAYS = 365
    long_ago = timezone.now() - datetime.timedelta(days=400)
    old_rejected = ApplicationFactory(program=program)
    services.reject_application(old_rejected, decided_by=officer, reason="No.")
    old_withdrawn = ApplicationFactory(
        program=program, status="withdrawn", decided_at=long_ago
    )
    recent_rejected = ApplicationFactory(
        program=program, status="rejected", decided_at=timezone.now()
    )
    old_accepted = ApplicationFactory(program=program)
    services.accept_application(old_accepted, decided_by=officer)
    left_open = ApplicationFactory(program=program)
    still_open = ApplicationFactory(program=program)
    Application.objects.filter(pk__in=[old_rejected.pk, old_accepted.pk]).update(
        decided_at=long_ago
    )
    Application.objects.filter(pk=left_open.pk).update(created_at=long_ago)

    call_command("purge_applications")

    for application in (old_rejected, old_withdrawn, old_accepted, left_open):
        application.refresh_from_db()
        assert application.contact_email == ""
        assert application.contact_name == ""
        assert application.contact_phone == ""
        assert application.anonymized_at is not None
        assert application.messages.count() == 0
        assert application.reference  # the number is never reused
    for application in (recent_rejected, still_open):
        application.refresh_from_db()
        assert application.contact_email != ""
        assert application.anonymized_at is None


def test_retention_period_is_a_setting(program, settings):
    settings.REGISTRY_APPLICATION_RETENTION_DAYS = 10
    application = ApplicationFactory(
        program=program,
        status="withdrawn",
        decided_at=timezone.now() - datetime.timedelta(days=11),
    )
    assert privacy.purge_applications() == 1
    application.refresh_from_db()
    assert application.contact_email == ""


def test_default_retention_is_365_days():
    from pudong_registry import settings as project_settings

    assert project_settings.REGISTRY_APPLICATION_RETENTION_DAYS == 365


# Constraints ---------------------------------------------------------------------


def test_one_open_application_per_code_and_program(program):
    first = ApplicationFactory(program=program)
    duplicate = ApplicationFactory.build(program=program, uscc=first.uscc)
    with pytest.raises(ValidationError):
        duplicate.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_application_needs_a_name(program):
    nameless = ApplicationFactory.build(program=program, name_en="", name_zh="")
    with pytest.raises(ValidationError):
        nameless.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        nameless.save()


def test_interest_text_is_bounded(program):
    wordy = ApplicationFactory.build(program=program, interest="x" * 2001)
    with pytest.raises(ValidationError):
        wordy.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        wordy.save()


def test_decision_needs_a_date(program):
    undated = ApplicationFactory.build(program=program, status="rejected")
    with pytest.raises(ValidationError):
        undated.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        undated.save()


def test_code_format_is_enforced_by_the_database(program):
    bad = ApplicationFactory.build(program=program, uscc="not a code")
    with pytest.raises(ValidationError):
        bad.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        bad.save()


def test_references_and_tokens_are_unique(program):
    first = ApplicationFactory(program=program)
    with pytest.raises(IntegrityError), transaction.atomic():
        ApplicationFactory(program=program, reference=first.reference)
    with pytest.raises(IntegrityError), transaction.atomic():
        ApplicationFactory(program=program, token=first.token)
