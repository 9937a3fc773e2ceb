"""Pieces shared by the registry's models."""

import copy
import re

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Func, IntegerField, OrderBy, Subquery, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import lazy
from django.utils.text import slugify
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from pypinyin import lazy_pinyin

from registry.validators import (
    USCC_FORMAT_MESSAGE,
    USCC_REGEX,
    normalize_uscc,
    validate_uscc,
)

# The years a program, event or recognition of the registry can have.
FIRST_YEAR = 1990
LAST_YEAR = 2100


def reads_chinese() -> bool:
    """Whether the reader's language, active for this request, is Chinese."""
    return (get_language() or "en").startswith("zh")


# A slug any record URL carries as it is; anything else goes through reverse().
_PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+\Z")
_SENTINEL = "record-slug"
_url_shapes: dict[tuple, tuple[str, str]] = {}


def record_url(view_name: str, slug) -> str:
    """`reverse(view_name, args=[slug])`, reversing each view once per language.

    A list links dozens of records, and reverse() searches the URLconf for
    each link. The URL's shape (what comes before and after the slug) is kept
    per view, language, script prefix and URLconf; a slug that is not plain
    letters, digits, hyphens and underscores goes through reverse() itself.
    """
    slug = str(slug)
    if not _PLAIN_SLUG.match(slug):
        return reverse(view_name, args=[slug])
    key = (view_name, get_language(), get_script_prefix(), get_urlconf())
    shape = _url_shapes.get(key)
    if shape is None:
        head, tail = reverse(view_name, args=[_SENTINEL]).rsplit(_SENTINEL, 1)
        shape = _url_shapes[key] = (head, tail)
    return f"{shape[0]}{slug}{shape[1]}"


def in_reader_language(obj, field: str) -> str:
    """`field_en` or `field_zh` in the reader's language, else the other one."""
    english, chinese = getattr(obj, f"{field}_en"), getattr(obj, f"{field}_zh")
    if reads_chinese():
        return chinese or english
    return english or chinese


def in_reader_language_field(field: str) -> property:
    """A read-only property: `field` in the reader's language (`in_reader_language`)."""
    return property(
        lambda obj: in_reader_language(obj, field),
        doc=f"`{field}_en` or `{field}_zh` in the reader's language.",
    )


def unique_slug(instance, *texts: str, max_length: int = 80) -> str:
    """A slug from the first usable text (Chinese via pinyin), made unique."""
    base = ""
    for text in texts:
        base = slugify(" ".join(lazy_pinyin(text or "")))[:max_length].strip("-")
        if base:
            break
    base = base or instance._meta.model_name
    manager = type(instance)._default_manager
    slug, n = base, 2
    while manager.filter(slug=slug).exclude(pk=instance.pk).exists():
        suffix = f"-{n}"
        slug, n = f"{base[: max_length - len(suffix)]}{suffix}", n + 1
    return slug


class BilingualNamed(models.Model):
    """A record with a stable slug and a name in English and Chinese."""

    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        blank=True,
        help_text=_("The record's address on the site. Filled in when left empty."),
    )
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name_en, self.name_zh)
        super().save(*args, **kwargs)

    name = in_reader_language_field("name")


class PublicPage:
    """A record with a public page of its own, at `page_route` with its slug."""

    page_route: str

    def get_absolute_url(self) -> str:
        return record_url(self.page_route, self.slug)


def name_required_constraint(model_name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=~models.Q(name_en="", name_zh=""),
        name=f"registry_{model_name}_has_a_name",
        violation_error_message=_("Give a name in English or in Chinese."),
    )


def unique_constraint(
    model_name: str, rule: str, *, fields: list, message, condition=None
) -> models.UniqueConstraint:
    """A uniqueness rule, named `registry_<model>_<rule>`, with the message a form
    shows when a record would break it."""
    return models.UniqueConstraint(
        fields=fields,
        condition=condition,
        name=f"registry_{model_name}_{rule}",
        violation_error_message=message,
    )


def year_validators(first: int = FIRST_YEAR) -> list:
    return [MinValueValidator(first), MaxValueValidator(LAST_YEAR)]


def _year_range_message(first: int) -> str:
    return gettext("Enter a year between %(first)s and %(last)s.") % {
        "first": first,
        "last": LAST_YEAR,
    }


def year_range_constraint(
    model_name: str,
    field: str = "year",
    first: int = FIRST_YEAR,
    *,
    nullable: bool = False,
) -> models.CheckConstraint:
    """The database's copy of `year_validators`: a year from `first` to LAST_YEAR
    (or none, when the field may be empty)."""
    condition = models.Q(**{f"{field}__gte": first, f"{field}__lte": LAST_YEAR})
    if nullable:
        condition = models.Q(**{f"{field}__isnull": True}) | condition
    return models.CheckConstraint(
        condition=condition,
        name=f"registry_{model_name}_{field}_range",
        violation_error_message=lazy(_year_range_message, str)(first),
    )


def uscc_format_constraint(model_name: str) -> models.CheckConstraint:
    """The database's copy of the credit-code format; an empty code passes."""
    return models.CheckConstraint(
        condition=models.Q(uscc="") | models.Q(uscc__regex=USCC_REGEX),
        name=f"registry_{model_name}_uscc_format",
        violation_error_message=USCC_FORMAT_MESSAGE,
    )


CREATED_HELP = _("When the record was created.")
UPDATED_HELP = _("When the record last changed.")


def created_at_field(verbose_name=None):
    return models.DateTimeField(
        verbose_name or _("created"), auto_now_add=True, help_text=CREATED_HELP
    )


def updated_at_field():
    return models.DateTimeField(_("updated"), auto_now=True, help_text=UPDATED_HELP)


def count_rows(queryset):
    """The number of rows of `queryset`, filtered on an OuterRef, as an annotation."""
    counted = (
        queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


class CreditCodeField(models.CharField):
    """A unified social credit code, stored upper-case without spaces or hyphens.

    Forms accept the code as people type it ("9131 0000 …"), so the form field
    is longer than the 18 characters stored.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 18)
        kwargs.setdefault("validators", [validate_uscc])
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("validators") == [validate_uscc]:
            del kwargs["validators"]
        return name, path, args, kwargs

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_uscc(value) if value else value

    def pre_save(self, model_instance, add):
        value = self.to_python(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        return super().formfield(**{"max_length": 40, **kwargs})


class SyntheticQuerySet(models.QuerySet):
    """Reading rules for records that `generate_demo_data` made up."""

    def synthetic(self):
        return self.filter(is_synthetic=True)

    def exclude_synthetic(self):
        """Real records only: what fixtures, the seed and open-data dumps hold."""
        return self.filter(is_synthetic=False)


def sort_name(first: str, second: str):
    """The name to sort by: `first` or else `second`, lower case."""
    return Lower(Coalesce(NullIf(first, Value("")), NullIf(second, Value(""))))


def synthetic_field() -> models.BooleanField:
    """The mark of a record that generate_demo_data made up."""
    return models.BooleanField(
        _("synthetic"),
        default=False,
        editable=False,
        help_text=_("Made up by generate_demo_data for demonstrations and benchmarks."),
    )


class SortIndex(models.Index):
    """An index that serves a sort putting unknown (null) values last.

    Write the column as the query sorts it, `F(name).desc(nulls_last=True)`.
    PostgreSQL keeps its nulls where the index says. SQLite accepts no NULLS in
    an index, and needs none: NULL is its lowest value, so a descending column
    already ends with them, and an ascending one is read in two passes (values,
    then nulls). There the column is created without NULLS.
    """

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "sqlite":
            return super().create_sql(model, schema_editor, using, **kwargs)
        index = copy.copy(self)
        index.expressions = tuple(
            OrderBy(e.expression, descending=e.descending)
            if isinstance(e, OrderBy)
            else e
            for e in self.expressions
        )
        return super(SortIndex, index).create_sql(model, schema_editor, using, **kwargs)


def real_records(queryset):
    """`queryset` without synthetic records, or records of synthetic organizations.

    Open-data dumps go through this, so a real site's dump never carries demo data.
    """
    model = queryset.model
    if hasattr(model, "is_synthetic"):
        return queryset.filter(is_synthetic=False)
    if any(f.name == "organization" for f in model._meta.get_fields()):
        return queryset.filter(organization__is_synthetic=False)
    return queryset
