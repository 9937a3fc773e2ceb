"""The public pages: home, one page per record, and the pages about the site.

The lists are in `registry.views.lists`.
"""

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView, TemplateView

from registry.formats import jsonld
from registry.models import (
    Award,
    Event,
    Membership,
    Organization,
    Program,
)
from registry.views import figures


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The program at a glance: counts, reported figures, latest recognitions."""
    program = figures.main_program()
    _breakdown, member_counts = figures.member_figures(program)
    home_page = figures.home_page()
    accepting = figures.accepting_applications(program, timezone.localdate())
    return render(
        request,
        "registry/home.html",
        {
            "program": program,
            "accepting": accepting,
            "counts": {**member_counts, "recognitions": home_page["recognitions"]},
            "figures": home_page["figures"],
            "latest_recognitions": home_page["latest"],
        },
    )


class OrganizationDetailView(DetailView):
    """Everything the registry shows about one published organization."""

    template_name = "registry/organization_detail.html"
    context_object_name = "organization"

    def get_queryset(self):
        return (
            Organization.objects.published()
            .for_listing()
            .prefetch_related(
                Prefetch("units", queryset=Organization.objects.published()),
                Prefetch(
                    "memberships",
                    queryset=Membership.objects.select_related("program").order_by(
                        "-joined_on", "pk"
                    ),
                ),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["jsonld"] = jsonld.organization_script(self.request, self.object)
        context["list_name"] = self.list_name(self.object)
        return context

    @staticmethod
    def list_name(organization) -> str:
        """The public list the organization appears in, for its breadcrumbs:
        "institutions", "members" (a current member of the main program), or
        "" (in neither: the breadcrumbs lead home only). Read from the
        memberships the page shows, without a query of its own."""
        if organization.kind in Organization.INSTITUTION_KINDS:
            return "institutions"
        program = figures.main_program()
        if program is not None and any(
            membership.program_id == program.pk and membership.is_current
            for membership in organization.memberships.all()
        ):
            return "members"
        return ""


class AwardListView(ListView):
    """Every award, with the number of its published recognitions."""

    template_name = "registry/award_list.html"
    context_object_name = "awards"

    def get_queryset(self):
        return figures.awards_with_counts()


class RecognitionsDetailView(DetailView):
    """A record's page with the published recognitions given for it.

    `context_object_name` names the recognition's link to the record, and
    `recognition_order` says how the list reads before the recipients' names.
    """

    recognition_order: tuple[str, ...] = ()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["recognitions"] = (
            figures.published_recognitions()
            .filter(**{self.context_object_name: self.object})
            .order_by(*self.recognition_order, "organization__name_en", "pk")
        )
        return context


class AwardDetailView(RecognitionsDetailView):
    """An award and its recipients, by year."""

    template_name = "registry/award_detail.html"
    context_object_name = "award"
    queryset = Award.objects.select_related("program")
    recognition_order = ("-year",)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["jsonld"] = jsonld.award_script(
            self.request, self.object, context["recognitions"]
        )
        return context


class EventDetailView(RecognitionsDetailView):
    """An event and the recognitions given there."""

    template_name = "registry/event_detail.html"
    context_object_name = "event"
    queryset = Event.objects.select_related("program")
    recognition_order = ("award__name_en",)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["jsonld"] = jsonld.event_script(self.request, self.object)
        return context


class ProgramDetailView(DetailView):
    """A program: the registry's counts, reported figures and charts."""

    template_name = "registry/program_detail.html"
    context_object_name = "program"
    queryset = Program.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        program = self.object
        figures.main_program(known=program)  # the navigation's, without a query
        breakdown, counts = figures.member_figures(program)
        context["counts"] = counts
        context.update(figures.program_page(program, breakdown))
        return context


organization_detail = OrganizationDetailView.as_view()
award_list = AwardListView.as_view()
award_detail = AwardDetailView.as_view()
event_detail = EventDetailView.as_view()
program_detail = ProgramDetailView.as_view()
# The pages written for people, the same for every record: how the site aims
# to be usable, and whom to write to. (The privacy notice is the applicant's,
# in `registry.applications.views`.)
accessibility = require_safe(
    TemplateView.as_view(template_name="registry/accessibility.html")
)
contact = require_safe(TemplateView.as_view(template_name="registry/contact.html"))
