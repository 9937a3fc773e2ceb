"""/api/v1/: one route per resource of the table; the root lists them."""

from rest_framework.routers import DefaultRouter

from registry.api.resources import RESOURCES
from registry.api.views import VIEWSETS

app_name = "api"

router = DefaultRouter()
for resource in RESOURCES.values():
    router.register(resource.name, VIEWSETS[resource.name], basename=resource.basename)

urlpatterns = router.urls
