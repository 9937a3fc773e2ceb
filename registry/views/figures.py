"""The figures the public pages show, each named once beside its query.

Each is read once per registry version (`registry.caching.figures`) and shared
by every page and process that shows it. Views call these; none writes a
cache key.
"""

import datetime

from registry.caching.figures import cached_figure
from registry.models import (
    Award,
    Membership,
    Organization,
    Program,
    Recognition,
    ReportedFigure,
)
from registry.models.programs import main_program_code
from registry.views import charts

# Recognitions on the home page.
LATEST_RECOGNITIONS = 8


def main_program(known: Program | None = None) -> Program | None:
    """The main program (REGISTRY_MAIN_PROGRAM), or None if it is not recorded.

    A page that has read the program already passes it as `known`, so that the
    navigation of that page needs no query of its own.
    """
    if known is not None and known.code == main_program_code():
        return cached_figure("main-program", lambda: known)
    return (
        cached_figure("main-program", lambda: Program.objects.main() or False) or None
    )


def published_recognitions():
    """Public recognitions with what their pages show."""
    return Recognition.objects.published().select_related(
        "award", "organization", "event"
    )


def member_figures(program) -> tuple[dict, dict]:
    """The current members of `program` by ownership and year joined, and the
    counts of members and institutions: shared by the home and program pages,
    in both languages."""
    pk = getattr(program, "pk", None)
    breakdown = cached_figure(
        f"member-breakdown:{pk}",
        lambda: Membership.objects.member_breakdown(program) if program else {},
        translated=False,
    )
    counts = cached_figure(
        f"member-counts:{pk}",
        lambda: Organization.objects.published().member_counts(program, breakdown),
        translated=False,
    )
    return breakdown, counts


def home_page() -> dict:
    """The count of public recognitions, the newest of them and the reported
    figures: records, not text, so the same for both languages."""

    def compute():
        # The newest need every public recognition sorted.
        latest = published_recognitions().order_by(
            "-year", "-event__date", "-created_at", "pk"
        )
        return {
            "recognitions": Recognition.objects.published().count(),
            "latest": list(latest[:LATEST_RECOGNITIONS]),
            "figures": list(ReportedFigure.objects.all()),
        }

    return cached_figure("home-page", compute, translated=False)


def accepting_applications(program, today: datetime.date) -> bool:
    """Whether `program` takes applications on `today` (it also depends on the day)."""
    pk = getattr(program, "pk", None)
    return cached_figure(
        f"accepting:{pk}:{today.isoformat()}",
        lambda: Program.objects.accepting_applications(today).filter(pk=pk).exists(),
        translated=False,
    )


def filter_choices(name: str, field) -> list[tuple[str, str]]:
    """The sectors or awards a list's filter offers, in the reader's language."""
    return cached_figure(
        f"filter-choices:{name}",
        lambda: [(str(value), str(label)) for value, label in field.choices],
    )


def awards_with_counts() -> list[Award]:
    """Every award, with the number of its published recognitions."""
    return cached_figure(
        "awards",
        lambda: list(Award.objects.with_recognition_counts().order_by("name_en")),
        translated=False,
    )


def program_page(program, breakdown: dict) -> dict:
    """A program's reported figures and charts, which read every member."""
    return cached_figure(
        f"program-page:{program.pk}",
        lambda: {
            "figures": list(program.reported_figures.all()),
            "charts": [
                charts.members_by_sector(program),
                charts.members_by_ownership(breakdown),
                charts.members_by_year_joined(breakdown),
                charts.recognitions_by_year(program),
            ],
        },
    )
