"""Events, awards and the recognitions given at them."""

from django.db import models
from django.db.models import OuterRef, Q
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from registry.models.base import (
    BilingualNamed,
    PublicPage,
    count_rows,
    created_at_field,
    in_reader_language_field,
    name_required_constraint,
    unique_constraint,
    updated_at_field,
    year_range_constraint,
    year_validators,
)
from registry.models.history import registry_history


class Event(PublicPage, BilingualNamed):
    """An occasion where recognitions are given, such as the annual conference."""

    program = models.ForeignKey(
        "registry.Program",
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    date = models.DateField(
        _("date"), null=True, blank=True, help_text=_("Leave empty when unknown.")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=year_validators())
    place_en = models.CharField(_("place (English)"), max_length=200, blank=True)
    place_zh = models.CharField(_("place (Chinese)"), max_length=200, blank=True)
    created_at = created_at_field()
    updated_at = updated_at_field()

    history = registry_history()

    class Meta:
        ordering = ["-year", "name_en"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [name_required_constraint("event")]

    # The route of the record's page, which takes its slug.
    page_route = "registry:event_detail"

    place = in_reader_language_field("place")


class AwardQuerySet(models.QuerySet):
    def with_recognition_counts(self):
        """Annotate `recognition_count`: the award's published recognitions."""
        public = Recognition.objects.published().filter(award=OuterRef("pk"))
        return self.annotate(recognition_count=count_rows(public))


class Award(PublicPage, BilingualNamed):
    """A kind of recognition that a program gives, such as its exemplar title."""

    description_en = models.TextField(_("description (English)"), blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    awarding_body_en = models.CharField(
        _("awarding body (English)"), max_length=200, blank=True
    )
    awarding_body_zh = models.CharField(
        _("awarding body (Chinese)"), max_length=200, blank=True
    )
    program = models.ForeignKey(
        "registry.Program",
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="awards",
    )
    created_at = created_at_field()
    updated_at = updated_at_field()

    objects = AwardQuerySet.as_manager()

    history = registry_history()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        constraints = [name_required_constraint("award")]

    # The route of the record's page, which takes its slug.
    page_route = "registry:award_detail"

    description = in_reader_language_field("description")

    awarding_body = in_reader_language_field("awarding_body")


class RecognitionQuerySet(models.QuerySet):
    def published(self):
        """Recognitions past their embargo, of published organizations.

        The embargo is judged by the database's clock when the query runs, so a
        queryset built once (a class attribute) still sees embargoes end.
        """
        return self.filter(
            Q(publish_at__isnull=True) | Q(publish_at__lte=Now()),
            organization__is_published=True,
        )


class Recognition(models.Model):
    """An award given to an organization in a year."""

    award = models.ForeignKey(
        Award,
        verbose_name=_("award"),
        on_delete=models.PROTECT,
        related_name="recognitions",
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="recognitions",
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=year_validators())
    event = models.ForeignKey(
        Event,
        verbose_name=_("event"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recognitions",
    )
    citation_en = models.TextField(_("citation (English)"), blank=True)
    citation_zh = models.TextField(_("citation (Chinese)"), blank=True)
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("A link or the number of the notice that announced it."),
    )
    publish_at = models.DateTimeField(
        _("publish at"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Kept from the public until this time. Empty: public at once."),
    )
    created_at = created_at_field()
    updated_at = updated_at_field()

    objects = RecognitionQuerySet.as_manager()

    history = registry_history()

    class Meta:
        ordering = ["-year", "award", "organization"]
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")
        constraints = [
            unique_constraint(
                "recognition",
                "once_per_award_and_year",
                fields=["award", "organization", "year"],
                message=_("This organization already has this award for this year."),
            ),
            year_range_constraint("recognition"),
        ]

    def __str__(self) -> str:
        return f"{self.award} {self.year} – {self.organization}"

    def get_absolute_url(self) -> str:
        return self.award.get_absolute_url()

    citation = in_reader_language_field("citation")

    @property
    def source_is_link(self) -> bool:
        return self.source.startswith(("https://", "http://"))
