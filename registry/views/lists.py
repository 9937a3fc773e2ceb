"""The public lists: members and institutions, filtered, sorted, paged, and as CSV."""

from django.core.paginator import InvalidPage
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView

from registry.lists.filters import OrganizationFilterSet
from registry.lists.paging import RegistryPaginator
from registry.lists.streaming import streaming_csv
from registry.models import (
    Organization,
)
from registry.net import AnonReadThrottle, UserReadThrottle, absolute
from registry.views import figures
from registry.views.cards import CARD_FIELDS, choice_labels, organization_cards

# Rows per page of the HTML lists.
LIST_PAGE_SIZE = 25


class OrganizationListView(ListView):
    """A filtered, sorted, paged list of organizations, also as CSV."""

    template_name = "registry/organization_list.html"
    paginate_by = LIST_PAGE_SIZE
    paginator_class = RegistryPaginator
    csv_name = "organizations"
    title = ""
    intro = ""
    # What the list is, for its page's meta description.
    description = ""
    shown_filters = ["q", "sector", "kind", "ownership", "award", "joined"]
    sorts = ["name", "-name", "-joined", "joined"]
    # The help under each filter, in the words of the page: the FilterSet's own
    # help texts describe the API's parameters (slugs, a leading minus).
    help_texts = {
        "sector": _("Only organizations working in this sector."),
        "kind": _("Only organizations of this kind."),
        "ownership": _(
            "Only organizations with this ownership. Those whose ownership is not "
            "recorded show only under “Any ownership”."
        ),
        "award": _("Only organizations that received this award."),
        "joined": _("Only members that joined the program in this year."),
        "ordering": _(
            "By name, in the language of this page, or by the date the member "
            "joined; members with no recorded date come last."
        ),
    }

    def base_queryset(self):
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        self.filterset = OrganizationFilterSet(
            data=request.GET, queryset=self.base_queryset(), request=request
        )
        ordering = self.filterset.form.fields["ordering"]
        ordering.choices = [c for c in ordering.choices if c[0] in self.sorts]
        for name, help_text in self.help_texts.items():
            # The form's own copy of the field: the API's stays as it is.
            self.filterset.form.fields[name].help_text = help_text
        wanted_format = request.GET.get("format", "")
        if wanted_format not in ("", "csv"):
            return self.bad_request(
                [gettext("Unknown format. The only format offered is csv.")]
            )
        if not self.filterset.is_valid():
            return self.bad_request(self.filter_errors())
        if wanted_format == "csv":
            for throttle in (AnonReadThrottle(), UserReadThrottle()):
                if not throttle.allow_request(request, self):
                    return self.throttled(throttle.wait())
            return self.csv_response(self.filterset.qs)
        if self.filterset.identifier_searched():
            # A credit code, ROR id or Wikidata id names one organization: its
            # page, in the reader's language, when it is the only result.
            found = list(self.filterset.qs.only("pk", "slug")[:2])
            if len(found) == 1:
                return redirect(found[0].get_absolute_url())
        return super().get(request, *args, **kwargs)

    # Why the list is empty when it cannot be drawn up (shown above it).
    notice = ""
    # What the list holds before any filter (the program of the members).
    list_key = ""
    # Whether the list invites its readers to apply (the members' list).
    apply_link = False

    def get_queryset(self):
        # Only the columns the cards print.
        return self.filterset.qs.for_listing().only(*CARD_FIELDS)

    def get_paginator(self, queryset, per_page, **kwargs):
        return super().get_paginator(
            queryset, per_page, count_key=self.count_key(), **kwargs
        )

    def count_key(self) -> str:
        """What the list's length depends on: the list and its filters, not
        the order, the page or the reader's language."""
        filters = sorted(
            (name, getattr(value, "pk", value))
            for name, value in self.filterset.form.cleaned_data.items()
            if name != "ordering" and value not in (None, "")
        )
        return f"{type(self).__name__}:{self.list_key}:{filters!r}"

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        try:
            page = paginator.page(self.request.GET.get("page") or 1)
        except InvalidPage as error:
            raise PageNotFound(paginator.num_pages) from error
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for name in ("sector", "award"):
            # The sectors and awards to choose from: read once per version.
            field = self.filterset.form.fields[name]
            field.widget.choices = figures.filter_choices(name, field)
        context.update(
            title=self.title,
            intro=self.intro,
            description=self.description,
            notice=self.notice,
            apply_link=self.apply_link,
            filterset=self.filterset,
            shown_filters=[self.filterset.form[name] for name in self.shown_filters],
            sort_field=self.filterset.form["ordering"],
            show_joined="joined" in self.shown_filters,
            is_filtered=any(self.request.GET.get(name) for name in self.shown_filters),
            cards=organization_cards(
                context["object_list"], show_joined="joined" in self.shown_filters
            ),
        )
        return context

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except PageNotFound as missing:
            return self.bad_request(
                [
                    gettext("There is no such page. This list has %(count)s page(s).")
                    % {"count": missing.num_pages}
                ],
                status=404,
            )

    def filter_errors(self) -> list[str]:
        form = self.filterset.form
        return [
            f"{form[name].label}: {' '.join(errors)}"
            if name in form.fields
            else " ".join(errors)
            for name, errors in form.errors.items()
        ]

    def bad_request(self, errors: list[str], status: int = 400) -> HttpResponse:
        """The page with a clear message and no rows."""
        self.paginate_by = None
        self.object_list = Organization.objects.none()
        context = self.get_context_data()
        context["errors"] = errors
        return self.render_to_response(context, status=status)

    def throttled(self, wait) -> HttpResponse:
        """Downloads count against the same anonymous budget as the API."""
        response = self.bad_request(
            [gettext("Too many downloads from your address. Please try again later.")],
            status=429,
        )
        if wait is not None:
            response["Retry-After"] = str(max(1, round(wait)))
        return response

    def csv_response(self, queryset) -> StreamingHttpResponse:
        """The whole filtered list, streamed as it is read, in constant memory."""
        today = timezone.localdate().isoformat()
        download = CsvDownload(self.request)
        return streaming_csv(
            queryset.for_listing(),
            filename=f"{self.csv_name}-{today}.csv",
            header=[header for header, _value in CSV_COLUMNS],
            cells=lambda organization: [
                value(organization, download) for _header, value in CSV_COLUMNS
            ],
        )


class CsvDownload:
    """What every row of one download shares, worked out once, not once a row:
    the kinds' and ownerships' labels in the reader's language, and the site's
    address for the links to the organizations' pages."""

    def __init__(self, request):
        self.kinds = choice_labels(Organization, "kind")
        self.ownerships = choice_labels(Organization, "ownership")
        self.request = request

    def page(self, organization) -> str:
        return absolute(self.request, organization.get_absolute_url())


class PageNotFound(Exception):
    """A page number that is not a number or lies beyond the last page."""

    def __init__(self, num_pages: int):
        super().__init__(num_pages)
        self.num_pages = num_pages


CSV_COLUMNS = [
    (_("Name (English)"), lambda o, d: o.name_en),
    (_("Name (Chinese)"), lambda o, d: o.name_zh),
    (_("Kind"), lambda o, d: d.kinds.get(o.kind, o.kind)),
    (_("Ownership"), lambda o, d: d.ownerships.get(o.ownership, o.ownership)),
    (_("Sectors"), lambda o, d: "; ".join(s.name for s in o.sector_list)),
    (_("Joined"), lambda o, d: o.first_joined_on or ""),
    (
        _("Awards"),
        lambda o, d: "; ".join(
            f"{x.award.name} {x.year}" for x in o.public_recognitions
        ),
    ),
    (
        _("Parent organization"),
        lambda o, d: o.public_parent.name if o.public_parent else "",
    ),
    (_("Website"), lambda o, d: o.website),
    (_("ROR id"), lambda o, d: o.ror_id),
    (_("Wikidata id"), lambda o, d: o.wikidata_id),
    (_("Unified social credit code"), lambda o, d: o.uscc),
    (_("Page"), lambda o, d: d.page(o)),
]
"""The CSV download's columns: a header and how to read the cell from a row
(and from what the rows of its download share, `CsvDownload`)."""


class MemberListView(OrganizationListView):
    """Current members of the main program (REGISTRY_MAIN_PROGRAM)."""

    csv_name = "members"
    title = _("Members")
    apply_link = True

    def base_queryset(self):
        program = figures.main_program()
        if program is None:
            self.notice = gettext(
                "The registry does not hold the main program yet, so it has no "
                "members to list."
            )
            return Organization.objects.none()
        self.intro = gettext(
            "Organizations with a current membership of %(program)s."
        ) % {"program": program.name}
        self.description = gettext(
            "The current members of %(program)s, with their sectors, ownership "
            "and year joined: to search, filter and download as CSV."
        ) % {"program": program.name}
        self.csv_name = f"{program.slug}-members"
        self.list_key = f"program-{program.pk}"
        return Organization.objects.published().current_members(program)


class InstitutionListView(OrganizationListView):
    csv_name = "institutions"
    title = _("Institutions")
    intro = _("Incubators, R&D institutions and universities that Pudong recognizes.")
    description = _(
        "The incubators, R&D institutions and universities Pudong recognizes, with "
        "their sectors and awards: to search, filter and download as CSV."
    )
    shown_filters = ["q", "sector", "kind", "award"]
    sorts = ["name", "-name"]  # institutions have no membership dates
    help_texts = {
        **OrganizationListView.help_texts,
        "kind": _("Incubator, R&D institution or university."),
        "ordering": _("By name, in the language of this page."),
    }

    def base_queryset(self):
        return Organization.objects.published().institutions()


member_list = MemberListView.as_view()
institution_list = InstitutionListView.as_view()
