"""Data quality: the gaps and likely duplicates officers should look at.

Each check is a queryset, so the admin page can show its count and link to
the changelist filtered by the same check (the `quality` list filter).
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from registry.models import (
    Award,
    Event,
    Membership,
    Organization,
    Program,
    Recognition,
)
from registry.search.names import normalize, pinyin_forms


def likely_duplicate_ids() -> set[int]:
    """Organizations that share a normalized name or its pinyin, or whose name
    is among another's aliases."""
    rows = Organization.objects.values_list("pk", "name_en", "name_zh", "aliases")
    by_name, by_pinyin, aliases = defaultdict(set), defaultdict(set), []
    for pk, name_en, name_zh, alias_text in rows:
        for name in (name_en, name_zh):
            if normalize(name):
                by_name[normalize(name)].add(pk)
        forms = pinyin_forms(name_zh)
        if forms:
            by_pinyin[forms[0]].add(pk)
        for alias in alias_text.splitlines():
            if normalize(alias):
                aliases.append((pk, normalize(alias)))
    duplicates = set()
    for group in [*by_name.values(), *by_pinyin.values()]:
        if len(group) > 1:
            duplicates |= group
    for pk, alias in aliases:
        others = by_name.get(alias, set()) - {pk}
        if others:
            duplicates |= others | {pk}
    return duplicates


@dataclass(frozen=True)
class Check:
    key: str
    label: object
    model: type
    query: object  # a function returning the queryset of records to look at

    def queryset(self):
        return self.query()


def _duplicates():
    return Organization.objects.filter(pk__in=likely_duplicate_ids())


CHECKS = [
    Check(
        "no_chinese_name",
        _("Organizations without a Chinese name"),
        Organization,
        lambda: Organization.objects.filter(name_zh=""),
    ),
    Check(
        "no_english_name",
        _("Organizations without an English name"),
        Organization,
        lambda: Organization.objects.filter(name_en=""),
    ),
    Check(
        "likely_duplicates",
        _("Likely duplicates: the same name or pinyin, or one in another's aliases"),
        Organization,
        _duplicates,
    ),
    Check(
        "firm_without_uscc",
        _("Firms without a credit code"),
        Organization,
        lambda: Organization.objects.filter(kind=Organization.Kind.ENTERPRISE, uscc=""),
    ),
    Check(
        "institution_without_ror_id",
        _("Institutions without a ROR id"),
        Organization,
        lambda: Organization.objects.institutions().filter(ror_id=""),
    ),
    Check(
        "published_unit_of_unpublished_parent",
        _("Published units whose parent is unpublished"),
        Organization,
        lambda: Organization.objects.filter(
            is_published=True, parent__is_published=False
        ),
    ),
    Check(
        "member_without_joining_date",
        _("Members with no joining date"),
        Membership,
        lambda: Membership.objects.filter(
            ~Q(status=Membership.Status.ENDED), joined_on__isnull=True
        ),
    ),
    Check(
        "recognition_without_source",
        _("Recognitions that cite no source"),
        Recognition,
        lambda: Recognition.objects.filter(source=""),
    ),
    # The program, its awards and its event show in English on Chinese pages
    # when no source gives their Chinese names.
    *(
        Check(
            f"{model._meta.model_name}_without_chinese_name",
            label,
            model,
            lambda model=model: model.objects.filter(name_zh=""),
        )
        for model, label in (
            (Program, _("Programs without a Chinese name")),
            (Award, _("Awards without a Chinese name")),
            (Event, _("Events without a Chinese name")),
        )
    ),
]


def checks_for(model) -> list[Check]:
    return [check for check in CHECKS if check.model is model]
