"""Review of registrations of interest: accept, reject, write to applicants."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from registry.admin.base import TIMESTAMPS
from registry.admin.urls import model_admin_urls
from registry.admin.versions import RegistryHistoryAdmin
from registry.applications import services
from registry.applications.forms import RejectionForm
from registry.models import Application, ApplicationMessage


class ApplicationMessageInline(admin.StackedInline):
    """Messages to the applicant. A new one is emailed; sent ones stay as sent."""

    model = ApplicationMessage
    fields = ("body", "sent_by", "created_at")
    readonly_fields = ("sent_by", "created_at")
    extra = 0
    can_delete = False
    verbose_name = _("message to the applicant")
    verbose_name_plural = _(
        "messages to the applicant (shown on the status page and emailed)"
    )

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(RegistryHistoryAdmin):
    """Review of registrations of interest: accept, reject, write to applicants."""

    revertible = False  # A decision is made with its buttons, never by a revert.

    list_display = (
        "reference",
        "name_zh",
        "name_en",
        "uscc",
        "status",
        "created_at",
        "decided_at",
    )
    list_filter = (
        "status",
        "program",
        "sectors",
        "ownership",
        "created_at",
        "decided_at",
    )
    search_fields = ("reference", "name_zh", "name_en", "uscc")
    date_hierarchy = "created_at"
    list_select_related = ("program",)
    autocomplete_fields = ("sectors",)
    inlines = (ApplicationMessageInline,)
    actions = ("accept_selected", "start_review_selected")
    change_form_template = "admin/registry/application/change_form.html"
    readonly_fields = (
        "reference",
        "program",
        "status",
        "language",
        "consent_version",
        "consented_at",
        "organization",
        "decided_by",
        "decided_at",
        "anonymized_at",
        *TIMESTAMPS,
    )
    fieldsets = (
        (None, {"fields": ("reference", "program", "status", "created_at")}),
        (
            _("Organization"),
            {
                "fields": (
                    "name_zh",
                    "name_en",
                    "uscc",
                    "sectors",
                    "ownership",
                    "district",
                    "address",
                    "website",
                    "interest",
                )
            },
        ),
        (
            _("Contact person (personal data)"),
            {"fields": ("contact_name", "contact_email", "contact_phone", "language")},
        ),
        (_("Internal notes"), {"fields": ("internal_notes",)}),
        (
            _("Decision"),
            {
                "fields": (
                    "organization",
                    "decided_by",
                    "decided_at",
                    "consent_version",
                    "consented_at",
                    "anonymized_at",
                    "updated_at",
                )
            },
        ),
    )

    def has_add_permission(self, request):
        return False  # Applications come from the public form.

    def get_urls(self):
        return [
            *model_admin_urls(
                self,
                ("<path:object_id>/accept/", self.accept_view, "accept"),
                ("<path:object_id>/reject/", self.reject_view, "reject"),
            ),
            *super().get_urls(),
        ]

    def save_formset(self, request, form, formset, change):
        if formset.model is not ApplicationMessage:
            return super().save_formset(request, form, formset, change)
        for message in formset.save(commit=False):
            services.send_message_to_applicant(
                form.instance, body=message.body, sent_by=request.user
            )

    @admin.action(
        description=_("Accept the selected applications"), permissions=["change"]
    )
    def accept_selected(self, request, queryset):
        # The admin hides the action without the permission; a forged POST
        # must meet the same check.
        if not self.has_change_permission(request):
            raise PermissionDenied
        accepted = 0
        for application in queryset:
            try:
                services.accept_application(application, decided_by=request.user)
            except services.ApplicationError as error:
                self.message_user(request, str(error), messages.WARNING)
            else:
                self.log_change(request, application, gettext("Accepted."))
                accepted += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d application accepted.",
                "%(count)d applications accepted.",
                accepted,
            )
            % {"count": accepted},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Mark the selected applications as in review"),
        permissions=["change"],
    )
    def start_review_selected(self, request, queryset):
        if not self.has_change_permission(request):
            raise PermissionDenied
        for application in queryset:
            if services.start_review(application):
                self.log_change(request, application, gettext("In review."))

    def _get_for_decision(self, request, object_id):
        application = self.get_object(request, object_id)
        if application is None:
            raise Http404
        if not self.has_change_permission(request, application):
            raise PermissionDenied
        return application

    def accept_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        application = self._get_for_decision(request, object_id)
        try:
            application = services.accept_application(
                application, decided_by=request.user
            )
        except services.ApplicationError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.log_change(request, application, gettext("Accepted."))
            self.message_user(
                request,
                gettext("%(application)s is accepted; %(organization)s is a member.")
                % {
                    "application": application.reference,
                    "organization": application.organization,
                },
                messages.SUCCESS,
            )
        return redirect("admin:registry_application_change", application.pk)

    def reject_view(self, request, object_id):
        application = self._get_for_decision(request, object_id)
        form = RejectionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.reject_application(
                    application,
                    decided_by=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except services.ApplicationError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.log_change(request, application, gettext("Rejected."))
                self.message_user(
                    request,
                    gettext("%(application)s is rejected; the applicant is told why.")
                    % {"application": application.reference},
                    messages.SUCCESS,
                )
            return redirect("admin:registry_application_change", application.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "application": application,
            "form": form,
            "title": gettext("Reject application %(reference)s")
            % {"reference": application.reference},
        }
        return TemplateResponse(
            request, "admin/registry/application/reject.html", context
        )
