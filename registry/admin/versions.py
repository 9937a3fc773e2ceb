"""The change history of every registry record in the admin, with revert.

django-simple-history's admin lists each version with the changed fields (old
and new values), who made it, when and why; a change of the kept relations (an
organization's sectors) reads as the related records' names. "Revert" opens the
record's form filled with an earlier version, relations included, so a revert
passes the same validation and constraints as any edit, in one transaction,
and is itself recorded with its reason.

A revert is a change: it needs the change permission (django-simple-history
asks only for the view permission), its form is the change form with the same
read-only fields, and what that form does not edit keeps today's value. A model
whose admin sets `revertible = False` (applications, whose decision is a
workflow) shows its versions but cannot be reverted.
"""

from django import forms
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied
from django.db import router, transaction
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import to_historic
from simple_history.template_utils import HistoricalRecordContextHelper
from simple_history.utils import get_m2m_reverse_field_name

REASON_FIELD = "history_reason"
TIMESTAMPS = ["created_at", "updated_at"]


class ReasonForm(forms.ModelForm):
    history_reason = forms.CharField(
        label=_("Reason for this change"),
        max_length=100,
        required=False,
        help_text=_("Shown in the record's history."),
    )


class RelationsByName(HistoricalRecordContextHelper):
    """A change of relations lists the related records by name, in the reader's
    language; none reads as empty, like any empty field."""

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        if isinstance(value, list):
            return ", ".join(sorted(str(item) for item in value))
        return value


def relations_of(version) -> dict[str, list]:
    """The related records a version kept, as initial data for the record's form."""
    return {
        field.name: list(
            getattr(version, field.name).values_list(
                get_m2m_reverse_field_name(field), flat=True
            )
        )
        for field in version._history_m2m_fields
    }


def with_initial(form_class, initial: dict):
    """`form_class`, its forms starting from `initial` rather than the record."""

    class Form(form_class):
        def __init__(self, *args, **kwargs):
            kwargs["initial"] = {**initial, **(kwargs.get("initial") or {})}
            super().__init__(*args, **kwargs)

    return Form


class RegistryHistoryAdmin(SimpleHistoryAdmin):
    form = ReasonForm
    revertible = True
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

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        version = to_historic(obj) if obj is not None else None
        if version is None:
            return form
        # Reverting: the change form (django-simple-history builds it as for
        # an add), holding the version's relations, not today's.
        form = super().get_form(request, obj, change=True, **kwargs)
        return with_initial(form, relations_of(version))

    def revert_disabled(self, request, obj=None):
        return (
            not self.revertible
            or not self.has_change_permission(request, obj)
            or super().revert_disabled(request, obj)
        )

    def get_historical_record_context_helper(self, request, historical_record):
        return RelationsByName(self.model, historical_record)

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
        if request.method == "POST":
            current = self.get_object(request, unquote(object_id))
            if current is None or self.revert_disabled(request, current):
                raise PermissionDenied
        request.reverting_to = version_id
        # As the change form: the record and its relations are written together.
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(
                request, object_id, version_id, extra_context
            )

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
            keep_what_the_form_does_not_edit(obj, form)
        obj._change_reason = reason[:100]
        super().save_model(request, obj, form, change)


def keep_what_the_form_does_not_edit(obj, form) -> None:
    """A reverted record keeps today's value of every field its form leaves out
    (read-only fields, decisions, timestamps): only what an officer may edit
    goes back to the version."""
    current = type(obj)._default_manager.get(pk=obj.pk)
    for field in obj._meta.concrete_fields:
        if field.name not in form.fields and not field.primary_key:
            setattr(obj, field.attname, getattr(current, field.attname))
