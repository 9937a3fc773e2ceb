"""The back office: every record of the registry, for program officers."""

from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.utils.translation import gettext_lazy as _

from .models import (
    Award,
    Event,
    Institution,
    MemberFirm,
    Membership,
    Organization,
    Program,
    Recognition,
    ReportedFigure,
    Sector,
)

TIMESTAMPS = ("created_at", "updated_at")


class StableSlugMixin:
    """The slug is set once, on creation, so public links keep working."""

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        return readonly + ("slug",) if obj is not None else readonly


@admin.register(Sector)
class SectorAdmin(StableSlugMixin, admin.ModelAdmin):
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
class OrganizationAdmin(StableSlugMixin, admin.ModelAdmin):
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


@admin.register(Program)
class ProgramAdmin(StableSlugMixin, admin.ModelAdmin):
    list_display = (
        "code",
        "name_en",
        "name_zh",
        "launch_year",
        "accepts_applications",
        "applications_open_from",
        "applications_open_until",
    )
    list_filter = ("accepts_applications",)
    search_fields = ("code", "name_en", "name_zh", "slug")
    readonly_fields = TIMESTAMPS


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("organization", "program", "status", "joined_on", "left_on")
    list_filter = ("program", "status", "joined_on")
    search_fields = (
        "organization__name_en",
        "organization__name_zh",
        "organization__uscc",
    )
    list_select_related = ("organization", "program")
    autocomplete_fields = ("organization", "program")
    readonly_fields = TIMESTAMPS
    date_hierarchy = "joined_on"


@admin.register(Event)
class EventAdmin(StableSlugMixin, admin.ModelAdmin):
    list_display = ("name_en", "name_zh", "year", "date", "program")
    list_filter = ("year", "program")
    search_fields = ("name_en", "name_zh", "slug")
    list_select_related = ("program",)
    autocomplete_fields = ("program",)
    readonly_fields = TIMESTAMPS


@admin.register(Award)
class AwardAdmin(StableSlugMixin, admin.ModelAdmin):
    list_display = ("name_en", "name_zh", "awarding_body_en", "program")
    list_filter = ("program",)
    search_fields = (
        "name_en",
        "name_zh",
        "awarding_body_en",
        "awarding_body_zh",
        "slug",
    )
    list_select_related = ("program",)
    autocomplete_fields = ("program",)
    readonly_fields = TIMESTAMPS


@admin.register(Recognition)
class RecognitionAdmin(admin.ModelAdmin):
    list_display = ("organization", "award", "year", "event", "publish_at")
    list_filter = ("award", "year", "event")
    search_fields = (
        "organization__name_en",
        "organization__name_zh",
        "award__name_en",
        "award__name_zh",
        "source",
    )
    list_select_related = ("organization", "award", "event")
    autocomplete_fields = ("organization", "award", "event")
    readonly_fields = TIMESTAMPS


@admin.register(ReportedFigure)
class ReportedFigureAdmin(admin.ModelAdmin):
    list_display = ("label_en", "label_zh", "value", "as_of", "source_title", "program")
    list_filter = ("program", "as_of")
    search_fields = ("label_en", "label_zh", "source_title", "slug")
    list_select_related = ("program",)
    autocomplete_fields = ("program",)
    readonly_fields = TIMESTAMPS


@admin.register(LogEntry)
class LogEntryAdmin(admin.ModelAdmin):
    """Who changed what: the admin's own change history, read-only."""

    list_display = ("action_time", "user", "content_type", "object_repr", "action_flag")
    list_filter = ("action_flag", "content_type", "user")
    search_fields = ("object_repr", "change_message", "user__username")
    list_select_related = ("user", "content_type")
    date_hierarchy = "action_time"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
