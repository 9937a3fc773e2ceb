"""The registry's URLs: public pages in both languages, then the unprefixed ones."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from registry.sitemaps import sitemaps
from registry.views import operations

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", operations.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("robots.txt", operations.robots_txt, name="robots_txt"),
    path("api/v1/", include("registry.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        SpectacularSwaggerView.as_view(url_name="api-schema"),
        name="api-docs",
    ),
]

urlpatterns += i18n_patterns(
    path("", include("registry.urls")),
    prefix_default_language=False,
)
