"""Registrations of interest: a firm's application to join a program."""

import datetime
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.models.base import (
    CreditCodeField,
    created_at_field,
    in_reader_language,
    unique_constraint,
    updated_at_field,
    uscc_format_constraint,
)
from registry.models.history import registry_history
from registry.models.organizations import District, Organization, Sector
from registry.models.programs import Program
from registry.validators import validate_phone

INTEREST_MAX_LENGTH = 2000
MESSAGE_MAX_LENGTH = 2000
# How long a form sent twice from the same session still finds its first record.
RESUBMISSION_WINDOW = datetime.timedelta(hours=1)


def new_status_token() -> str:
    """An unguessable token for the applicant's private status page."""
    return secrets.token_urlsafe(32)


class ApplicationQuerySet(models.QuerySet):
    def open(self):
        """Applications still waiting for a decision."""
        return self.filter(status__in=Application.OPEN_STATUSES)

    def past_retention(self, *, now=None):
        """Applications whose personal data the retention period no longer covers.

        The period runs from the decision, or for an application left
        undecided from its submission. Included until both the contact data
        and the private link are gone: a withdrawn application lost its
        contact data at once but keeps its link until then.
        """
        now = now or timezone.now()
        days = settings.REGISTRY_APPLICATION_RETENTION_DAYS
        cutoff = now - datetime.timedelta(days=days)
        decided_long_ago = Q(decided_at__lt=cutoff) & ~Q(
            status__in=Application.OPEN_STATUSES
        )
        undecided_long_ago = Q(
            status__in=Application.OPEN_STATUSES, created_at__lt=cutoff
        )
        still_held = Q(anonymized_at__isnull=True) | Q(token__isnull=False)
        return self.filter(decided_long_ago | undecided_long_ago).filter(still_held)

    def resubmission(self, *, submission_id, session_hash: str, now=None):
        """The application a form sent again from the same browser session created.

        A submission id counts only for the session that sent it and for
        RESUBMISSION_WINDOW: it is a guard against double clicks, not a key.
        """
        now = now or timezone.now()
        return self.filter(
            submission_id=submission_id,
            submission_session=session_hash,
            created_at__gte=now - RESUBMISSION_WINDOW,
        )

    def confirmations_emailed_since(self, since) -> int:
        """How many confirmation emails went out since `since`, for the global cap."""
        return self.filter(emailed_at__gte=since).count()


class Application(models.Model):
    """A firm's registration of interest in joining a program, usually the main one.

    The contact details and the internal notes are personal data: only
    officers see them, in the admin.
    """

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        IN_REVIEW = "in_review", _("In review")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        # Left undecided past the retention period: the contact data is gone.
        EXPIRED = "expired", _("Expired")

    OPEN_STATUSES = [Status.SUBMITTED, Status.IN_REVIEW]
    CLOSED_STATUSES = [
        Status.ACCEPTED,
        Status.REJECTED,
        Status.WITHDRAWN,
        Status.EXPIRED,
    ]

    program = models.ForeignKey(
        Program,
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    reference = models.CharField(
        _("reference"), max_length=30, unique=True, editable=False
    )
    # Both keys are cleared (NULL, so that uniqueness still holds) once the
    # retention period is over or the applicant asks for erasure.
    token = models.CharField(  # noqa: DJ001 - NULL, not "", for many cleared rows
        _("status token"),
        max_length=64,
        unique=True,
        null=True,
        default=new_status_token,
        editable=False,
    )
    submission_id = models.UUIDField(
        _("submission id"),
        unique=True,
        null=True,
        default=uuid.uuid4,
        editable=False,
        help_text=_("Sent with the form, so that a form sent twice makes one record."),
    )
    submission_session = models.CharField(
        _("submission session"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("A keyed hash of the browser session that sent the form."),
    )
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    uscc = CreditCodeField(_("unified social credit code"))
    sectors = models.ManyToManyField(
        Sector, verbose_name=_("sectors"), blank=True, related_name="applications"
    )
    ownership = models.CharField(
        _("ownership"), max_length=20, choices=Organization.Ownership.choices
    )
    district = models.CharField(
        _("district"), max_length=20, choices=District.choices, blank=True
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    website = models.URLField(_("website"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=100)
    contact_email = models.EmailField(_("contact email"), max_length=254)
    contact_phone = models.CharField(
        _("contact phone"), max_length=20, validators=[validate_phone]
    )
    interest = models.TextField(
        _("what the firm wants from open innovation"),
        max_length=INTEREST_MAX_LENGTH,
    )
    language = models.CharField(
        _("applicant's language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="en",
    )
    consent_version = models.CharField(_("privacy notice version"), max_length=20)
    consented_at = models.DateTimeField(_("consent given at"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    internal_notes = models.TextField(
        _("internal notes"),
        blank=True,
        help_text=_("For officers only. The applicant never sees these."),
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
        help_text=_("The registry record the application was accepted into."),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decided_applications",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    anonymized_at = models.DateTimeField(_("anonymized at"), null=True, blank=True)
    emailed_at = models.DateTimeField(
        _("confirmation emailed at"), null=True, blank=True, editable=False
    )
    created_at = created_at_field(_("submitted at"))
    updated_at = updated_at_field()

    objects = ApplicationQuerySet.as_manager()

    history = registry_history(
        excluded_fields=["token", "submission_id", "submission_session"]
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            unique_constraint(
                "application",
                "one_open_per_code",
                fields=["program", "uscc"],
                condition=Q(status__in=["submitted", "in_review"]),
                message=_("An application with this credit code is already open."),
            ),
            models.CheckConstraint(
                condition=~Q(name_en="", name_zh=""),
                name="registry_application_has_a_name",
                violation_error_message=_("Give a name in English or in Chinese."),
            ),
            uscc_format_constraint("application"),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("interest"), INTEREST_MAX_LENGTH),
                name="registry_application_interest_length",
                violation_error_message=_(
                    "The text about the firm's interest is too long."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["submitted", "in_review"])
                | Q(decided_at__isnull=False),
                name="registry_application_decision_has_a_date",
                violation_error_message=_("A decided application has a decision date."),
            ),
            models.CheckConstraint(
                condition=Q(organization__isnull=True) | Q(status="accepted"),
                name="registry_application_organization_only_when_accepted",
                violation_error_message=_(
                    "Only an accepted application is linked to an organization."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(consent_version=""),
                name="registry_application_has_consent",
                violation_error_message=_("The applicant's consent is required."),
            ),
        ]

    def __str__(self) -> str:
        # No personal data here: this text lands in the admin's change history.
        name = self.name_zh or self.name_en
        return f"{self.reference} {name}".strip()

    def get_status_url(self) -> str:
        """The private link; empty once the data is deleted."""
        if not self.token:
            return ""
        return reverse("registry:application_status", args=[self.token])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def name(self) -> str:
        return in_reader_language(self, "name")


class ApplicationMessage(models.Model):
    """A message officers send to the applicant; shown on the status page."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="messages",
    )
    body = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("message to the applicant")
        verbose_name_plural = _("messages to the applicant")

    def __str__(self) -> str:
        # Never the body: this text lands in the admin's change history, which
        # outlives the message and is read by roles that may not see it.
        reference = self.application.reference
        return f"{reference} #{self.pk}" if self.pk else reference


class ApplicationAttempt(models.Model):
    """One form submission from one address, counted by the rate limit.

    A table rather than a cache: every server process sees the same rows,
    on SQLite as on PostgreSQL, without Redis. The address is stored only
    as a keyed hash.
    """

    address_hash = models.CharField(_("address hash"), max_length=64, db_index=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("application attempt")
        verbose_name_plural = _("application attempts")

    def __str__(self) -> str:
        # Not the address's hash: it stands for a visitor, and this text may be logged.
        return f"{self.created_at:%Y-%m-%d %H:%M:%S}"
