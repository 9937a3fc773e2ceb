"""The shared FilterSets: one per list, used by the HTML pages and the API alike."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Award, Membership, Organization, Recognition, Sector

MAX_QUERY_LENGTH = 100


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
        help_text=_("A sector's slug, such as healthcare."),
    )
    kind = django_filters.ChoiceFilter(
        choices=Organization.Kind.choices,
        label=_("Kind"),
        help_text=_("The kind of organization."),
    )
    ownership = django_filters.ChoiceFilter(
        choices=Organization.Ownership.choices,
        label=_("Ownership"),
        help_text=_("Domestic, foreign-invested or joint venture."),
    )
    award = django_filters.ModelChoiceFilter(
        queryset=Award.objects.all(),
        to_field_name="slug",
        method="filter_award",
        label=_("Award"),
        help_text=_("An award's slug: organizations that received it."),
    )
    joined = django_filters.NumberFilter(
        method="filter_joined",
        min_value=1990,
        max_value=2100,
        label=_("Year joined"),
        help_text=_("The year the organization's current membership began."),
    )

    class Meta:
        model = Organization
        fields = ["q", "sector", "kind", "ownership", "award", "joined"]

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_award(self, queryset, name, value):
        recognized = Recognition.objects.published().filter(award=value)
        return queryset.filter(pk__in=recognized.values("organization"))

    def filter_joined(self, queryset, name, value):
        joined = Membership.objects.current().filter(joined_on__year=value)
        return queryset.filter(pk__in=joined.values("organization"))
