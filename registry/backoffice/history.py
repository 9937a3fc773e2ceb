"""The change history of every registry record in the admin, with revert.

django-simple-history's admin lists each version with the changed fields (old
and new values), who made it, when and why; "Revert" opens the record's form
filled with an earlier version, so a revert passes the same validation and
constraints as any edit, and is itself recorded with its reason.
"""

from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

REASON_FIELD = "history_reason"
TIMESTAMPS = ["created_at", "updated_at"]


class ReasonForm(forms.ModelForm):
    history_reason = forms.CharField(
        label=_("Reason for this change"),
        max_length=100,
        required=False,
        help_text=_("Shown in the record's history."),
    )


class RegistryHistoryAdmin(SimpleHistoryAdmin):
    form = ReasonForm
    object_history_list_template = "admin/registry/object_history_list.html"

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if REASON_FIELD not in flatten_fieldsets(fieldsets):
            fieldsets.append((None, {"fields": (REASON_FIELD,)}))
        return fieldsets

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        return (
            super()
            .get_history_queryset(request, history_manager, pk_name, object_id)
            .select_related("import_run")
        )

    def set_history_delta_changes(
        self, request, historical_records, foreign_keys_are_objs=True
    ):
        # Timestamps change with every save; the officer wants the real changes.
        previous = None
        for current in historical_records:
            if previous is not None:
                delta = previous.diff_against(
                    current,
                    excluded_fields=TIMESTAMPS,
                    foreign_keys_are_objs=foreign_keys_are_objs,
                )
                helper = self.get_historical_record_context_helper(request, previous)
                previous.history_delta_changes = helper.context_for_delta_changes(delta)
            previous = current

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        request.reverting_to = version_id
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        reason = form.cleaned_data.get(REASON_FIELD, "")
        version_id = getattr(request, "reverting_to", None)
        if version_id is not None:
            version = obj.history.filter(history_id=version_id).first()
            if version is not None:
                reverted = gettext("Reverted to the version of %(date)s.") % {
                    "date": formats.date_format(
                        version.history_date, "SHORT_DATETIME_FORMAT"
                    )
                }
                reason = f"{reverted} {reason}".strip()
        obj._change_reason = reason[:100]
        super().save_model(request, obj, form, change)
