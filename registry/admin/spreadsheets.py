"""Import and export buttons on the changelists of organizations, memberships
and recognitions. The work is done by `registry.imports`, as in the commands.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from registry.admin.urls import model_admin_urls
from registry.imports.files import ImportFileError
from registry.imports.resources import RESOURCE_LABELS
from registry.imports.runner import confirm_preview, export_file, import_file
from registry.models import ImportRun


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV or XLSX. The first row names the columns."),
    )
    encoding = forms.ChoiceField(
        label=_("Encoding of a CSV file"),
        choices=[
            ("", _("Detect (UTF-8 or GB18030)")),
            ("utf-8", "UTF-8"),
            ("gb18030", _("GB18030 / GBK (Excel in Chinese)")),
        ],
        required=False,
    )


class SpreadsheetAdminMixin:
    """Adds /import/ and /export/ to a ModelAdmin whose model has a resource."""

    resource_name: str = ""
    change_list_template = "admin/registry/change_list_spreadsheets.html"

    def get_urls(self):
        return [
            *model_admin_urls(
                self,
                ("import/", self.import_view, "import"),
                ("export/", self.export_view, "export"),
            ),
            *super().get_urls(),
        ]

    def has_import_permission(self, request) -> bool:
        return self.has_add_permission(request) and self.has_change_permission(request)

    def changelist_view(self, request, extra_context=None):
        prefix = f"admin:{self.opts.app_label}_{self.opts.model_name}"
        extra_context = {
            **(extra_context or {}),
            "can_import": self.has_import_permission(request),
        }
        if hasattr(self, "data_quality_view"):
            extra_context["data_quality_url"] = reverse(f"{prefix}_data_quality")
        if hasattr(self, "ror_import_view") and extra_context["can_import"]:
            extra_context["ror_import_url"] = reverse(f"{prefix}_ror_import")
        return super().changelist_view(request, extra_context)

    def import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        report, form = None, ImportForm()
        if request.method == "POST" and "confirm" in request.POST:
            return self._confirm(request)
        if request.method == "POST":
            form = ImportForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                try:
                    report = import_file(
                        self.resource_name,
                        content=upload.read(),
                        file_name=upload.name,
                        user=request.user,
                        dry_run=True,
                        encoding=form.cleaned_data["encoding"] or None,
                        keep_file=True,
                    )
                except ImportFileError as error:
                    form.add_error("file", str(error))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Import %(records)s")
            % {"records": RESOURCE_LABELS[self.resource_name]},
            "form": form,
            "report": report,
        }
        return TemplateResponse(request, "admin/registry/import.html", context)

    def _confirm(self, request):
        run = get_object_or_404(
            ImportRun, pk=request.POST.get("run"), user=request.user
        )
        try:
            report = confirm_preview(run, user=request.user)
        except ValueError:
            self.message_user(
                request,
                gettext("This preview was already imported or has expired."),
                messages.ERROR,
            )
            return redirect(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_import"
            )
        counts = report.counts
        if report.has_errors:
            self.message_user(
                request,
                gettext("The file has errors: nothing was imported."),
                messages.ERROR,
            )
        else:
            self.message_user(
                request,
                gettext(
                    "Imported: %(new)d new, %(changed)d changed, "
                    "%(unchanged)d unchanged."
                )
                % {
                    "new": counts["new"],
                    "changed": counts["changed"],
                    "unchanged": counts["unchanged"],
                },
                messages.SUCCESS,
            )
        return redirect(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"
        )

    def export_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        file_format = request.GET.get("format", "csv")
        if file_format not in ("csv", "xlsx"):
            file_format = "csv"
        content = export_file(self.resource_name, file_format=file_format)
        content_type = (
            "text/csv; charset=utf-8"
            if file_format == "csv"
            else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = (
            f'attachment; filename="{self.resource_name}.{file_format}"'
        )
        return response
