"""Charts drawn on the server: counts from the registry as accessible SVG bars.

Each chart is a title, a short description and a list of bars; the template
draws the bars as SVG and repeats the numbers in a table.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from registry.models import Membership, Organization, Recognition, Sector

ROW_HEIGHT = 52
CHART_WIDTH = 300
LABEL_GAP = 6


@dataclass
class Bar:
    """One labelled count, with its place in the drawing."""

    label: str
    value: int
    share: float = 0.0
    width: int = 0
    y: int = 0

    @property
    def value_x(self) -> int:
        return self.width + LABEL_GAP

    @property
    def percent(self) -> int:
        return round(self.share * 100)


@dataclass
class Chart:
    """A titled list of bars; widths are scaled to the largest value."""

    slug: str
    title: str
    description: str
    label_heading: str
    bars: list[Bar] = field(default_factory=list)
    show_percent: bool = False

    def __post_init__(self):
        total = sum(bar.value for bar in self.bars)
        largest = max((bar.value for bar in self.bars), default=0)
        for index, bar in enumerate(self.bars):
            bar.share = bar.value / total if total else 0.0
            bar.width = (
                round(CHART_WIDTH * 0.72 * bar.value / largest) if largest else 0
            )
            bar.y = index * ROW_HEIGHT

    @property
    def total(self) -> int:
        return sum(bar.value for bar in self.bars)

    @property
    def height(self) -> int:
        return max(len(self.bars), 1) * ROW_HEIGHT

    @property
    def width(self) -> int:
        return CHART_WIDTH

    @property
    def summary(self) -> str:
        parts = [f"{bar.label}: {bar.value}" for bar in self.bars]
        return "; ".join(parts) if parts else _("No data yet.")


def members_by_sector(program) -> Chart:
    memberships = Membership.objects.of_current_members(program).order_by()
    # One row per sector, with its names; members with no sector are under None.
    rows = memberships.values_list(
        "organization__sectors",
        "organization__sectors__name_en",
        "organization__sectors__name_zh",
    ).annotate(n=Count("pk"))
    unsectored = 0
    sectors = []
    for pk, name_en, name_zh, n in rows:
        if pk is None:
            unsectored = n
        else:
            sectors.append((Sector(pk=pk, name_en=name_en, name_zh=name_zh), n))
    sectors.sort(key=lambda row: (-row[1], row[0].name_en))
    bars = [Bar(sector.name, n) for sector, n in sectors]
    if unsectored:
        bars.append(Bar(_("No sector recorded"), unsectored))
    return Chart(
        slug="sectors",
        title=_("Members by sector"),
        description=_(
            "Current members in the registry, by sector. A member may work in "
            "several sectors."
        ),
        label_heading=_("Sector"),
        bars=bars,
    )


def members_by_ownership(breakdown) -> Chart:
    """From `Membership.objects.member_breakdown(program)`."""
    counts: dict[str, int] = {}
    for (ownership, _year), n in breakdown.items():
        counts[ownership] = counts.get(ownership, 0) + n
    bars = [
        Bar(str(label), counts.get(value, 0))
        for value, label in Organization.Ownership.choices
    ]
    if counts.get(""):
        bars.append(Bar(_("Not recorded"), counts[""]))
    return Chart(
        slug="ownership",
        title=_("Foreign-invested share"),
        description=_("Current members in the registry, by ownership."),
        label_heading=_("Ownership"),
        bars=bars,
        show_percent=True,
    )


def members_by_year_joined(breakdown) -> Chart:
    """From `Membership.objects.member_breakdown(program)`."""
    counts: dict[int | None, int] = {}
    for (_ownership, year), n in breakdown.items():
        counts[year] = counts.get(year, 0) + n
    unknown = counts.pop(None, 0)
    bars = [Bar(str(year), n) for year, n in sorted(counts.items())]
    if unknown:
        bars.append(Bar(_("Date not recorded"), unknown))
    return Chart(
        slug="joined",
        title=_("Members joined per year"),
        description=_("Current members in the registry, by the year they joined."),
        label_heading=_("Year"),
        bars=bars,
    )


def recognitions_by_year(program) -> Chart:
    years = (
        Recognition.objects.published()
        .filter(Q(award__program=program) | Q(event__program=program))
        .order_by("year")
        .values("year")
        .annotate(n=Count("pk"))
        .values_list("year", "n")
    )
    return Chart(
        slug="recognitions",
        title=_("Recognitions per year"),
        description=_("Recognitions of the program's awards in the registry, by year."),
        label_heading=_("Year"),
        bars=[Bar(str(year), n) for year, n in years],
    )
