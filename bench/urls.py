"""The project's URLs, and the plain-Django peer's under /bench-peer/."""

from django.urls import path

from bench import peer
from pudong_registry import urls as project

handler500 = project.handler500

urlpatterns = [
    path("bench-peer/members/", peer.member_list, name="bench_peer_members"),
    *project.urlpatterns,
]
