"""The admin's own change history, for officers to read."""

from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from registry.roles import APPLICATION_MODELS


@admin.register(LogEntry)
class LogEntryAdmin(admin.ModelAdmin):
    """Who changed what: the admin's own change history, read-only."""

    list_display = ("action_time", "user", "content_type", "object_repr", "action_flag")
    list_filter = ("action_flag", "content_type", "user")
    search_fields = ("object_repr", "change_message", "user__username")
    list_select_related = ("user", "content_type")
    date_hierarchy = "action_time"

    def get_queryset(self, request):
        # The log names what it touched: the rows of applications (and their
        # messages) only for those who may read applications.
        entries = super().get_queryset(request)
        if request.user.has_perm("registry.view_application"):
            return entries
        return entries.exclude(
            content_type__in=ContentType.objects.filter(
                app_label="registry", model__in=APPLICATION_MODELS
            )
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
