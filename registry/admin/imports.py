"""Every import run, read-only: who ran it, when, which file, what it changed."""

from django.contrib import admin

from registry.models import ImportRun


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "kind",
        "resource",
        "file_name",
        "user",
        "status",
        "new_count",
        "changed_count",
        "unchanged_count",
        "skipped_count",
        "error_count",
    )
    list_filter = ("kind", "resource", "status", "created_at")
    search_fields = ("file_name", "sha256", "user__username")
    list_select_related = ("user",)
    date_hierarchy = "created_at"
    exclude = ("pending_file",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
