"""Programs, memberships and the figures sources report about them."""

from django.contrib import admin

from registry.admin.base import RecordAdmin, StableSlugMixin
from registry.admin.quality import quality_filter
from registry.admin.spreadsheets import SpreadsheetAdminMixin
from registry.models import Membership, Program, ReportedFigure


@admin.register(Program)
class ProgramAdmin(StableSlugMixin, RecordAdmin):
    list_display = (
        "code",
        "name_en",
        "name_zh",
        "launch_year",
        "accepts_applications",
        "applications_open_from",
        "applications_open_until",
    )
    list_filter = ("accepts_applications", quality_filter(Program))
    search_fields = ("code", "name_en", "name_zh", "slug")


@admin.register(Membership)
class MembershipAdmin(SpreadsheetAdminMixin, RecordAdmin):
    resource_name = "memberships"
    list_display = ("organization", "program", "status", "joined_on", "left_on")
    list_filter = ("program", "status", "joined_on", quality_filter(Membership))
    search_fields = (
        "organization__name_en",
        "organization__name_zh",
        "organization__uscc",
    )
    links = ("organization", "program")
    date_hierarchy = "joined_on"


@admin.register(ReportedFigure)
class ReportedFigureAdmin(RecordAdmin):
    list_display = ("label_en", "label_zh", "value", "as_of", "source_title", "program")
    list_filter = ("program", "as_of")
    search_fields = ("label_en", "label_zh", "source_title", "slug")
    links = ("program",)
