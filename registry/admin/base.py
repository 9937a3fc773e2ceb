"""Pieces shared by the registry's admin pages."""

from registry.admin.versions import RegistryHistoryAdmin

TIMESTAMPS = ("created_at", "updated_at")


class StableSlugMixin:
    """The slug is set once, on creation, so public links keep working."""

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        return readonly + ("slug",) if obj is not None else readonly


class RecordAdmin(RegistryHistoryAdmin):
    """A registry record: it keeps its history, its timestamps are read-only, and
    the records it links to (`links`) are picked by search and fetched with each
    list page."""

    readonly_fields = TIMESTAMPS
    links: tuple[str, ...] = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.links:
            cls.list_select_related = cls.autocomplete_fields = cls.links
