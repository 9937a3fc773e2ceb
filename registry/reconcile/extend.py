"""Suggest, preview and data extension for the reconciliation service.

After OpenRefine has matched a column to our records (see
`registry.reconcile.matching`), these let it autocomplete names, show a
record's card, and add columns such as the credit code, ROR id or awards of
each matched record.
"""

from django.db.models import Exists, OuterRef, Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.models import Membership, Organization, Recognition
from registry.models.programs import main_program_code
from registry.reconcile.matching import (
    MAX_BATCH,
    MAX_PROPERTIES,
    MAX_QUERY_LENGTH,
    ReconcileError,
    describe,
    entity_types,
    load_json_object,
    published_organizations,
)
from registry.search.names import query_terms, strip_legal_suffix

SUGGEST_LIMIT = 10
# The columns data extension can add for matched records.
EXTEND_PROPERTIES = {
    "uscc": gettext_lazy("Unified social credit code"),
    "ror": gettext_lazy("ROR id"),
    "wikidata": gettext_lazy("Wikidata id"),
    "website": gettext_lazy("Website"),
    "kind": gettext_lazy("Kind"),
    "sectors": gettext_lazy("Sectors"),
    "parent": gettext_lazy("Parent organization"),
    "goi_member": gettext_lazy("Current GOI member"),
    "awards": gettext_lazy("Awards"),
}


def suggest(prefix: str, *, limit: int = SUGGEST_LIMIT) -> list[dict]:
    """Organizations whose names contain what the reader has typed so far."""
    text = strip_legal_suffix(prefix[:MAX_QUERY_LENGTH])
    if not query_terms(text):
        return []
    found = published_organizations().search(text).order_by("name_en", "pk")[:limit]
    return [
        {
            "id": org.slug,
            "name": org.name,
            "description": describe(org),
            "notable": entity_types(org),
        }
        for org in found
    ]


def preview_organization(entity_id: str) -> Organization | None:
    return (
        published_organizations()
        .prefetch_related("sectors")
        .filter(slug=entity_id)
        .first()
    )


def parse_extend(raw: str) -> tuple[list[str], list[str]]:
    """The ids and property ids of a data extension query, checked.

    Each property once, in the order first asked; only those the service
    proposes (EXTEND_PROPERTIES), in a list of at most MAX_PROPERTIES.
    """
    query = load_json_object(raw, what="extend")
    ids, properties = query.get("ids"), query.get("properties")
    if isinstance(properties, list) and len(properties) > MAX_PROPERTIES:
        raise ReconcileError(
            _("Extend at most %(max)d properties at a time.") % {"max": MAX_PROPERTIES}
        )
    if (
        not isinstance(ids, list)
        or not all(isinstance(i, str) for i in ids)
        or not isinstance(properties, list)
        or not all(
            isinstance(p, dict) and isinstance(p.get("id"), str) for p in properties
        )
    ):
        raise ReconcileError(
            _("extend needs a list of `ids` and a list of `properties` with an `id`.")
        )
    if len(ids) > MAX_BATCH:
        raise ReconcileError(
            _("Extend at most %(max)d records at a time.") % {"max": MAX_BATCH}
        )
    names = list(dict.fromkeys(p["id"] for p in properties))
    unknown = [name[:40] for name in names if name not in EXTEND_PROPERTIES]
    if unknown:
        raise ReconcileError(
            _("Unknown properties: %(names)s.") % {"names": ", ".join(unknown)}
        )
    return list(dict.fromkeys(ids)), names


def extend(ids: list[str], properties: list[str]) -> dict:
    """Column values for matched records; ids that are not (or no longer)
    published get empty cells."""
    program = main_program_code()
    organizations = (
        published_organizations()
        .filter(slug__in=ids)
        .annotate(
            is_main_member=Exists(
                Membership.objects.current().filter(
                    organization=OuterRef("pk"), program__code=program
                )
            )
        )
        .prefetch_related(
            "sectors",
            Prefetch(
                "recognitions",
                queryset=Recognition.objects.published()
                .select_related("award")
                .order_by("year", "award__name_en"),
            ),
        )
    )
    found = {org.slug: org for org in organizations}
    rows = {}
    for entity_id in ids:
        org = found.get(entity_id)
        rows[entity_id] = {
            prop: _cells(org, prop) if org else [] for prop in properties
        }
    return {
        "meta": [
            {"id": prop, "name": str(EXTEND_PROPERTIES[prop])} for prop in properties
        ],
        "rows": rows,
    }


def _cells(org: Organization, prop: str) -> list[dict]:
    text = {
        "uscc": org.uscc,
        "ror": org.ror_id,
        "wikidata": org.wikidata_id,
        "website": org.website,
        "kind": str(org.get_kind_display()),
        "goi_member": _("yes") if org.is_main_member else _("no"),
    }
    if prop in text:
        return [{"str": text[prop]}] if text[prop] else []
    if prop == "sectors":
        return [{"str": sector.name} for sector in org.sectors.all()]
    if prop == "parent":
        parent = org.parent
        if parent is None or not parent.is_published:
            return []
        return [{"id": parent.slug, "name": parent.name}]
    return [
        {"str": f"{recognition.award.name} {recognition.year}"}
        for recognition in org.recognitions.all()
    ]


def propose_properties(type_id: str, *, limit: int | None = None) -> dict:
    properties = [
        {"id": key, "name": str(label)} for key, label in EXTEND_PROPERTIES.items()
    ]
    return {"type": type_id, "properties": properties[:limit] if limit else properties}
