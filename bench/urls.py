"""The project's URLs, and the plain-Django peer's under /bench-peer/."""

from django.urls import path

from pudong_registry import urls as project

from bench import peer

handler500 = project.handler500

urlpatterns = [
    path("bench-peer/members/", peer.member_list, name="bench_peer_members"),
    *project.urlpatterns,
]
