"""How registry records map to spreadsheet rows, with django-import-export.

Rows name records by natural keys, never by database ids: an organization by
its credit code, ROR id or slug; a program by its code; a sector, award or
event by its slug. A file exported here imports back with no change.
"""

from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets
from import_export.resources import Diff

from registry.models import (
    Award,
    Event,
    Membership,
    Organization,
    Program,
    Recognition,
    Sector,
)
from registry.validators import normalize_ror_id, normalize_uscc


class NaturalKeyWidget(widgets.ForeignKeyWidget):
    """A related record named by a natural key; an unknown name is a row error."""

    def clean(self, value, row=None, **kwargs):
        value = "" if value is None else str(value).strip()
        if not value:
            return None
        try:
            return self.model._default_manager.get(**{self.field: value})
        except self.model.DoesNotExist:
            raise ValueError(
                gettext("No %(model)s with the %(key)s “%(value)s”.")
                % {
                    "model": self.model._meta.verbose_name,
                    "key": self.model._meta.get_field(self.field).verbose_name,
                    "value": value,
                }
            ) from None


def related(name: str, model, key: str) -> fields.Field:
    """A column naming a related record by its natural key (a slug or a code)."""
    return fields.Field(
        attribute=name, column_name=name, widget=NaturalKeyWidget(model, field=key)
    )


class NaturalKeysWidget(widgets.ManyToManyWidget):
    """Several related records, comma-separated; every name must exist."""

    def clean(self, value, row=None, **kwargs):
        names = [n.strip() for n in str(value or "").split(self.separator)]
        names = [n for n in names if n]
        if not names:
            return self.model.objects.none()
        found = self.model.objects.filter(**{f"{self.field}__in": names})
        missing = sorted(set(names) - {getattr(o, self.field) for o in found})
        if missing:
            raise ValueError(
                gettext("No %(model)s with the %(key)s “%(value)s”.")
                % {
                    "model": self.model._meta.verbose_name,
                    "key": self.model._meta.get_field(self.field).verbose_name,
                    "value": ", ".join(missing),
                }
            )
        return found

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return self.separator.join(sorted(getattr(o, self.field) for o in value.all()))


class RecordingDiff(Diff):
    """Keeps the old and new value of every field for the preview."""

    def __init__(self, resource, instance, new):
        super().__init__(resource, instance, new)
        resource.last_diff = self


class RegistryResource(resources.ModelResource):
    """Shared behaviour: natural keys, unchanged rows reported, field changes kept."""

    #: The columns that name the record a row is about.
    key_fields: tuple[str, ...] = ()

    class Meta:
        # Unchanged rows are reported as such; every record passes full_clean().
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.last_diff = None
        self.progress = kwargs.get("progress")

    def get_diff_class(self):
        return RecordingDiff

    def get_import_id_fields(self):
        return list(self.key_fields)

    def _check_import_id_fields(self, headers):
        # Natural keys are checked row by row in `find_existing`.
        return None

    def find_existing(self, row):  # pragma: no cover - every resource defines it
        raise NotImplementedError

    def get_instance(self, instance_loader, row):
        return self.find_existing(row)

    def row_keys(self, row) -> list[tuple]:
        """The natural keys a row names; two rows may not share one."""
        values = tuple(_text(row, name).casefold() for name in self.key_fields)
        return [values] if any(values) else []

    def after_import_row(self, row, row_result, **kwargs):
        super().after_import_row(row, row_result, **kwargs)
        diff = self.last_diff
        row_result.changes = []
        if diff is not None and diff.right:
            for field, old, new in zip(
                self.get_import_fields(), diff.left, diff.right, strict=False
            ):
                if str(old) != str(new):
                    row_result.changes.append((field.column_name, old, new))
        if self.progress:
            self.progress()


def _text(row, name):
    value = row.get(name)
    return "" if value is None else str(value).strip()


class OrganizationResource(RegistryResource):
    key_fields = ("uscc", "ror_id", "slug")
    parent = related("parent", Organization, "slug")
    sectors = fields.Field(
        attribute="sectors",
        column_name="sectors",
        widget=NaturalKeysWidget(Sector, field="slug", separator=","),
    )

    class Meta:
        model = Organization
        fields = (
            "slug",
            "uscc",
            "ror_id",
            "kind",
            "name_en",
            "name_zh",
            "aliases",
            "parent",
            "sectors",
            "ownership",
            "investor_country",
            "wikidata_id",
            "website",
            "established_year",
            "district",
            "address_en",
            "address_zh",
            "status",
            "is_star_listed",
            "stock_code",
            "is_published",
        )
        import_order = export_order = fields

    def find_existing(self, row):
        """By credit code first, then ROR id, then slug."""
        uscc = normalize_uscc(_text(row, "uscc"))
        ror_id = normalize_ror_id(_text(row, "ror_id"))
        slug = _text(row, "slug")
        for field, value in (("uscc", uscc), ("ror_id", ror_id), ("slug", slug)):
            if value:
                found = Organization.objects.filter(**{field: value}).first()
                if found is not None:
                    return found
        return None

    def row_keys(self, row) -> list[tuple]:
        """Each identifier on its own: two rows with one credit code clash."""
        values = {
            "uscc": normalize_uscc(_text(row, "uscc")),
            "ror_id": normalize_ror_id(_text(row, "ror_id")),
            "slug": _text(row, "slug"),
        }
        return [(name, value) for name, value in values.items() if value]

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        # A slug is set once, on creation, so that public links keep working.
        if field.attribute == "slug" and instance.pk is not None:
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def before_save_instance(self, instance, row, **kwargs):
        instance.ror_id = normalize_ror_id(instance.ror_id)


class MembershipResource(RegistryResource):
    key_fields = ("organization", "program")
    organization = related("organization", Organization, "slug")
    program = related("program", Program, "code")

    class Meta:
        model = Membership
        fields = ("organization", "program", "status", "joined_on", "left_on")
        import_order = export_order = fields

    def find_existing(self, row):
        """The open membership of the organization in the program, else the latest."""
        found = Membership.objects.filter(
            organization__slug=_text(row, "organization"),
            program__code=_text(row, "program"),
        )
        return (
            found.filter(~Q(status=Membership.Status.ENDED)).first()
            or found.order_by("-joined_on", "-id").first()
        )


class RecognitionResource(RegistryResource):
    key_fields = ("award", "organization", "year")
    award = related("award", Award, "slug")
    organization = related("organization", Organization, "slug")
    event = related("event", Event, "slug")

    class Meta:
        model = Recognition
        fields = (
            "award",
            "organization",
            "year",
            "event",
            "citation_en",
            "citation_zh",
            "source",
            "publish_at",
        )
        import_order = export_order = fields

    def find_existing(self, row):
        year = _text(row, "year")
        if not year.isdigit():
            return None
        return Recognition.objects.filter(
            award__slug=_text(row, "award"),
            organization__slug=_text(row, "organization"),
            year=int(year),
        ).first()


RESOURCES = {
    "organizations": OrganizationResource,
    "memberships": MembershipResource,
    "recognitions": RecognitionResource,
}

RESOURCE_LABELS = {
    "organizations": _("Organizations"),
    "memberships": _("Memberships"),
    "recognitions": _("Recognitions"),
}
