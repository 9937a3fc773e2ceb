"""Filter backends the API adds to the shared FilterSets: ordering and incremental sync.

The FilterSets themselves live in registry/lists/filters.py, shared with the pages.
"""

import datetime

import django_filters
from django.db.models import F
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.plumbing import build_parameter_type
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend, OrderingFilter


class FilterBackend(DjangoFilterBackend):
    """The shared FilterSets; an invalid value is a 400 naming the parameter."""


class FilterSchema(DjangoFilterExtension):
    """Describe the FilterSets' bounds (max_length, min/max value) in the schema."""

    target_class = "registry.api.filters.FilterBackend"
    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, name, field):
        if isinstance(field, django_filters.ModelChoiceFilter):
            # A related record named by its slug (or other `to_field_name`).
            return [
                build_parameter_type(
                    name=name,
                    location=OpenApiParameter.QUERY,
                    description=str(field.extra.get("help_text") or field.label),
                    schema={"type": "string"},
                )
            ]
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, name, field
        )
        bounds = {
            "max_length": "maxLength",
            "min_value": "minimum",
            "max_value": "maximum",
        }
        for parameter in parameters:
            for option, keyword in bounds.items():
                if field.extra.get(option) is not None:
                    parameter["schema"][keyword] = field.extra[option]
        return parameters


def parse_timestamp(value: str) -> datetime.datetime | None:
    """An ISO 8601 date or date-time in UTC; a time without offset is Shanghai time.

    None when the text is no such time, or when the time cannot be shown in UTC
    (e.g. year 1 with a positive offset).
    """
    try:
        moment = parse_datetime(value)
        if moment is None:
            day = parse_date(value)
            if day is None:
                return None
            moment = datetime.datetime.combine(day, datetime.time.min)
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment.astimezone(datetime.UTC)
    except (ValueError, OverflowError):
        return None


class UpdatedSinceFilter(BaseFilterBackend):
    """`?updated_since=2024-12-01T00:00:00Z`: rows changed at or after that time."""

    param = "updated_since"

    def filter_queryset(self, request, queryset, view):
        raw = request.query_params.get(self.param)
        if raw is None or not self._applies(view):
            return queryset
        moment = parse_timestamp(raw)
        if moment is None:
            raise ValidationError(
                {
                    self.param: [
                        _(
                            "Enter an ISO 8601 date or time, such as "
                            "2024-12-01T08:00:00Z (write + as %2B)."
                        )
                    ]
                }
            )
        return queryset.filter(updated_at__gte=moment)

    @staticmethod
    def _applies(view) -> bool:
        model = view.get_queryset().model
        return any(field.name == "updated_at" for field in model._meta.fields)

    def get_schema_operation_parameters(self, view):
        if not self._applies(view):
            return []
        return [
            {
                "name": self.param,
                "required": False,
                "in": "query",
                "description": (
                    "Only rows created or changed at or after this time (ISO 8601 "
                    "date or date-time; without an offset, Asia/Shanghai time). "
                    "For incremental sync: keep the time of your last sync."
                ),
                "schema": {"type": "string", "format": "date-time"},
            }
        ]


class StrictOrderingFilter(OrderingFilter):
    """`?ordering=name,-updated` over the words of the resource table.

    The same word means the same on every list (`name` is the name in the
    reader's language, as on the pages). The field names accepted before the
    words (`name_en`, `updated_at`, ...) still work for one release. An unknown
    word is a 400. The primary key breaks ties, so pages are stable.
    """

    def defers_to_filterset(self, view) -> bool:
        """Organizations sort through the shared FilterSet, as on the pages."""
        return not view.resource.ordering

    def filter_queryset(self, request, queryset, view):
        if self.defers_to_filterset(view):
            return queryset
        return super().filter_queryset(request, queryset, view)

    def get_ordering(self, request, queryset, view):
        raw = request.query_params.get(self.ordering_param)
        if raw is None or raw == "":
            return [*view.resource.default_ordering, "pk"]
        words = view.resource.ordering
        legacy = deprecated_words(words)
        keys = []
        for term in raw.split(","):
            word = term.removeprefix("-")
            if word not in words and word not in legacy:
                raise ValidationError(
                    {
                        self.ordering_param: [
                            _("Order by one or more of: %(fields)s.")
                            % {"fields": ", ".join(words)}
                        ]
                    }
                )
            target = words.get(word, word)
            key = target() if callable(target) else F(target)
            keys.append(key.desc() if term.startswith("-") else key.asc())
        return [*keys, "pk"]

    def get_schema_operation_parameters(self, view):
        if self.defers_to_filterset(view):
            return []
        words = list(view.resource.ordering)
        terms = "|".join(words)
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": (
                    "Sort by these words, separated by commas; a leading `-` "
                    "reverses the order. Words: "
                    + ", ".join(f"`{word}`" for word in words)
                    + "."
                ),
                "schema": {
                    "type": "string",
                    "pattern": f"^(-?({terms})(,-?({terms}))*)?$",
                },
            }
        ]


def deprecated_words(words: dict) -> set[str]:
    """The field names a list accepted before the words: kept for one release."""
    fields = {target for target in words.values() if isinstance(target, str)}
    if "name" in words:
        fields |= {"name_en", "name_zh"}
    return fields
