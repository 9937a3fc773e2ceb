"""Organizations and sectors: the officers' records of firms and institutions."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from registry.admin.base import TIMESTAMPS, StableSlugMixin
from registry.admin.opendata import OpenDataAdminMixin
from registry.admin.quality import DataQualityAdminMixin, quality_filter
from registry.admin.ror import RorImportAdminMixin
from registry.admin.spreadsheets import SpreadsheetAdminMixin
from registry.admin.versions import RegistryHistoryAdmin
from registry.models import (
    Institution,
    MemberFirm,
    Membership,
    Organization,
    Recognition,
    Sector,
)


@admin.register(Sector)
class SectorAdmin(StableSlugMixin, RegistryHistoryAdmin):
    list_display = ("name_en", "name_zh", "slug")
    search_fields = ("name_en", "name_zh", "slug")


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ("program", "status", "joined_on", "left_on")
    autocomplete_fields = ("program",)
    extra = 0


class RecognitionInline(admin.TabularInline):
    model = Recognition
    fields = ("award", "year", "event", "source", "publish_at")
    autocomplete_fields = ("award", "event")
    extra = 0


class UnitInline(admin.TabularInline):
    model = Organization
    fk_name = "parent"
    fields = ("name_en", "name_zh", "kind", "is_published")
    verbose_name = _("unit")
    verbose_name_plural = _("units of this organization")
    show_change_link = True
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(
    OpenDataAdminMixin,
    DataQualityAdminMixin,
    RorImportAdminMixin,
    SpreadsheetAdminMixin,
    StableSlugMixin,
    RegistryHistoryAdmin,
):
    list_display = (
        "name_en",
        "name_zh",
        "kind",
        "parent",
        "ownership",
        "status",
        "is_published",
        "updated_at",
    )
    list_filter = (
        "kind",
        "ownership",
        "status",
        "is_published",
        "is_star_listed",
        "district",
        "sectors",
        quality_filter(Organization),
    )
    search_fields = (
        "name_en",
        "name_zh",
        "aliases",
        "uscc",
        "ror_id",
        "wikidata_id",
        "slug",
    )
    list_select_related = ("parent",)
    resource_name = "organizations"
    autocomplete_fields = ("parent", "sectors")
    readonly_fields = TIMESTAMPS
    inlines = (MembershipInline, RecognitionInline, UnitInline)
    fieldsets = (
        (None, {"fields": ("kind", "name_en", "name_zh", "aliases", "slug", "parent")}),
        (
            _("Work and ownership"),
            {"fields": ("sectors", "ownership", "investor_country")},
        ),
        (
            _("Identifiers"),
            {
                "fields": (
                    "uscc",
                    "ror_id",
                    "wikidata_id",
                    "website",
                    "is_star_listed",
                    "stock_code",
                )
            },
        ),
        (
            _("Place"),
            {"fields": ("established_year", "district", "address_en", "address_zh")},
        ),
        (_("Publication"), {"fields": ("status", "is_published", *TIMESTAMPS)}),
    )


@admin.register(MemberFirm)
class MemberFirmAdmin(OrganizationAdmin):
    """Organizations with a current program membership."""

    def get_queryset(self, request):
        return super().get_queryset(request).current_members()


@admin.register(Institution)
class InstitutionAdmin(OrganizationAdmin):
    """Incubators, R&D institutions and universities."""

    def get_queryset(self, request):
        return super().get_queryset(request).institutions()
