"""Writing open-data dumps from the admin, for officers allowed to publish them."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext

from registry.opendata import dumps as opendata

PUBLISH_PERMISSION = "registry.publish_open_data"


class OpenDataAdminMixin:
    """Adds the open-data page (`admin:registry_open_data`) to one model's admin.

    Writing a dump is a write of its own, so it needs its own permission.
    """

    def get_urls(self):
        urls = super().get_urls()
        if self.model._meta.proxy:  # Proxy admins share the model's URLs.
            return urls
        view = self.admin_site.admin_view(self.open_data_view)
        return [path("open-data/", view, name="registry_open_data"), *urls]

    def open_data_view(self, request):
        """The latest dump, and a button that writes a new one."""
        if not request.user.has_perm(PUBLISH_PERMISSION):
            raise PermissionDenied
        if request.method == "POST":
            dump = opendata.export_dump()
            messages.success(
                request,
                gettext("Open-data dump %(version)s written.")
                % {"version": dump.version},
            )
            return redirect("admin:registry_open_data")
        dumps = opendata.list_dumps()
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Open data"),
            "latest": dumps[0] if dumps else None,
            "count": len(dumps),
        }
        return TemplateResponse(request, "admin/open_data.html", context)
