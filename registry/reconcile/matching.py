"""Reconciliation: matching the names in a reader's spreadsheet to our records.

This is the logic behind the W3C Reconciliation Service API (version 0.2) at
/reconcile/, which OpenRefine and similar tools speak. Candidates come from
the registry's own name search (`registry.search.names`), so a name written in
Simplified or Traditional Chinese, in pinyin (full or initials), in English
or as an alias, with or without 有限公司 / Co., Ltd. / Inc., finds the same
record. Only published organizations are ever considered.
"""

import json
import math
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import reduce
from operator import or_
from urllib.parse import urlsplit

from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.models import Organization
from registry.models.organizations import District
from registry.search.names import (
    NOT_WORD,
    compact,
    name_forms,
    query_terms,
    strip_legal_suffix,
)
from registry.validators import normalize_ror_id, normalize_uscc

MAX_BATCH = 50
DEFAULT_LIMIT = 5
MAX_LIMIT = 25
MAX_QUERY_LENGTH = 200
# Entries of `properties` in one query or one data extension request, and the
# distinct values one query may look up: each value is a term of one SQL
# expression, and SQLite refuses a tree of a few thousand.
MAX_PROPERTIES = 20
MAX_VALUES = 20
# The largest request the service reads (form body or query string): a full
# batch of long Chinese names with a few properties each fits many times over.
MAX_REQUEST_BYTES = 256 * 1024
# Candidates looked at per query before ranking; a name search that matches
# more records than this is too vague to reconcile anyway.
MAX_CANDIDATES = 50

ORGANIZATION_TYPE = "organization"
TYPES = {ORGANIZATION_TYPE: gettext_lazy("Organization")} | dict(
    Organization.Kind.choices
)

# The query properties a reader may map spreadsheet columns to.
QUERY_PROPERTIES = {
    "uscc": gettext_lazy("Unified social credit code"),
    "ror": gettext_lazy("ROR id"),
    "website": gettext_lazy("Website"),
    "district": gettext_lazy("District"),
}


class ReconcileError(ValueError):
    """A request the service cannot answer; the message is shown to the client,
    with `status` (400 unless said otherwise, 413 for a request too large)."""

    def __init__(self, message, *, status: int = 400):
        super().__init__(message)
        self.status = status


@dataclass
class Candidate:
    organization: Organization
    score: float = 0.0
    exact_name: bool = False
    identifier: bool = False
    features: dict = field(default_factory=dict)

    @property
    def certain(self) -> bool:
        return self.identifier or self.exact_name


def type_list() -> list[dict]:
    return [{"id": key, "name": str(label)} for key, label in TYPES.items()]


# Parsing ------------------------------------------------------------------


def _no_constant(name: str):
    # Python's json reads NaN and Infinity, which are not JSON.
    raise ValueError(f"{name} is not a JSON number")


def load_json_object(raw: str, *, what: str) -> dict:
    try:
        value = json.loads(raw, parse_constant=_no_constant)
    except RecursionError:
        raise ReconcileError(
            _("%(what)s is nested too deeply.") % {"what": what}
        ) from None
    except (TypeError, ValueError) as error:
        raise ReconcileError(
            _("%(what)s is not valid JSON: %(error)s") % {"what": what, "error": error}
        ) from None
    if not isinstance(value, dict):
        raise ReconcileError(_("%(what)s must be a JSON object.") % {"what": what})
    return value


def parse_queries(raw: str) -> dict[str, dict]:
    """The batch of queries in `raw`, checked; ReconcileError says what is wrong."""
    batch = load_json_object(raw, what="queries")
    if not batch:
        raise ReconcileError(_("queries holds no query."))
    if len(batch) > MAX_BATCH:
        raise ReconcileError(
            _("A batch holds at most %(max)d queries; this one holds %(count)d.")
            % {"max": MAX_BATCH, "count": len(batch)}
        )
    return {key: _checked_query(key, query) for key, query in batch.items()}


def _checked_query(key: str, query) -> dict:
    if not isinstance(query, dict):
        raise ReconcileError(_("Query %(key)s must be a JSON object.") % {"key": key})
    text = query.get("query", "")
    properties = query.get("properties", [])
    limit = query.get("limit", DEFAULT_LIMIT)
    types = query.get("type", [])
    types = [types] if isinstance(types, str) else types
    if (
        not isinstance(text, str)
        or len(text) > MAX_QUERY_LENGTH
        or not isinstance(properties, list)
        or not all(isinstance(p, dict) and "pid" in p and "v" in p for p in properties)
        or not isinstance(types, list)
        or not all(isinstance(t, str) for t in types)
        or isinstance(limit, bool)
        or not isinstance(limit, int | float)
        or not math.isfinite(limit)
    ):
        raise ReconcileError(
            _(
                "Query %(key)s is malformed: it needs a text `query` of at most "
                "%(max)d characters, and optionally `type`, a number `limit` and "
                "`properties` with `pid` and `v`."
            )
            % {"key": key, "max": MAX_QUERY_LENGTH}
        )
    if not text.strip() and not properties:
        raise ReconcileError(
            _("Query %(key)s has neither a query text nor properties.") % {"key": key}
        )
    return {
        "query": text,
        "types": types,
        "limit": max(1, min(int(limit), MAX_LIMIT)),
        "properties": _property_values(key, properties),
    }


def _property_values(key: str, properties: list[dict]) -> dict[str, list[str]]:
    """{pid: [value, ...]} for the properties of one query, each value once.

    Only the properties the service names (QUERY_PROPERTIES) are accepted,
    and at most MAX_PROPERTIES entries with MAX_VALUES distinct values.
    """
    if len(properties) > MAX_PROPERTIES:
        raise ReconcileError(
            _("Query %(key)s has more than %(max)d properties.")
            % {"key": key, "max": MAX_PROPERTIES}
        )
    unknown = sorted(
        {
            str(p["pid"])[:40]
            for p in properties
            if str(p["pid"]).lower() not in QUERY_PROPERTIES
        }
    )
    if unknown:
        raise ReconcileError(
            _("Query %(key)s has unknown properties: %(names)s. Known: %(known)s.")
            % {
                "key": key,
                "names": ", ".join(unknown),
                "known": ", ".join(QUERY_PROPERTIES),
            }
        )
    values: dict[str, list[str]] = {}
    count = 0
    for prop in properties:
        pid = str(prop["pid"]).lower()
        given = prop["v"] if isinstance(prop["v"], list) else [prop["v"]]
        for value in given:
            if isinstance(value, dict):
                value = value.get("id", "")
            if isinstance(value, list | dict):
                raise ReconcileError(
                    _("Query %(key)s has a property value that is not a text.")
                    % {"key": key}
                )
            value = str(value).strip()
            if not value or value in values.get(pid, []):
                continue
            count += 1
            if count > MAX_VALUES or len(value) > MAX_QUERY_LENGTH:
                raise ReconcileError(
                    _(
                        "Query %(key)s has more than %(max)d property values, or "
                        "one longer than %(length)d characters."
                    )
                    % {"key": key, "max": MAX_VALUES, "length": MAX_QUERY_LENGTH}
                )
            values.setdefault(pid, []).append(value)
    return values


# Matching -----------------------------------------------------------------


def published_organizations(types: list[str] | None = None):
    queryset = Organization.objects.published().select_related("parent")
    kinds = [t for t in types or [] if t in Organization.Kind.values]
    if kinds:
        queryset = queryset.filter(kind__in=kinds)
    return queryset


def reconcile_batch(queries: dict[str, dict]) -> dict[str, dict]:
    return {key: {"result": reconcile(query)} for key, query in queries.items()}


def reconcile(query: dict) -> list[dict]:
    """Ranked candidates for one checked query, as the API's result objects."""
    organizations = published_organizations(query["types"])
    properties = query["properties"]
    by_identifier = _identified(organizations, properties)
    candidates = {org.pk: Candidate(org, identifier=True) for org in by_identifier}
    for org in _named(organizations, query["query"]):
        candidates.setdefault(org.pk, Candidate(org))
    for candidate in candidates.values():
        _score(candidate, query["query"], properties)
    ranked = sorted(
        candidates.values(),
        key=lambda c: (-c.score, c.organization.name_en, c.organization.pk),
    )
    certain = [c for c in ranked if c.identifier] or [c for c in ranked if c.exact_name]
    return [
        _result(c, match=len(certain) == 1 and c is certain[0])
        for c in ranked[: query["limit"]]
    ]


def _identified(organizations, properties: dict[str, list[str]]) -> list:
    lookups = [Q(uscc=normalize_uscc(v)) for v in properties.get("uscc", [])]
    lookups += [Q(ror_id=normalize_ror_id(v)) for v in properties.get("ror", [])]
    lookups = [lookup for lookup in lookups if "" not in dict(lookup.children).values()]
    if not lookups:
        return []
    return list(organizations.filter(reduce(or_, lookups)))


def _named(organizations, text: str) -> list:
    """Published organizations whose names may be the one written in `text`."""
    # Words joined by punctuation ("OpenX-Lab", "AI&IoT") are looked up apart.
    stripped = NOT_WORD.sub(" ", strip_legal_suffix(text))
    if not query_terms(stripped):
        return []
    found = list(organizations.search(stripped)[:MAX_CANDIDATES])
    if found:
        return found
    # No record has every word: look at those that have any of them (a word
    # run together, a word missing), to rank by how close the whole name is.
    terms = [term for term in query_terms(stripped) if len(term) > 1]
    if not terms:
        return []
    return list(organizations.holding_any_word(terms)[:MAX_CANDIDATES])


def organization_names(org: Organization) -> list[str]:
    return [name for name in (org.name_en, org.name_zh, *org.alias_list) if name]


def _score(candidate: Candidate, text: str, properties: dict[str, list[str]]):
    org = candidate.organization
    asked = name_forms(text)
    forms = set().union(*(name_forms(name) for name in organization_names(org)))
    candidate.exact_name = bool(asked & forms)
    if candidate.exact_name or candidate.identifier:
        score = 100.0
    elif asked:
        written = compact(strip_legal_suffix(text))
        ratio = max(SequenceMatcher(None, written, form).ratio() for form in forms)
        score = round(90 * ratio, 1)
    else:
        score = 0.0
    candidate.features = {"name_exact": candidate.exact_name}
    if "website" in properties:
        same = _host(org.website) in {_host(v) for v in properties["website"]}
        candidate.features["website"] = same and bool(org.website)
        score += 5 if candidate.features["website"] else -10
    if "district" in properties:
        same = bool(org.district) and org.district in {
            _district(v) for v in properties["district"]
        }
        candidate.features["district"] = same
        score += 5 if same else -10
    candidate.score = max(0.0, min(100.0, score))


def _host(url: str) -> str:
    url = url.strip().lower()
    host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    return host.removeprefix("www.")


def _district(value: str) -> str:
    """A district's code from its code or its English or Chinese name."""
    written = compact(value)
    for code, label in District.choices:
        names = {compact(code), compact(str(label)), compact(_zh_label(label))}
        names |= {name.removesuffix("district") for name in names}
        if written in names or written.removesuffix("区") in names:
            return code
    return written


def _zh_label(label) -> str:
    with translation.override("zh-hans"):
        return str(label).removesuffix("区")


def describe(org: Organization) -> str:
    """One line that tells namesakes apart: the other name, kind and parent."""
    other = org.name_zh if org.name == org.name_en else org.name_en
    parts = [other, str(org.get_kind_display())]
    if org.parent_id and org.parent.is_published:
        parts.append(_("part of %(parent)s") % {"parent": org.parent.name})
    return " · ".join(part for part in parts if part)


def entity_types(org: Organization) -> list[dict]:
    return [
        {"id": org.kind, "name": str(org.get_kind_display())},
        {"id": ORGANIZATION_TYPE, "name": str(TYPES[ORGANIZATION_TYPE])},
    ]


def _result(candidate: Candidate, *, match: bool) -> dict:
    org = candidate.organization
    return {
        "id": org.slug,
        "name": org.name,
        "description": describe(org),
        "score": candidate.score,
        "match": match,
        "type": entity_types(org),
        "features": [
            {"id": key, "value": value} for key, value in candidate.features.items()
        ],
    }
