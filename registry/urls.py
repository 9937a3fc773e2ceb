"""Public pages, feeds and open data. English at the root, Chinese under /zh-hans/."""

from django.urls import path

from registry.applications import views as applications
from registry.opendata import views as opendata
from registry.views import lists, pages
from registry.views.feeds import NewMembersFeed, RecognitionsFeed

app_name = "registry"

urlpatterns = [
    path("", pages.home, name="home"),
    path("members/", lists.member_list, name="member_list"),
    path("institutions/", lists.institution_list, name="institution_list"),
    path(
        "organizations/<slug:slug>/",
        pages.organization_detail,
        name="organization_detail",
    ),
    path("awards/", pages.award_list, name="award_list"),
    path("awards/<slug:slug>/", pages.award_detail, name="award_detail"),
    path("events/<slug:slug>/", pages.event_detail, name="event_detail"),
    path("programs/<slug:slug>/", pages.program_detail, name="program_detail"),
    path("apply/", applications.apply, name="apply"),
    path(
        "apply/status/<str:token>/",
        applications.application_status,
        name="application_status",
    ),
    path("feeds/members/", NewMembersFeed(), name="feed_members"),
    path("feeds/recognitions/", RecognitionsFeed(), name="feed_recognitions"),
    path("data/", opendata.open_data, name="open_data"),
    path("privacy/", applications.privacy, name="privacy"),
    path("accessibility/", pages.accessibility, name="accessibility"),
    path("contact/", pages.contact, name="contact"),
    path(
        "data/<str:version>/<str:name>",
        opendata.open_data_file,
        name="open_data_file",
    ),
]
