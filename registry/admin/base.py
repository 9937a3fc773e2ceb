"""Pieces shared by the registry's admin pages."""

TIMESTAMPS = ("created_at", "updated_at")


class StableSlugMixin:
    """The slug is set once, on creation, so public links keep working."""

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        return readonly + ("slug",) if obj is not None else readonly
