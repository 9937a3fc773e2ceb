"""/api/v1/: one route per resource; the root lists them."""

from rest_framework.routers import DefaultRouter

from . import views

app_name = "api"

router = DefaultRouter()
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("programs", views.ProgramViewSet, basename="program")
router.register("sectors", views.SectorViewSet, basename="sector")
router.register("memberships", views.MembershipViewSet, basename="membership")
router.register("awards", views.AwardViewSet, basename="award")
router.register("recognitions", views.RecognitionViewSet, basename="recognition")
router.register("events", views.EventViewSet, basename="event")
router.register(
    "reported-figures", views.ReportedFigureViewSet, basename="reported-figure"
)

urlpatterns = router.urls
