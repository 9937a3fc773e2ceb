"""The ROR import page for officers; `manage.py import_ror` does the same."""

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from registry.admin.urls import model_admin_urls
from registry.imports.ror import RorFileError, import_ror


class RorImportForm(forms.Form):
    file = forms.FileField(
        label=_("ROR file"),
        help_text=_("A ROR record, a list of records (JSON) or a ROR dump (zip)."),
    )
    dry_run = forms.BooleanField(
        label=_("Preview only: write nothing"), required=False, initial=True
    )
    publish = forms.BooleanField(
        label=_("Publish the records it creates"), required=False
    )
    overwrite = forms.BooleanField(
        label=_("Replace fields officers edited by hand"), required=False
    )


class RorImportAdminMixin:
    def get_urls(self):
        return [
            *model_admin_urls(
                self,
                ("import-ror/", self.ror_import_view, "ror_import"),
            ),
            *super().get_urls(),
        ]

    def ror_import_view(self, request):
        if not (
            self.has_add_permission(request) and self.has_change_permission(request)
        ):
            raise PermissionDenied
        form, summary = RorImportForm(), None
        if request.method == "POST":
            form = RorImportForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                limit = settings.REGISTRY_ROR_MAX_BYTES
                if upload.size > limit:
                    form.add_error(
                        "file",
                        gettext("The file is larger than %(limit)s MB.")
                        % {"limit": f"{limit / 1024 / 1024:g}"},
                    )
                else:
                    try:
                        summary = import_ror(
                            [(upload.name, upload.read())],
                            user=request.user,
                            dry_run=form.cleaned_data["dry_run"],
                            publish=form.cleaned_data["publish"],
                            overwrite=form.cleaned_data["overwrite"],
                        )
                    except RorFileError as error:
                        form.add_error("file", str(error))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Import from ROR"),
            "form": form,
            "summary": summary,
            "dry_run": form.is_bound and form.cleaned_data.get("dry_run"),
        }
        return TemplateResponse(request, "admin/registry/ror_import.html", context)
