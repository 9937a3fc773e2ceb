"""Events, awards and the recognitions given at them."""

from django.contrib import admin

from registry.admin.base import RecordAdmin, StableSlugMixin
from registry.admin.quality import quality_filter
from registry.admin.spreadsheets import SpreadsheetAdminMixin
from registry.models import Award, Event, Recognition


@admin.register(Event)
class EventAdmin(StableSlugMixin, RecordAdmin):
    list_display = ("name_en", "name_zh", "year", "date", "program")
    list_filter = ("year", "program", quality_filter(Event))
    search_fields = ("name_en", "name_zh", "slug")
    links = ("program",)


@admin.register(Award)
class AwardAdmin(StableSlugMixin, RecordAdmin):
    list_display = ("name_en", "name_zh", "awarding_body_en", "program")
    list_filter = ("program", quality_filter(Award))
    search_fields = (
        "name_en",
        "name_zh",
        "awarding_body_en",
        "awarding_body_zh",
        "slug",
    )
    links = ("program",)


@admin.register(Recognition)
class RecognitionAdmin(SpreadsheetAdminMixin, RecordAdmin):
    resource_name = "recognitions"
    list_display = ("organization", "award", "year", "event", "publish_at")
    list_filter = ("award", "year", "event", quality_filter(Recognition))
    search_fields = (
        "organization__name_en",
        "organization__name_zh",
        "award__name_en",
        "award__name_zh",
        "source",
    )
    links = ("organization", "award", "event")
