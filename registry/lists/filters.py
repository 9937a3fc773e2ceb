"""The shared FilterSets: one per list, used by the HTML pages and the API alike."""

import django_filters
from django import forms
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from registry.models import (
    Award,
    Event,
    Membership,
    Organization,
    Program,
    Recognition,
    ReportedFigure,
    Sector,
)
from registry.models.base import FIRST_YEAR, LAST_YEAR, reads_chinese, sort_name
from registry.validators import (
    identifier_in,
    normalize_ror_id,
    normalize_uscc,
    normalize_wikidata_id,
    validate_ror_id,
    validate_uscc,
    validate_wikidata_id,
)

MAX_QUERY_LENGTH = 100


class Select(forms.Select):
    """Django's select, each option written in place rather than rendered from
    a template of its own: the same HTML in a fraction of the time (the public
    lists draw their filters on every page)."""

    template_name = "registry/widgets/select.html"


def reader_name():
    """The name in the reader's language, falling back to the other one."""
    return sort_name(
        *(("name_zh", "name_en") if reads_chinese() else ("name_en", "name_zh"))
    )


def order_by_reader_name(queryset, *, descending: bool = False):
    """Order organizations by the name in the reader's language.

    This is `reader_name()`, kept by the database in the indexed columns
    `sort_name_en` and `sort_name_zh`, so no page sorts the whole table.
    """
    name = F("sort_name_zh" if reads_chinese() else "sort_name_en")
    key = name.desc() if descending else name.asc()
    return queryset.order_by(key, "-pk" if descending else "pk")


class IdentifierField(forms.CharField):
    """An identifier as a reader writes it, cleaned to the form the registry
    stores (`normalize`), then checked by the field's validators."""

    def __init__(self, *, normalize, **kwargs):
        self.normalize = normalize
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return self.normalize(value) if value else value


class IdentifierFilter(django_filters.CharFilter):
    """The one organization with this identifier; a malformed one is refused."""

    field_class = IdentifierField


class OrganizationFilterSet(django_filters.FilterSet):
    """Filters and search over organizations: `?sector=it&q=张江` on page and API."""

    q = django_filters.CharFilter(
        method="filter_search",
        max_length=MAX_QUERY_LENGTH,
        label=_("Search"),
        help_text=_(
            "Words from a name or alias, in English, Chinese (Simplified or "
            "Traditional) or pinyin (full or initials)."
        ),
    )
    sector = django_filters.ModelChoiceFilter(
        queryset=Sector.objects.all(),
        to_field_name="slug",
        field_name="sectors",
        label=_("Sector"),
        empty_label=_("Any sector"),
        widget=Select,
        help_text=_("A sector's slug, such as healthcare."),
    )
    kind = django_filters.ChoiceFilter(
        choices=Organization.Kind.choices,
        label=_("Kind"),
        empty_label=_("Any kind"),
        widget=Select,
        help_text=_("The kind of organization."),
    )
    ownership = django_filters.ChoiceFilter(
        choices=Organization.Ownership.choices,
        label=_("Ownership"),
        empty_label=_("Any ownership"),
        widget=Select,
        help_text=_("Domestic, foreign-invested or joint venture."),
    )
    award = django_filters.ModelChoiceFilter(
        queryset=Award.objects.all(),
        to_field_name="slug",
        method="filter_award",
        label=_("Award"),
        empty_label=_("Any award"),
        widget=Select,
        help_text=_("An award's slug: organizations that received it."),
    )
    joined = django_filters.NumberFilter(
        method="filter_joined",
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        label=_("Year joined"),
        help_text=_(
            "The year the organization's current membership of the main program began."
        ),
    )
    uscc = IdentifierFilter(
        normalize=normalize_uscc,
        validators=[validate_uscc],
        max_length=MAX_QUERY_LENGTH,
        label=_("Unified social credit code"),
        help_text=_(
            "The organization with this unified social credit code, such as "
            "91310000794467963L (case, spaces and hyphens do not matter)."
        ),
    )
    ror_id = IdentifierFilter(
        normalize=normalize_ror_id,
        validators=[validate_ror_id],
        max_length=MAX_QUERY_LENGTH,
        label=_("ROR id"),
        help_text=_(
            "The organization with this ROR id, as 05gxmms51 or "
            "https://ror.org/05gxmms51."
        ),
    )
    wikidata_id = IdentifierFilter(
        normalize=normalize_wikidata_id,
        validators=[validate_wikidata_id],
        max_length=MAX_QUERY_LENGTH,
        label=_("Wikidata id"),
        help_text=_(
            "The organization with this Wikidata item id, as Q1115363 or "
            "https://www.wikidata.org/wiki/Q1115363."
        ),
    )
    ordering = django_filters.ChoiceFilter(
        choices=[
            ("name", _("Name, A to Z")),
            ("-name", _("Name, Z to A")),
            ("-joined", _("Joined, newest first")),
            ("joined", _("Joined, oldest first")),
        ],
        method="filter_ordering",
        label=_("Sort by"),
        empty_label=None,
        widget=Select,
        help_text=_("name or joined; a leading minus reverses the order."),
    )

    class Meta:
        model = Organization
        fields = [
            "q",
            "sector",
            "kind",
            "ownership",
            "award",
            "joined",
            "uscc",
            "ror_id",
            "wikidata_id",
            "ordering",
        ]

    def get_form_class(self):
        """The form class, built once: its fields are the same for every list
        (labels translate when shown) and each form copies them anyway."""
        form_class = type(self).__dict__.get("_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            type(self)._form_class = form_class
        return form_class

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("ordering"):
            queryset = order_by_reader_name(queryset)
        return queryset

    def filter_ordering(self, queryset, name, value):
        descending = value.startswith("-")
        if value.lstrip("-") == "joined":
            # When the current membership of the main program began; unknown
            # dates go last.
            return queryset.order_by_first_joined(descending=descending)
        return order_by_reader_name(queryset, descending=descending)

    def filter_search(self, queryset, name, value):
        """Words of a name, or an identifier (credit code, ROR id, Wikidata id)
        in any form the identifier filters accept: then its organization, and
        any whose names hold the text as well."""
        identifier = identifier_in(value)
        if identifier is None:
            return queryset.search(value)
        field, code = identifier
        named = Organization.objects.search(value).values("pk")
        return queryset.filter(Q(**{field: code}) | Q(pk__in=named))

    def identifier_searched(self) -> bool:
        """Whether the search box holds an identifier (after `is_valid()`)."""
        query = self.form.cleaned_data.get("q")
        return bool(query) and identifier_in(query) is not None

    def filter_award(self, queryset, name, value):
        recognized = Recognition.objects.published().filter(award=value)
        return queryset.filter(pk__in=recognized.values("organization"))

    def filter_joined(self, queryset, name, value):
        joined = (
            Membership.objects.current().of_main_program().filter(joined_on__year=value)
        )
        return queryset.filter(pk__in=joined.values("organization"))


# The API's other lists. Slugs name the related records, as on the pages.


def _program_filter():
    return django_filters.ModelChoiceFilter(
        queryset=Program.objects.all(),
        to_field_name="slug",
        label=_("Program"),
        help_text=_("A program's slug."),
    )


def _organization_filter():
    return django_filters.ModelChoiceFilter(
        queryset=Organization.objects.published(),
        to_field_name="slug",
        label=_("Organization"),
        help_text=_("A published organization's slug."),
    )


def _year_filter(help_text):
    return django_filters.NumberFilter(
        min_value=FIRST_YEAR, max_value=LAST_YEAR, label=_("Year"), help_text=help_text
    )


class MembershipFilterSet(django_filters.FilterSet):
    """Memberships by program, organization and status."""

    program = _program_filter()
    organization = _organization_filter()
    status = django_filters.ChoiceFilter(
        choices=Membership.Status.choices,
        label=_("Status"),
        help_text=_("The state of the membership."),
    )

    class Meta:
        model = Membership
        fields = ["program", "organization", "status"]


class RecognitionFilterSet(django_filters.FilterSet):
    """Recognitions by award, organization, event and year."""

    award = django_filters.ModelChoiceFilter(
        queryset=Award.objects.all(),
        to_field_name="slug",
        label=_("Award"),
        help_text=_("An award's slug."),
    )
    organization = _organization_filter()
    event = django_filters.ModelChoiceFilter(
        queryset=Event.objects.all(),
        to_field_name="slug",
        label=_("Event"),
        help_text=_("An event's slug."),
    )
    year = _year_filter(_("The year of the recognition."))

    class Meta:
        model = Recognition
        fields = ["award", "organization", "event", "year"]


class AwardFilterSet(django_filters.FilterSet):
    """Awards by program."""

    program = _program_filter()

    class Meta:
        model = Award
        fields = ["program"]


class EventFilterSet(django_filters.FilterSet):
    """Events by program and year."""

    program = _program_filter()
    year = _year_filter(_("The year of the event."))

    class Meta:
        model = Event
        fields = ["program", "year"]


class ReportedFigureFilterSet(django_filters.FilterSet):
    """Reported figures by program."""

    program = _program_filter()

    class Meta:
        model = ReportedFigure
        fields = ["program"]
