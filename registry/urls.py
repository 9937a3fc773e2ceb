"""Public pages. English at the root, Chinese under /zh-hans/."""

# TEMP scaffold routes: the public detail pages are built by the public-site
# issue. These stand-ins only let get_absolute_url() resolve on this branch;
# drop this whole block when merging the real pages.
from django.http import HttpResponse
from django.urls import path
from django.views.generic import DetailView

from .models import Award, Event, Organization, Program


class _ScaffoldDetailView(DetailView):
    def render_to_response(self, context, **response_kwargs):
        return HttpResponse(str(self.object), content_type="text/plain")


app_name = "registry"

urlpatterns = [
    path(
        "organizations/<slug:slug>/",
        _ScaffoldDetailView.as_view(queryset=Organization.objects.published()),
        name="organization_detail",
    ),
    path(
        "awards/<slug:slug>/",
        _ScaffoldDetailView.as_view(model=Award),
        name="award_detail",
    ),
    path(
        "events/<slug:slug>/",
        _ScaffoldDetailView.as_view(model=Event),
        name="event_detail",
    ),
    path(
        "programs/<slug:slug>/",
        _ScaffoldDetailView.as_view(model=Program),
        name="program_detail",
    ),
]
