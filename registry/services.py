"""Multi-step writes. Admin actions, views, the API and commands all call these."""

import datetime
import logging
import secrets
import smtplib
import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.mail import send_mail
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext

from .database import refresh_planner_statistics
from .models import (
    Application,
    ApplicationAttempt,
    ApplicationMessage,
    Membership,
    Organization,
)
from .search import HAN

logger = logging.getLogger(__name__)

OFFICERS_GROUP = "Program officers"
SEED_FIXTURE = "registry"


def ensure_officer_group() -> Group:
    """The group whose members may edit every record of the registry."""
    group, _ = Group.objects.get_or_create(name=OFFICERS_GROUP)
    registry_models = Q(content_type__app_label="registry")
    tokens = Q(content_type__app_label="authtoken")
    history = Q(content_type__app_label="admin", codename="view_logentry")
    group.permissions.set(Permission.objects.filter(registry_models | tokens | history))
    return group


@transaction.atomic
def create_officer(*, username: str, email: str = "") -> tuple[object, str]:
    """A staff account in the officers' group, with a fresh random password."""
    password = secrets.token_urlsafe(12)
    user = get_user_model().objects.create_user(
        username=username, email=email, password=password, is_staff=True
    )
    user.groups.add(ensure_officer_group())
    return user, password


def load_seed_data() -> bool:
    """Load the sourced seed records, but only into an empty registry."""
    if Organization.objects.exists():
        return False
    call_command("loaddata", SEED_FIXTURE, verbosity=0)
    # Statistics for the planner now that the tables hold rows.
    refresh_planner_statistics()
    return True


# Registrations of interest ---------------------------------------------------


class ApplicationError(Exception):
    """An application cannot take this step; the message says why."""


class DuplicateApplication(ApplicationError):
    """An application for the same code is already open (`existing`)."""

    def __init__(self, existing):
        super().__init__(existing.reference)
        self.existing = existing


class AlreadyMember(ApplicationError):
    """The code belongs to a current member of the program (`organization`)."""

    def __init__(self, organization):
        super().__init__(organization.uscc)
        self.organization = organization


def check_not_duplicate(*, program, uscc: str) -> None:
    """AlreadyMember or DuplicateApplication when applying again makes no sense."""
    member = Organization.objects.current_members(program).filter(uscc=uscc).first()
    if member is not None:
        raise AlreadyMember(member)
    existing = Application.objects.open().filter(program=program, uscc=uscc).first()
    if existing is not None:
        raise DuplicateApplication(existing)


def _next_reference(program, year: int) -> str:
    """GOI-2026-000042: the program's code, the year and a running number."""
    prefix = f"{program.code}-{year}-"
    last = (
        Application.objects.filter(reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{number:06d}"


def _site_link(path: str) -> str:
    return settings.REGISTRY_SITE_URL.rstrip("/") + path


def send_application_email(application, template: str) -> None:
    """Email the applicant in their own language, with the private link."""
    with translation.override(application.language):
        context = {
            "application": application,
            "status_link": _site_link(application.get_status_url()),
            "site_name": settings.REGISTRY_SITE_NAME,
            "last_message": application.messages.last(),
        }
        subject = render_to_string(
            f"registry/emails/{template}_subject.txt", context
        ).strip()
        body = render_to_string(f"registry/emails/{template}.txt", context)
    try:
        send_mail(
            " ".join(subject.splitlines()), body, None, [application.contact_email]
        )
    except (OSError, smtplib.SMTPException):
        # The application is stored and the applicant saw its link on screen;
        # log the reference only, never the address.
        logger.exception("Could not email the applicant of %s.", application.reference)


def earlier_submission(submission_id) -> Application | None:
    """The application a form with this `submission_id` already made, if any.

    The one double-submission check: a form sent twice (a double click, a
    reload) makes one record. Accepts the raw value the browser sent.
    """
    if submission_id is None:
        return None
    try:
        submission_id = uuid.UUID(str(submission_id)[:40])
    except ValueError:
        return None
    return Application.objects.filter(submission_id=submission_id).first()


def submit_application(
    *, program, data: dict, sectors=(), language: str, submission_id=None
):
    """Store a registration of interest and send the confirmation email.

    `data` holds the form's cleaned model fields. A second call with the same
    `submission_id` (a double click) returns the first record. A current
    member's code raises AlreadyMember; an open application for the same code
    raises DuplicateApplication.
    """
    earlier = earlier_submission(submission_id)
    if earlier is not None:
        return earlier
    check_not_duplicate(program=program, uscc=data.get("uscc", ""))
    now = timezone.now()
    for _attempt in range(5):
        try:
            with transaction.atomic():
                # One writer per program at a time picks the next number (a row
                # lock on PostgreSQL; SQLite's immediate transactions already
                # serialize writers).
                program = type(program).objects.select_for_update().get(pk=program.pk)
                application = Application(
                    program=program,
                    language=language,
                    consent_version=settings.REGISTRY_PRIVACY_NOTICE_VERSION,
                    consented_at=now,
                    reference=_next_reference(program, timezone.localdate(now).year),
                    **data,
                )
                if submission_id is not None:
                    application.submission_id = submission_id
                application.save()
                application.sectors.set(sectors)
        except IntegrityError:
            # Who got there first: the same form, an open application for the
            # code, or a reference taken by a concurrent writer (then retry).
            earlier = earlier_submission(submission_id)
            if earlier is not None:
                return earlier
            existing = (
                Application.objects.open()
                .filter(program=program, uscc=data.get("uscc"))
                .first()
            )
            if existing is not None:
                raise DuplicateApplication(existing) from None
            continue
        send_application_email(application, "application_submitted")
        return application
    raise ApplicationError("No free reference number was found.")


def start_review(application) -> bool:
    """Mark a submitted application as being reviewed; False if it was not new."""
    updated = Application.objects.filter(
        pk=application.pk, status=Application.Status.SUBMITTED
    ).update(status=Application.Status.IN_REVIEW, updated_at=timezone.now())
    application.refresh_from_db()
    return bool(updated)


def _lock(application):
    """The application re-read and locked for a decision."""
    return Application.objects.select_for_update().get(pk=application.pk)


def _require_open(application):
    """ApplicationError unless the application still waits for a decision."""
    if not application.is_open:
        raise ApplicationError(
            gettext("Application %(reference)s is already %(status)s.")
            % {
                "reference": application.reference,
                "status": application.get_status_display(),
            }
        )
    return application


def _organization_for(application):
    """The organization with the application's code, or a new one built from it."""
    organization = Organization.objects.filter(uscc=application.uscc).first()
    if organization is not None:
        return organization
    has_chinese = bool(HAN.search(application.address))
    organization = Organization.objects.create(
        kind=Organization.Kind.ENTERPRISE,
        name_en=application.name_en,
        name_zh=application.name_zh,
        uscc=application.uscc,
        ownership=application.ownership,
        district=application.district,
        address_zh=application.address if has_chinese else "",
        address_en="" if has_chinese else application.address,
        website=application.website,
    )
    organization.sectors.set(application.sectors.all())
    return organization


def accept_application(application, *, decided_by):
    """Accept: the firm becomes a current member of the program.

    Creates the Organization (or links and publishes the one with the same
    code), opens a Membership (or reactivates a suspended one), records who
    decided and when, and emails the applicant; all in one transaction.
    Accepting an accepted application changes nothing.
    """
    with transaction.atomic():
        current = _lock(application)
        if current.status == Application.Status.ACCEPTED:
            return current
        _require_open(current)
        organization = _organization_for(current)
        if not organization.is_published:
            # Accepting is the decision to list the firm: it shows at once.
            organization.is_published = True
            organization.save(update_fields=["is_published", "updated_at"])
        # An open (e.g. suspended) membership becomes active; else a new one opens.
        updated = (
            Membership.objects.open()
            .filter(organization=organization, program=current.program)
            .update(status=Membership.Status.ACTIVE, updated_at=timezone.now())
        )
        if not updated:
            Membership.objects.create(
                organization=organization,
                program=current.program,
                status=Membership.Status.ACTIVE,
                joined_on=timezone.localdate(),
            )
        current.status = Application.Status.ACCEPTED
        current.organization = organization
        current.decided_by = decided_by
        current.decided_at = timezone.now()
        current.save(
            update_fields=[
                "status",
                "organization",
                "decided_by",
                "decided_at",
                "updated_at",
            ]
        )
    send_application_email(current, "application_accepted")
    return current


def reject_application(application, *, decided_by, reason: str):
    """Reject, with a reason the applicant reads on the status page and by email."""
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(gettext("Give the applicant a reason."))
    with transaction.atomic():
        current = _require_open(_lock(application))
        current.messages.create(body=reason, sent_by=decided_by)
        current.status = Application.Status.REJECTED
        current.decided_by = decided_by
        current.decided_at = timezone.now()
        current.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    send_application_email(current, "application_rejected")
    return current


def withdraw_application(application):
    """The applicant withdraws an open application."""
    with transaction.atomic():
        current = _require_open(_lock(application))
        current.status = Application.Status.WITHDRAWN
        current.decided_at = timezone.now()
        current.save(update_fields=["status", "decided_at", "updated_at"])
    return current


def send_message_to_applicant(application, *, body: str, sent_by):
    """A message for the applicant: on the status page, and by email."""
    message = application.messages.create(body=body, sent_by=sent_by)
    send_application_email(application, "application_message")
    return message


def record_application_attempt(address: str) -> bool:
    """Count one form submission from `address`; False once over the limit.

    The attempts live in a table, so the limit holds across server processes.
    Only a keyed hash of the address is stored.
    """
    address_hash = salted_hmac("registry.apply.address", address).hexdigest()
    now = timezone.now()
    window_start = now - datetime.timedelta(seconds=settings.REGISTRY_APPLY_RATE_WINDOW)
    with transaction.atomic():
        ApplicationAttempt.objects.filter(created_at__lt=window_start).delete()
        recent = ApplicationAttempt.objects.filter(
            address_hash=address_hash, created_at__gte=window_start
        ).count()
        if recent >= settings.REGISTRY_APPLY_RATE_LIMIT:
            return False
        ApplicationAttempt.objects.create(address_hash=address_hash, created_at=now)
    return True


@transaction.atomic
def purge_applications(*, now=None) -> int:
    """Anonymize rejected and withdrawn applications past the retention period.

    The contact details, the firm's text, the notes and the messages go; the
    reference, code, status and dates stay, so numbers are never reused.
    """
    expired = Application.objects.past_retention(now=now)
    ApplicationMessage.objects.filter(application__in=expired).delete()
    return expired.update(
        contact_name="",
        contact_email="",
        contact_phone="",
        address="",
        interest="",
        internal_notes="",
        anonymized_at=now or timezone.now(),
    )
