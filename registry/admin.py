"""The back office: every record of the registry, for program officers."""

from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from . import services
from .backoffice.history import RegistryHistoryAdmin
from .backoffice.quality import DataQualityAdminMixin, quality_filter
from .backoffice.ror import RorImportAdminMixin
from .backoffice.runs import ImportRunAdmin
from .backoffice.spreadsheets import SpreadsheetAdminMixin
from .forms import RejectionForm
from .models import (
    Application,
    ApplicationMessage,
    Award,
    Event,
    ImportRun,
    Institution,
    MemberFirm,
    Membership,
    Organization,
    Program,
    Recognition,
    ReportedFigure,
    Sector,
)

TIMESTAMPS = ("created_at", "updated_at")


class StableSlugMixin:
    """The slug is set once, on creation, so public links keep working."""

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        return readonly + ("slug",) if obj is not None else readonly


@admin.register(Sector)
class SectorAdmin(StableSlugMixin, RegistryHistoryAdmin):
    list_display = ("name_en", "name_zh", "slug")
    search_fields = ("name_en", "name_zh", "slug")


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ("program", "status", "joined_on", "left_on")
    autocomplete_fields = ("program",)
    extra = 0


class RecognitionInline(admin.TabularInline):
    model = Recognition
    fields = ("award", "year", "event", "source", "publish_at")
    autocomplete_fields = ("award", "event")
    extra = 0


class UnitInline(admin.TabularInline):
    model = Organization
    fk_name = "parent"
    fields = ("name_en", "name_zh", "kind", "is_published")
    verbose_name = _("unit")
    verbose_name_plural = _("units of this organization")
    show_change_link = True
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(
    DataQualityAdminMixin,
    RorImportAdminMixin,
    SpreadsheetAdminMixin,
    StableSlugMixin,
    RegistryHistoryAdmin,
):
    list_display = (
        "name_en",
        "name_zh",
        "kind",
        "parent",
        "ownership",
        "status",
        "is_published",
        "updated_at",
    )
    list_filter = (
        "kind",
        "ownership",
        "status",
        "is_published",
        "is_star_listed",
        "district",
        "sectors",
        quality_filter(Organization),
    )
    search_fields = (
        "name_en",
        "name_zh",
        "aliases",
        "uscc",
        "ror_id",
        "wikidata_id",
        "slug",
    )
    list_select_related = ("parent",)
    resource_name = "organizations"
    autocomplete_fields = ("parent", "sectors")
    readonly_fields = TIMESTAMPS
    inlines = (MembershipInline, RecognitionInline, UnitInline)
    fieldsets = (
        (None, {"fields": ("kind", "name_en", "name_zh", "aliases", "slug", "parent")}),
        (
            _("Work and ownership"),
            {"fields": ("sectors", "ownership", "investor_country")},
        ),
        (
            _("Identifiers"),
            {
                "fields": (
                    "uscc",
                    "ror_id",
                    "wikidata_id",
                    "website",
                    "is_star_listed",
                    "stock_code",
                )
            },
        ),
        (
            _("Place"),
            {"fields": ("established_year", "district", "address_en", "address_zh")},
        ),
        (_("Publication"), {"fields": ("status", "is_published", *TIMESTAMPS)}),
    )


@admin.register(MemberFirm)
class MemberFirmAdmin(OrganizationAdmin):
    """Organizations with a current program membership."""

    def get_queryset(self, request):
        return super().get_queryset(request).current_members()


@admin.register(Institution)
class InstitutionAdmin(OrganizationAdmin):
    """Incubators, R&D institutions and universities."""

    def get_queryset(self, request):
        return super().get_queryset(request).institutions()


@admin.register(Program)
class ProgramAdmin(StableSlugMixin, RegistryHistoryAdmin):
    list_display = (
        "code",
        "name_en",
        "name_zh",
        "launch_year",
        "accepts_applications",
        "applications_open_from",
        "applications_open_until",
    )
    list_filter = ("accepts_applications",)
    search_fields = ("code", "name_en", "name_zh", "slug")
    readonly_fields = TIMESTAMPS


@admin.register(Membership)
class MembershipAdmin(SpreadsheetAdminMixin, RegistryHistoryAdmin):
    resource_name = "memberships"
    list_display = ("organization", "program", "status", "joined_on", "left_on")
    list_filter = ("program", "status", "joined_on", quality_filter(Membership))
    search_fields = (
        "organization__name_en",
        "organization__name_zh",
        "organization__uscc",
    )
    list_select_related = ("organization", "program")
    autocomplete_fields = ("organization", "program")
    readonly_fields = TIMESTAMPS
    date_hierarchy = "joined_on"


@admin.register(Event)
class EventAdmin(StableSlugMixin, RegistryHistoryAdmin):
    list_display = ("name_en", "name_zh", "year", "date", "program")
    list_filter = ("year", "program")
    search_fields = ("name_en", "name_zh", "slug")
    list_select_related = ("program",)
    autocomplete_fields = ("program",)
    readonly_fields = TIMESTAMPS


@admin.register(Award)
class AwardAdmin(StableSlugMixin, RegistryHistoryAdmin):
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
class RecognitionAdmin(SpreadsheetAdminMixin, RegistryHistoryAdmin):
    resource_name = "recognitions"
    list_display = ("organization", "award", "year", "event", "publish_at")
    list_filter = ("award", "year", "event", quality_filter(Recognition))
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


@admin.register(ReportedFigure)
class ReportedFigureAdmin(RegistryHistoryAdmin):
    list_display = ("label_en", "label_zh", "value", "as_of", "source_title", "program")
    list_filter = ("program", "as_of")
    search_fields = ("label_en", "label_zh", "source_title", "slug")
    list_select_related = ("program",)
    autocomplete_fields = ("program",)
    readonly_fields = TIMESTAMPS


admin.site.register(ImportRun, ImportRunAdmin)


@admin.register(LogEntry)
class LogEntryAdmin(admin.ModelAdmin):
    """Who changed what: the admin's own change history, read-only."""

    list_display = ("action_time", "user", "content_type", "object_repr", "action_flag")
    list_filter = ("action_flag", "content_type", "user")
    search_fields = ("object_repr", "change_message", "user__username")
    list_select_related = ("user", "content_type")
    date_hierarchy = "action_time"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Registrations of interest ---------------------------------------------------


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
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<path:object_id>/accept/",
                self.admin_site.admin_view(self.accept_view),
                name=f"{prefix}_accept",
            ),
            path(
                "<path:object_id>/reject/",
                self.admin_site.admin_view(self.reject_view),
                name=f"{prefix}_reject",
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

    @admin.action(description=_("Accept the selected applications"))
    def accept_selected(self, request, queryset):
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

    @admin.action(description=_("Mark the selected applications as in review"))
    def start_review_selected(self, request, queryset):
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
