"""Programs, their memberships and the figures sources report about them."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from registry.models.base import (
    BilingualNamed,
    PublicPage,
    SortIndex,
    created_at_field,
    in_reader_language_field,
    name_required_constraint,
    unique_constraint,
    updated_at_field,
    year_validators,
)
from registry.models.history import registry_history


def main_program_code() -> str:
    """The code of the program whose members /members/ lists (a setting)."""
    return settings.REGISTRY_MAIN_PROGRAM


def main_program_id():
    """The main program's id as a subquery, for a condition on `program`: the
    database reads it once per query, and it is null without a main program."""
    main = Program.objects.filter(code=main_program_code()).values("pk")[:1]
    return models.Subquery(main)


class ProgramQuerySet(models.QuerySet):
    def main(self):
        """The main program (REGISTRY_MAIN_PROGRAM), or None if it is not recorded."""
        return self.filter(code=main_program_code()).first()

    def accepting_applications(self, on: datetime.date | None = None):
        """Programs open for applications on `on` (today by default)."""
        from django.utils import timezone

        on = on or timezone.localdate()
        return self.filter(
            Q(applications_open_from__isnull=True) | Q(applications_open_from__lte=on),
            Q(applications_open_until__isnull=True)
            | Q(applications_open_until__gte=on),
            accepts_applications=True,
        )


class Program(PublicPage, BilingualNamed):
    """A program of the Pudong government; the main one is `REGISTRY_MAIN_PROGRAM`."""

    code = models.CharField(
        _("code"),
        max_length=20,
        unique=True,
        help_text=_("Short code used in application references."),
    )
    description_en = models.TextField(_("description (English)"), blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    launch_year = models.PositiveSmallIntegerField(
        _("year launched"),
        null=True,
        blank=True,
        validators=year_validators(),
    )
    launch_month = models.PositiveSmallIntegerField(
        _("month launched"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("Leave empty when the source gives only the year."),
    )
    administering_body_en = models.CharField(
        _("administering body (English)"), max_length=200, blank=True
    )
    administering_body_zh = models.CharField(
        _("administering body (Chinese)"), max_length=200, blank=True
    )
    website = models.URLField(_("website"), blank=True)
    accepts_applications = models.BooleanField(_("accepts applications"), default=False)
    applications_open_from = models.DateField(
        _("applications open from"), null=True, blank=True
    )
    applications_open_until = models.DateField(
        _("applications open until"), null=True, blank=True
    )
    created_at = created_at_field()
    updated_at = updated_at_field()

    objects = ProgramQuerySet.as_manager()

    history = registry_history()

    class Meta:
        ordering = ["code"]
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        constraints = [
            name_required_constraint("program"),
            models.CheckConstraint(
                condition=Q(launch_month__isnull=True)
                | Q(
                    launch_month__gte=1, launch_month__lte=12, launch_year__isnull=False
                ),
                name="registry_program_launch_month_valid",
                violation_error_message=_(
                    "A launch month is a number from 1 to 12, given with its year."
                ),
            ),
            models.CheckConstraint(
                condition=Q(applications_open_from__isnull=True)
                | Q(applications_open_until__isnull=True)
                | Q(applications_open_until__gte=models.F("applications_open_from")),
                name="registry_program_application_window_in_order",
                violation_error_message=_(
                    "The application window cannot close before it opens."
                ),
            ),
        ]

    # The route of the record's page, which takes its slug.
    page_route = "registry:program_detail"

    description = in_reader_language_field("description")

    administering_body = in_reader_language_field("administering_body")


class MembershipQuerySet(models.QuerySet):
    def open(self):
        """Memberships that have not ended (active or suspended)."""
        return self.exclude(status=Membership.Status.ENDED)

    def current(self):
        """Memberships in good standing today: what makes a "member firm"."""
        return self.filter(self.current_condition())

    @staticmethod
    def current_condition(relation: str = "") -> Q:
        """The condition `current` filters by, on memberships reached through
        `relation` (such as "memberships__" from an organization)."""
        return Q(**{f"{relation}status": Membership.Status.ACTIVE})

    def published(self):
        return self.filter(organization__is_published=True)

    def of_main_program(self):
        """Memberships of the main program, found by its code in the same query
        (once: a subquery the database reads before any membership)."""
        return self.filter(program=main_program_id())

    def of_current_members(self, program):
        """The current memberships of `program` held by published organizations.

        An organization holds at most one open membership of a program (a
        constraint), so there is one row per current member: counting rows
        counts members, without testing each organization for a membership.
        """
        return self.current().published().filter(program=program)

    def member_breakdown(self, program) -> dict[tuple[str, int | None], int]:
        """Current members of `program` by ownership and year joined (None when
        the date is not recorded), from one scan of the program's memberships."""
        rows = (
            self.of_current_members(program)
            .order_by()
            # Grouped by the date, not its year: SQLite extracts a year in Python.
            .values_list("organization__ownership", "joined_on")
            .annotate(n=models.Count("pk"))
        )
        breakdown: dict[tuple[str, int | None], int] = {}
        for ownership, joined_on, n in rows:
            key = (ownership, joined_on.year if joined_on else None)
            breakdown[key] = breakdown.get(key, 0) + n
        return breakdown


class Membership(models.Model):
    """An organization's membership of a program."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        ENDED = "ended", _("Ended")

    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    program = models.ForeignKey(
        Program,
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    joined_on = models.DateField(
        _("joined on"),
        null=True,
        blank=True,
        help_text=_("Leave empty when no source gives the date."),
    )
    left_on = models.DateField(_("left on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    created_at = created_at_field()
    updated_at = updated_at_field()

    objects = MembershipQuerySet.as_manager()

    history = registry_history()

    class Meta:
        ordering = ["program", "-joined_on", "organization"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        # "Is this organization a current member of this program?" answered
        # from the index alone: without it SQLite may pick the program index
        # and scan every membership of the program once per organization.
        indexes = [
            models.Index(
                fields=["organization", "program", "status"],
                name="registry_membership_current",
            ),
            # A program's memberships by joining date, unknown dates last:
            # the member list sorted by joining date reads its current members
            # in this order and stops at the page's last row (and the API's
            # memberships, program by program, are read the same way).
            SortIndex(
                F("program"),
                F("joined_on").desc(nulls_last=True),
                F("status"),
                F("organization"),
                name="registry_membership_newest",
            ),
            SortIndex(
                F("program"),
                F("joined_on").asc(nulls_last=True),
                F("status"),
                F("organization"),
                name="registry_membership_oldest",
            ),
            # The feed of new members: current memberships, newest first.
            models.Index(
                fields=["status", "created_at", "id"],
                name="registry_membership_created",
            ),
        ]
        constraints = [
            unique_constraint(
                "membership",
                "one_open_per_program",
                fields=["organization", "program"],
                condition=~Q(status="ended"),
                message=_(
                    "This organization already has an open membership of this program."
                ),
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True)
                | Q(joined_on__isnull=True)
                | Q(left_on__gte=models.F("joined_on")),
                name="registry_membership_left_after_joined",
                violation_error_message=_("A membership cannot end before it begins."),
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(status="ended"),
                name="registry_membership_left_on_only_when_ended",
                violation_error_message=_(
                    "Only an ended membership has a leaving date."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} – {self.program}"

    @property
    def is_current(self) -> bool:
        """Whether this membership is in good standing today: the condition of
        `Membership.objects.current()`, on a row already read."""
        return self.status == Membership.Status.ACTIVE


class ReportedFigure(models.Model):
    """A statistic published by a source, shown beside the registry's own counts."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    program = models.ForeignKey(
        Program,
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reported_figures",
        help_text=_("Empty for figures about Pudong as a whole."),
    )
    label_en = models.CharField(_("label (English)"), max_length=200)
    label_zh = models.CharField(_("label (Chinese)"), max_length=200, blank=True)
    value = models.PositiveBigIntegerField(_("value"))
    as_of = models.DateField(_("as of"))
    source_title = models.CharField(_("source"), max_length=300)
    source_url = models.URLField(_("source link"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = created_at_field()
    updated_at = updated_at_field()

    history = registry_history()

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("reported figure")
        verbose_name_plural = _("reported figures")

    def __str__(self) -> str:
        return f"{self.label}: {self.value}"

    label = in_reader_language_field("label")
