"""The registry's URLs: public pages in both languages, then the unprefixed ones."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from registry.ops import views as operations
from registry.reconcile import views as reconcile
from registry.views.sitemaps import sitemaps

# A lost database answers with a friendly 503 page, anything else with the 500 page.
handler500 = "registry.ops.outage.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", operations.healthz, name="healthz"),
    path("readyz", operations.readyz, name="readyz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("robots.txt", operations.robots_txt, name="robots_txt"),
    path("api/v1/", include("registry.api.urls")),
    path("reconcile/", include(reconcile.urlpatterns)),
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
    prefix_default_language=False,
)
