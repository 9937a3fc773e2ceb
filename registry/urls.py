"""Public pages. English at the root, Chinese under /zh-hans/."""

from django.urls import path

from . import views

app_name = "registry"

urlpatterns = []

urlpatterns += [
    path("apply/", views.apply, name="apply"),
    path(
        "apply/status/<str:token>/",
        views.application_status,
        name="application_status",
    ),
]
