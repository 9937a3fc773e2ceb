"""Public pages."""

import csv
import uuid

from django.conf import settings
from django.contrib import admin, messages
from django.core.paginator import InvalidPage
from django.db import DatabaseError, connection
from django.db.models import (
    Count,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe
from django.views.generic import DetailView, ListView

from . import charts, opendata, ratelimit, services
from .api.throttles import AnonReadThrottle
from .filters import OrganizationFilterSet
from .forms import ApplicationForm
from .models import (
    Application,
    Award,
    Event,
    Membership,
    Organization,
    Program,
    Recognition,
    ReportedFigure,
)
from .spreadsheets import BOM, csv_cell

MAIN_PROGRAM_CODE = "GOI"
PAGE_SIZE = 25


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse(
            "database unavailable\n", status=503, content_type="text/plain"
        )
    return HttpResponse("ok\n", content_type="text/plain")


def count_rows(queryset):
    """The number of rows of `queryset`, filtered on an OuterRef, as an annotation."""
    counted = (
        queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def main_program() -> Program | None:
    """GOI, whose members the members page lists."""
    return Program.objects.filter(code=MAIN_PROGRAM_CODE).first()


def published_recognitions():
    """Public recognitions with what their pages show."""
    return Recognition.objects.published().select_related(
        "award", "organization", "event"
    )


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The program at a glance: counts, reported figures, latest recognitions."""
    program = main_program()
    organizations = Organization.objects.published()
    members = organizations.current_members(program)
    counts = organizations.aggregate(
        members=Count("pk", filter=Q(pk__in=members.values("pk"))),
        foreign_members=Count(
            "pk",
            filter=Q(pk__in=members.filter(ownership="foreign").values("pk")),
        ),
        institutions=Count("pk", filter=Q(kind__in=Organization.INSTITUTION_KINDS)),
    )
    counts["recognitions"] = Recognition.objects.published().count()
    latest = published_recognitions().order_by(
        "-year", "-event__date", "-created_at", "pk"
    )[:8]
    return render(
        request,
        "registry/home.html",
        {
            "program": program,
            "accepting": Program.objects.accepting_applications()
            .filter(pk=getattr(program, "pk", None))
            .exists(),
            "counts": counts,
            "figures": ReportedFigure.objects.all(),
            "latest_recognitions": latest,
        },
    )


class OrganizationListView(ListView):
    """A filtered, sorted, paged list of organizations, also as CSV."""

    template_name = "registry/organization_list.html"
    paginate_by = PAGE_SIZE
    csv_name = "organizations"
    title = ""
    intro = ""
    shown_filters = ["q", "sector", "kind", "ownership", "award", "joined"]
    sorts = ["name", "-name", "-joined", "joined"]

    def base_queryset(self):
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        self.filterset = OrganizationFilterSet(
            data=request.GET, queryset=self.base_queryset(), request=request
        )
        ordering = self.filterset.form.fields["ordering"]
        ordering.choices = [c for c in ordering.choices if c[0] in self.sorts]
        wanted_format = request.GET.get("format", "")
        if wanted_format not in ("", "csv"):
            return self.bad_request(
                [gettext("Unknown format. The only format offered is csv.")]
            )
        if not self.filterset.is_valid():
            return self.bad_request(self.filter_errors())
        if wanted_format == "csv":
            throttle = AnonReadThrottle()
            if not throttle.allow_request(request, self):
                return self.throttled(throttle.wait())
            return self.csv_response(self.filterset.qs)
        return super().get(request, *args, **kwargs)

    def throttled(self, wait) -> HttpResponse:
        """Downloads count against the same anonymous budget as the API."""
        response = self.bad_request(
            [gettext("Too many downloads from your address. Please try again later.")],
            status=429,
        )
        if wait is not None:
            response["Retry-After"] = str(max(1, round(wait)))
        return response

    def get_queryset(self):
        return self.with_related(self.filterset.qs)

    def with_related(self, queryset):
        return (
            queryset.with_first_joined()
            .select_related("parent")
            .prefetch_related(
                "sectors",
                Prefetch(
                    "recognitions",
                    queryset=Recognition.objects.published().select_related("award"),
                    to_attr="public_recognitions",
                ),
            )
        )

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        try:
            page = paginator.page(self.request.GET.get("page") or 1)
        except InvalidPage as error:
            raise PageNotFound(paginator.num_pages) from error
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=self.title,
            intro=self.intro,
            filterset=self.filterset,
            shown_filters=[self.filterset.form[name] for name in self.shown_filters],
            sort_field=self.filterset.form["ordering"],
            show_joined="joined" in self.shown_filters,
            is_filtered=any(self.request.GET.get(name) for name in self.shown_filters),
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

    def csv_response(self, queryset) -> HttpResponse:
        today = timezone.localdate().isoformat()
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="{self.csv_name}-{today}.csv"'
        )
        response.write(BOM)
        writer = csv.writer(response)
        writer.writerow([str(header) for header, _value in CSV_COLUMNS])
        for organization in self.with_related(queryset):
            writer.writerow(
                [
                    csv_cell(value(organization, self.request))
                    for _header, value in CSV_COLUMNS
                ]
            )
        return response


class PageNotFound(Exception):
    """A page number that is not a number or lies beyond the last page."""

    def __init__(self, num_pages: int):
        super().__init__(num_pages)
        self.num_pages = num_pages


def public_parent_name(organization) -> str:
    parent = organization.parent
    return parent.name if parent and parent.is_published else ""


CSV_COLUMNS = [
    (_("Name (English)"), lambda o, r: o.name_en),
    (_("Name (Chinese)"), lambda o, r: o.name_zh),
    (_("Kind"), lambda o, r: o.get_kind_display()),
    (_("Ownership"), lambda o, r: o.get_ownership_display()),
    (_("Sectors"), lambda o, r: "; ".join(s.name for s in o.sectors.all())),
    (_("Joined"), lambda o, r: o.first_joined_on or ""),
    (
        _("Awards"),
        lambda o, r: "; ".join(
            f"{x.award.name} {x.year}" for x in o.public_recognitions
        ),
    ),
    (_("Parent organization"), lambda o, r: public_parent_name(o)),
    (_("Website"), lambda o, r: o.website),
    (_("ROR id"), lambda o, r: o.ror_id),
    (_("Wikidata id"), lambda o, r: o.wikidata_id),
    (_("Unified social credit code"), lambda o, r: o.uscc),
    (_("Page"), lambda o, r: r.build_absolute_uri(o.get_absolute_url())),
]
"""The CSV download's columns: a header and how to read the cell from a row."""


class MemberListView(OrganizationListView):
    csv_name = "goi-members"
    title = _("Members")
    intro = _("Organizations with a current membership of Group Open Innovation.")

    def base_queryset(self):
        return Organization.objects.published().current_members(main_program())


class InstitutionListView(OrganizationListView):
    csv_name = "institutions"
    title = _("Institutions")
    intro = _("Incubators, R&D institutions and universities that Pudong recognizes.")
    shown_filters = ["q", "sector", "kind", "award"]
    sorts = ["name", "-name"]  # institutions have no membership dates

    def base_queryset(self):
        return Organization.objects.published().institutions()


class OrganizationDetailView(DetailView):
    """Everything the registry shows about one published organization."""

    template_name = "registry/organization_detail.html"
    context_object_name = "organization"

    def get_queryset(self):
        return (
            Organization.objects.published()
            .select_related("parent")
            .prefetch_related(
                "sectors",
                Prefetch("units", queryset=Organization.objects.published()),
                Prefetch(
                    "memberships",
                    queryset=Membership.objects.select_related("program").order_by(
                        "-joined_on", "pk"
                    ),
                ),
                Prefetch(
                    "recognitions",
                    queryset=Recognition.objects.published()
                    .select_related("award", "event")
                    .order_by("-year", "award__name_en"),
                    to_attr="public_recognitions",
                ),
            )
        )


class AwardListView(ListView):
    """Every award, with the number of its published recognitions."""

    template_name = "registry/award_list.html"
    context_object_name = "awards"

    def get_queryset(self):
        public = Recognition.objects.published().filter(award=OuterRef("pk"))
        return Award.objects.annotate(recipient_count=count_rows(public)).order_by(
            "name_en"
        )


class AwardDetailView(DetailView):
    """An award and its recipients, by year."""

    template_name = "registry/award_detail.html"
    context_object_name = "award"
    queryset = Award.objects.select_related("program")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["recognitions"] = (
            published_recognitions()
            .filter(award=self.object)
            .order_by("-year", "organization__name_en", "pk")
        )
        return context


class EventDetailView(DetailView):
    """An event and the recognitions given there."""

    template_name = "registry/event_detail.html"
    context_object_name = "event"
    queryset = Event.objects.select_related("program")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["recognitions"] = (
            published_recognitions()
            .filter(event=self.object)
            .order_by("award__name_en", "organization__name_en", "pk")
        )
        return context


class ProgramDetailView(DetailView):
    """A program: the registry's counts, reported figures and charts."""

    template_name = "registry/program_detail.html"
    context_object_name = "program"
    queryset = Program.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        program = self.object
        members = Organization.objects.published().current_members(program)
        context.update(
            **members.aggregate(
                member_count=Count("pk"),
                foreign_member_count=Count("pk", filter=Q(ownership="foreign")),
            ),
            figures=program.reported_figures.all(),
            charts=[
                charts.members_by_sector(members),
                charts.members_by_ownership(members),
                charts.members_by_year_joined(members, program),
                charts.recognitions_by_year(program),
            ],
        )
        return context


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Keep crawlers out of the back office and private pages; name the sitemap."""
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /apply/status/",
        "Disallow: /zh-hans/apply/status/",
        f"Sitemap: {sitemap}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


member_list = MemberListView.as_view()
institution_list = InstitutionListView.as_view()
organization_detail = OrganizationDetailView.as_view()
award_list = AwardListView.as_view()
award_detail = AwardDetailView.as_view()
event_detail = EventDetailView.as_view()
program_detail = ProgramDetailView.as_view()

# Registration of interest ------------------------------------------------------

APPLICANT_FIELDS = ("contact_name", "contact_email", "contact_phone")


def client_address(request: HttpRequest) -> str:
    """The visitor's address, as seen by the first of our trusted proxies.

    Behind N reverse proxies (REGISTRY_TRUSTED_PROXIES=N) REMOTE_ADDR is the
    nearest proxy, and the visitor is the Nth address from the right of
    X-Forwarded-For; the entries left of it are the visitor's own to forge.
    """
    proxies = settings.REGISTRY_TRUSTED_PROXIES
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies][:64]
    return request.META.get("REMOTE_ADDR", "")


def _submission_id(request: HttpRequest):
    try:
        return uuid.UUID(request.POST.get("submission_id", "")[:40])
    except ValueError:
        return None


def _session_key(request: HttpRequest) -> str:
    """This browser's session, started on the form: a double click stays in it."""
    if request.session.session_key is None:
        request.session["applying"] = True
        request.session.save()
    return request.session.session_key


@sensitive_post_parameters(*APPLICANT_FIELDS)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    """The registration of interest for the program accepting applications."""
    program = Program.objects.accepting_applications().first()
    if program is None:
        return render(request, "registry/apply_closed.html")
    session_key = _session_key(request)
    form = ApplicationForm(program=program)
    if request.method == "POST":
        if not ratelimit.record_application_attempt(client_address(request)):
            response = render(request, "registry/apply_rate_limited.html", status=429)
            response["Retry-After"] = str(settings.REGISTRY_APPLY_RATE_WINDOW)
            return response
        earlier = services.find_resubmission(
            submission_id=_submission_id(request), session_key=session_key
        )
        if earlier is not None:
            return redirect(earlier.get_status_url())
        form = ApplicationForm(request.POST, program=program)
        if form.is_bot:
            return render(request, "registry/apply_refused.html", status=400)
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in form.Meta.fields}
            sectors = data.pop("sectors")
            try:
                application = services.submit_application(
                    program=program,
                    data=data,
                    sectors=sectors,
                    language=get_language(),
                    submission_id=form.cleaned_data["submission_id"],
                    session_key=session_key,
                )
            except (services.AlreadyMember, services.DuplicateApplication) as error:
                form.add_error("uscc", form.duplicate_error(error))
            else:
                messages.success(request, stored_message(application))
                return redirect(application.get_status_url())
    privacy = {
        "version": settings.REGISTRY_PRIVACY_NOTICE_VERSION,
        "retention_days": settings.REGISTRY_APPLICATION_RETENTION_DAYS,
        "contact": settings.REGISTRY_PRIVACY_CONTACT,
    }
    return render(
        request,
        "registry/apply_form.html",
        {"form": form, "program": program, "privacy": privacy},
    )


def stored_message(application) -> str:
    """What the applicant reads first: the reference, and where the link went."""
    if application.emailed_at is None:
        text = gettext(
            "Thank you. Your application is stored with the reference "
            "%(reference)s. No email was sent: keep this page's address, it is "
            "the only link to your application."
        )
    else:
        text = gettext(
            "Thank you. Your application is stored with the reference "
            "%(reference)s. We have emailed you this page's private link."
        )
    return text % {"reference": application.reference}


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def application_status(request: HttpRequest, token: str) -> HttpResponse:
    """What became of one application, for whoever holds its private link.

    The applicant sees the data we hold, and may withdraw or erase it.
    """
    application = (
        Application.objects.select_related("program")
        .prefetch_related("messages", "sectors")
        .filter(token=token)
        .first()
    )
    if application is None:
        response = render(request, "registry/apply_status_gone.html", status=404)
    elif request.method == "POST":
        response = status_action(request, application)
    else:
        response = render(
            request, "registry/apply_status.html", status_context(application)
        )
    response["X-Robots-Tag"] = "noindex, nofollow"
    # The address holds the token: never send it on as a Referer.
    response["Referrer-Policy"] = "no-referrer"
    return response


def status_context(application, **extra) -> dict:
    return {
        "application": application,
        "privacy_contact": settings.REGISTRY_PRIVACY_CONTACT,
        **extra,
    }


def status_action(request: HttpRequest, application) -> HttpResponse:
    """Withdraw or erase, from the status page's forms."""
    action = request.POST.get("action")
    if action == "erase":
        if request.POST.get("confirm") != "on":
            context = status_context(application, erase_unconfirmed=True)
            return render(request, "registry/apply_status.html", context, status=400)
        services.erase_application(application)
        return render(request, "registry/apply_status_erased.html")
    if action == "withdraw":
        try:
            withdrawn = services.withdraw_application(application)
        except services.ApplicationError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                gettext("Your application is withdrawn.")
                if withdrawn
                else gettext("Your application was already withdrawn."),
            )
    return redirect(application.get_status_url())


# Open data (/data/): the dumps written by registry.opendata.


@require_safe
def open_data(request: HttpRequest) -> HttpResponse:
    """The open-data dumps, newest first, with their files and checksums."""
    return render(request, "registry/open_data.html", {"dumps": opendata.list_dumps()})


@require_safe
def open_data_file(request: HttpRequest, version: str, name: str) -> HttpResponse:
    """One file of a dump, only if its manifest lists it."""
    path = opendata.dump_file_path(version, name)
    if path is None or not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=name)


def regenerate_open_data(request: HttpRequest) -> HttpResponse:
    """Admin page: the latest dump, and a button that writes a new one.

    Reached through admin.site.admin_view, so only signed-in staff get here.
    """
    if request.method == "POST":
        dump = opendata.export_dump()
        messages.success(
            request,
            gettext("Open-data dump %(version)s written.") % {"version": dump.version},
        )
        return redirect("admin_open_data")
    dumps = opendata.list_dumps()
    context = {
        **admin.site.each_context(request),
        "title": gettext("Open data"),
        "latest": dumps[0] if dumps else None,
        "count": len(dumps),
    }
    return render(request, "admin/open_data.html", context)
