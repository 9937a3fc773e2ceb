"""Programs, memberships and the figures sources report about them."""

from django.contrib import admin

from registry.models import Membership, Program, ReportedFigure

from .base import TIMESTAMPS, StableSlugMixin


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


@admin.register(ReportedFigure)
class ReportedFigureAdmin(admin.ModelAdmin):
    list_display = ("label_en", "label_zh", "value", "as_of", "source_title", "program")
    list_filter = ("program", "as_of")
    search_fields = ("label_en", "label_zh", "source_title", "slug")
    list_select_related = ("program",)
    autocomplete_fields = ("program",)
    readonly_fields = TIMESTAMPS
