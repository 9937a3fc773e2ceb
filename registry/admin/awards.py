"""Events, awards and the recognitions given at them."""

from django.contrib import admin

from registry.models import Award, Event, Recognition

from .base import TIMESTAMPS, StableSlugMixin


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
