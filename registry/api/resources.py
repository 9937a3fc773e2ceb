"""The API's resources, in one table read by the router and the open-data dumps.

Each row names the published records a resource serves (a function, called per
request or dump, so the embargo and visibility are read at that moment), how
they are shown and written, how they are filtered and the `ordering` words a
list accepts. The words are the same on every list: `name`, `joined`, `year`,
`date`, `created`, `updated` and so on, each meaning one thing.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import F, QuerySet

from registry.api import inputs
from registry.formats import serializers as s
from registry.lists import filters
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

# `ordering` words shared by lists that have these fields.
TIMES = {"created": "created_at", "updated": "updated_at"}
NAME = {"name": filters.reader_name}  # Called per request: the reader's language.


@dataclass(frozen=True)
class Resource:
    name: str  # The URL segment and the dump's file name: /api/v1/<name>/.
    basename: str  # Route names: api:<basename>-list, api:<basename>-detail.
    queryset: Callable[[], QuerySet]
    serializer: type[s.OutputSerializer]
    input_serializer: type[inputs.InputSerializer]
    filterset: type | None = None
    lookup: str = "slug"
    # `ordering` word -> field or expression; empty when the FilterSet sorts.
    ordering: dict = field(default_factory=dict)
    default_ordering: tuple = ()


RESOURCES = {
    resource.name: resource
    for resource in [
        Resource(
            "organizations",
            "organization",
            lambda: (
                Organization.objects.published().with_public_parent().with_sectors()
            ),
            s.OrganizationSerializer,
            inputs.OrganizationInputSerializer,
            # `ordering` (name, joined) is the shared FilterSet's, as on the pages.
            filters.OrganizationFilterSet,
        ),
        Resource(
            "programs",
            "program",
            lambda: Program.objects.all(),
            s.ProgramSerializer,
            inputs.ProgramInputSerializer,
            ordering={"code": "code", **NAME, "launched": "launch_year", **TIMES},
            default_ordering=("code",),
        ),
        Resource(
            "sectors",
            "sector",
            lambda: Sector.objects.all(),
            s.SectorSerializer,
            inputs.SectorInputSerializer,
            ordering=NAME,
            default_ordering=("name_en",),
        ),
        Resource(
            "memberships",
            "membership",
            lambda: Membership.objects.published().select_related(
                "organization", "program"
            ),
            s.MembershipSerializer,
            inputs.MembershipInputSerializer,
            filters.MembershipFilterSet,
            lookup="pk",
            ordering={
                "joined": "joined_on",
                "left": "left_on",
                "status": "status",
                **TIMES,
            },
            # By program and newest first, unknown dates last, in the order of
            # the index `registry_membership_newest`: PostgreSQL then reads the
            # first page's rows from it, where ordering by the program's code
            # made it sort every membership (90 ms at 100,000 organizations).
            default_ordering=(
                "program_id",
                F("joined_on").desc(nulls_last=True),
                "organization",
            ),
        ),
        Resource(
            "awards",
            "award",
            lambda: Award.objects.select_related("program"),
            s.AwardSerializer,
            inputs.AwardInputSerializer,
            filters.AwardFilterSet,
            ordering={**NAME, **TIMES},
            default_ordering=("name_en",),
        ),
        Resource(
            "recognitions",
            "recognition",
            lambda: Recognition.objects.published().select_related(
                "award", "organization", "event"
            ),
            s.RecognitionSerializer,
            inputs.RecognitionInputSerializer,
            filters.RecognitionFilterSet,
            lookup="pk",
            ordering={"year": "year", **TIMES},
            default_ordering=("-year", "award", "organization"),
        ),
        Resource(
            "events",
            "event",
            lambda: Event.objects.select_related("program"),
            s.EventSerializer,
            inputs.EventInputSerializer,
            filters.EventFilterSet,
            ordering={"year": "year", "date": "date", **NAME, **TIMES},
            default_ordering=("-year", "name_en"),
        ),
        Resource(
            "reported-figures",
            "reported-figure",
            lambda: ReportedFigure.objects.select_related("program"),
            s.ReportedFigureSerializer,
            inputs.ReportedFigureInputSerializer,
            filters.ReportedFigureFilterSet,
            ordering={
                "position": "position",
                "date": "as_of",
                "value": "value",
                **TIMES,
            },
            default_ordering=("position", "slug"),
        ),
    ]
}
