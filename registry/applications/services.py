"""Multi-step writes. Admin actions, views, the API and commands all call these."""

import logging
import smtplib
import uuid

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from registry.applications import privacy, ratelimit
from registry.logs import log_event
from registry.models import Application, Membership, Organization
from registry.search.names import HAN

logger = logging.getLogger(__name__)

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
    """CODE-2026-000042: the program's code, the year and a running number."""
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
    """Email the applicant in their own language, with the private link.

    Nothing is sent once the contact data is deleted.
    """
    if not (application.contact_email and application.token):
        return
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
    except (OSError, smtplib.SMTPException) as error:
        # The application is stored and the applicant saw its link on screen.
        # Log the reference and the kind of failure only: the exception's text
        # and traceback can hold the recipient's address (SMTPRecipientsRefused).
        logger.error(
            "Could not email the applicant of %s: %s.",
            application.reference,
            type(error).__name__,
        )


def earlier_submission(submission_id, *, session_key: str = "") -> Application | None:
    """The application a form with this `submission_id` already made, if any.

    The one double-submission check: a form sent twice (a double click, a
    reload) makes one record. Accepts the raw value the browser sent. The id
    counts only for the browser session that sent it and for an hour: it is a
    guard against double clicks, never a key to someone's status page.
    """
    if submission_id is None:
        return None
    try:
        submission_id = uuid.UUID(str(submission_id)[:40])
    except ValueError:
        return None
    return Application.objects.resubmission(
        submission_id=submission_id, session_hash=privacy.session_hash(session_key)
    ).first()


def _taken(submission_id) -> bool:
    return (
        submission_id is not None
        and Application.objects.filter(submission_id=submission_id).exists()
    )


def submit_application(
    *,
    program,
    data: dict,
    sectors=(),
    language: str,
    submission_id=None,
    session_key: str = "",
):
    """Store a registration of interest and send the confirmation email.

    `data` holds the form's cleaned model fields. A second call with the same
    `submission_id` from the same `session_key` within the hour (a double
    click) returns the first record; anyone else's reuse of the id is ignored.
    A current member's code raises AlreadyMember; an open application for the
    same code raises DuplicateApplication. Past the hourly email cap the
    application is stored without an email (`emailed_at` stays empty).
    """
    earlier = earlier_submission(submission_id, session_key=session_key)
    if earlier is not None:
        return earlier
    if _taken(submission_id):
        submission_id = None  # another session's id: this form gets its own
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
                    submission_session=privacy.session_hash(session_key),
                    emailed_at=now if ratelimit.may_email_confirmation(now) else None,
                    **data,
                )
                if submission_id is not None:
                    application.submission_id = submission_id
                application.save()
                application.sectors.set(sectors)
        except IntegrityError:
            # Who got there first: the same form, an open application for the
            # code, or a reference taken by a concurrent writer (then retry).
            earlier = earlier_submission(submission_id, session_key=session_key)
            if earlier is not None:
                return earlier
            if _taken(submission_id):
                submission_id = None
            existing = (
                Application.objects.open()
                .filter(program=program, uscc=data.get("uscc"))
                .first()
            )
            if existing is not None:
                raise DuplicateApplication(existing) from None
            continue
        if application.emailed_at is not None:
            send_application_email(application, "application_submitted")
        else:
            logger.warning(
                "Hourly cap on confirmation emails reached; %s was not emailed.",
                application.reference,
            )
        log_event(
            "application.submitted",
            reference=application.reference,
            program=program.slug,
        )
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
    log_event(
        "application.accepted",
        reference=current.reference,
        organization=organization.slug,
    )
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
    log_event("application.rejected", reference=current.reference)
    return current


def withdraw_application(application) -> bool:
    """The applicant withdraws an open application; False if it already was.

    Withdrawing withdraws consent: the contact data goes at once. The private
    link stays until the retention period ends, to show the outcome. The row
    lock makes a second, simultaneous request wait and then see a repeat.
    """
    with transaction.atomic():
        current = _lock(application)
        if current.status == Application.Status.WITHDRAWN:
            return False
        _require_open(current)
        now = timezone.now()
        current.status = Application.Status.WITHDRAWN
        current.decided_at = now
        current.save(update_fields=["status", "decided_at", "updated_at"])
        # Beside the backups, so that a restore cannot bring the data back.
        privacy.record_erasure(current.reference, action="withdrawn", at=now)
        privacy.anonymize(Application.objects.filter(pk=current.pk), now=now)
    log_event("application.withdrawn", reference=current.reference)
    return True


def erase_application(application) -> None:
    """The applicant's right to erasure: delete the personal data and the link now.

    An open application cannot be reviewed without a contact, so it is
    withdrawn too. The reference, code, status and dates stay.
    """
    with transaction.atomic():
        current = _lock(application)
        now = timezone.now()
        if current.is_open:
            current.status = Application.Status.WITHDRAWN
            current.decided_at = now
            current.save(update_fields=["status", "decided_at", "updated_at"])
        # Beside the backups, so that a restore cannot bring the data back.
        privacy.record_erasure(current.reference, action="erased", at=now)
        privacy.anonymize(
            Application.objects.filter(pk=current.pk), now=now, forget=True
        )


def send_message_to_applicant(application, *, body: str, sent_by):
    """A message for the applicant: on the status page, and by email."""
    message = application.messages.create(body=body, sent_by=sent_by)
    send_application_email(application, "application_message")
    return message
