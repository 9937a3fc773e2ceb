"""Public pages. English at the root, Chinese under /zh-hans/."""

from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path("", views.home, name="home"),
    path("members/", views.member_list, name="member_list"),
    path("institutions/", views.institution_list, name="institution_list"),
    path(
        "organizations/<slug:slug>/",
        views.organization_detail,
        name="organization_detail",
    ),
    path("awards/", views.award_list, name="award_list"),
    path("awards/<slug:slug>/", views.award_detail, name="award_detail"),
    path("events/<slug:slug>/", views.event_detail, name="event_detail"),
    path("programs/<slug:slug>/", views.program_detail, name="program_detail"),
    path("apply/", views.apply, name="apply"),
    path(
        "apply/status/<str:token>/",
        views.application_status,
        name="application_status",
    ),
]
