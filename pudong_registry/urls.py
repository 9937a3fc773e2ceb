"""The registry's URLs: public pages in both languages, then the unprefixed ones."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from registry import views
from registry.feeds import NewMembersFeed, RecognitionsFeed
from registry.sitemaps import sitemaps

urlpatterns = [
    path(
        "admin/open-data/",
        admin.site.admin_view(views.regenerate_open_data),
        name="admin_open_data",
    ),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("api/v1/", include("registry.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        # The split view serves its start-up script as a file of its own, and
        # our template its styles, so the page needs no inline code under the
        # Content-Security-Policy.
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema", template_name="registry/api_docs.html"
        ),
        name="api-docs",
    ),
]

urlpatterns += i18n_patterns(
    path("", include("registry.urls")),
    path("feeds/members/", NewMembersFeed(), name="feed_members"),
    path("feeds/recognitions/", RecognitionsFeed(), name="feed_recognitions"),
    path("data/", views.open_data, name="open_data"),
    path(
        "data/<str:version>/<str:name>",
        views.open_data_file,
        name="open_data_file",
    ),
    prefix_default_language=False,
)
