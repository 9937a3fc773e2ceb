"""The data-quality page: each check a count and a link to its changelist."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from registry.admin.urls import model_admin_urls
from registry.models.quality import CHECKS, checks_for

PARAMETER = "quality"


def quality_filter(model):
    """A changelist filter offering the data-quality checks of `model`."""

    class QualityFilter(admin.SimpleListFilter):
        title = _("data quality")
        parameter_name = PARAMETER

        def lookups(self, request, model_admin):
            return [(check.key, check.label) for check in checks_for(model)]

        def queryset(self, request, queryset):
            for check in checks_for(model):
                if self.value() == check.key:
                    return queryset.filter(pk__in=check.queryset().values("pk"))
            return queryset

    return QualityFilter


class DataQualityAdminMixin:
    """Adds the data-quality page to the organizations' admin."""

    def get_urls(self):
        return [
            *model_admin_urls(
                self,
                ("data-quality/", self.data_quality_view, "data_quality"),
            ),
            *super().get_urls(),
        ]

    def data_quality_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        lines = []
        for check in CHECKS:
            opts = check.model._meta
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
            lines.append(
                {
                    "label": check.label,
                    "count": check.queryset().count(),
                    "url": f"{url}?{PARAMETER}={check.key}",
                }
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Data quality"),
            "lines": lines,
        }
        return TemplateResponse(request, "admin/registry/data_quality.html", context)
