"""Import of Research Organization Registry (ROR) records, schema v1 and v2.

ROR publishes each organization as JSON: a single record, a list, or a full
dump (a zip holding the list). The two schemas are told apart by their shape.
Records are matched by ROR id, then by exact normalized name, never
duplicated; what an officer typed by hand is kept unless `overwrite`.
"""

import hashlib
import json
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from registry.history import acting
from registry.imports.files import ImportFileError, check_archive
from registry.models import ImportRun, Organization
from registry.search.names import normalize
from registry.validators import normalize_ror_id

# The organization fields a ROR record fills.
MAPPED_FIELDS = (
    "name_en",
    "name_zh",
    "aliases",
    "kind",
    "status",
    "established_year",
    "website",
    "wikidata_id",
)
KIND_BY_TYPE = {
    "education": Organization.Kind.UNIVERSITY,
    "company": Organization.Kind.ENTERPRISE,
}


class RorFileError(Exception):
    """A file that holds no ROR records."""


@dataclass
class RorRecord:
    ror_id: str
    values: dict
    parents: list[str]
    children: list[str]


@dataclass
class RorSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    linked: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    kept: list[tuple[str, str]] = field(default_factory=list)
    run: ImportRun | None = None

    def lines(self) -> list[str]:
        lines = [
            f"{self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged, {len(self.skipped)} skipped, "
            f"{self.linked} linked as parent or child."
        ]
        lines += [f"Skipped {ror_id}: {why}" for ror_id, why in self.skipped]
        lines += [
            f"Kept the officer's {name} of {ror_id} (use --overwrite to replace it)."
            for ror_id, name in self.kept
        ]
        return lines


# A name with width, case, Traditional characters and spacing ignored, as in search.
normalized_name = normalize


ZIP_MAGIC = b"PK\x03\x04"


def _json_documents(name: str, content: bytes, *, inside_zip: bool = False):
    """The records of one file: JSON, or a zip of JSON files.

    What a zip expands to is checked from its directory before anything is
    decompressed (REGISTRY_ROR_MAX_BYTES in all, and no member compressed
    beyond REGISTRY_ARCHIVE_MAX_RATIO); a zip inside the zip is not opened.
    """
    limit = settings.REGISTRY_ROR_MAX_BYTES
    if content.startswith(ZIP_MAGIC):
        if inside_zip:
            raise RorFileError(f"{name} is a zip inside the zip; it is not opened.")
        try:
            archive = check_archive(content, limit=limit, what=name)
        except ImportFileError as error:
            raise RorFileError(str(error)) from None
        members = [m for m in archive.namelist() if m.endswith(".json")]
        nested = [m for m in archive.namelist() if m.lower().endswith(".zip")]
        if nested:
            raise RorFileError(
                f"{name} holds zips ({', '.join(nested[:3])}); they are not opened."
            )
        # A dump holds the same records in both schemas; v2 is the richer one.
        v2 = [m for m in members if "schema_v2" in m]
        for member in v2 or members:
            try:
                with archive.open(member) as opened:
                    data = opened.read(limit + 1)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError):
                raise RorFileError(f"{member} is not readable in {name}.") from None
            if len(data) > limit:
                raise RorFileError(f"{member} is larger than the directory says.")
            yield from _json_documents(member, data, inside_zip=True)
        return
    if len(content) > limit:
        raise RorFileError(
            f"{name} is larger than {limit / 1024 / 1024:g} MB; split it."
        )
    try:
        document = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise RorFileError(f"{name} is not JSON.") from None
    items = document if isinstance(document, list) else [document]
    if not all(isinstance(item, dict) and "id" in item for item in items):
        raise RorFileError(f"{name} holds no ROR records.")
    yield from items


def _kind(types: list[str]) -> str:
    types = [t.lower() for t in types]
    for ror_type, kind in KIND_BY_TYPE.items():
        if ror_type in types:
            return kind
    return Organization.Kind.RD_INSTITUTION


def _year(value) -> int | None:
    return value if isinstance(value, int) and 1800 <= value <= 2100 else None


def _wikidata(ids: list) -> str:
    ids = ids if isinstance(ids, list) else [ids]
    return next((str(i) for i in ids if str(i).startswith("Q")), "")


def _from_v2(item: dict) -> RorRecord:
    names = item.get("names", [])
    display = next((n["value"] for n in names if "ror_display" in n["types"]), "")
    chinese = [
        n["value"] for n in names if n.get("lang") == "zh" and "label" in n["types"]
    ]
    others = [
        n["value"]
        for n in names
        if n["value"] != display and n["value"] not in chinese[:1]
    ]
    wikidata = [
        i
        for e in item.get("external_ids", [])
        if e["type"] == "wikidata"
        for i in e["all"]
    ]
    website = next(
        (link["value"] for link in item.get("links", []) if link["type"] == "website"),
        "",
    )
    relations = item.get("relationships", [])
    return RorRecord(
        ror_id=normalize_ror_id(item["id"]),
        values={
            "name_en": display,
            "name_zh": chinese[0] if chinese else "",
            "aliases": "\n".join(v.strip() for v in others if v.strip()),
            "kind": _kind(item.get("types", [])),
            "status": item.get("status", "active"),
            "established_year": _year(item.get("established")),
            "website": website,
            "wikidata_id": _wikidata(wikidata),
        },
        parents=[r["id"] for r in relations if r["type"].lower() == "parent"],
        children=[r["id"] for r in relations if r["type"].lower() == "child"],
    )


def _from_v1(item: dict) -> RorRecord:
    labels = item.get("labels", [])
    chinese = [label["label"] for label in labels if label.get("iso639") == "zh"]
    others = [
        *item.get("acronyms", []),
        *item.get("aliases", []),
        *[label["label"] for label in labels if label["label"] not in chinese[:1]],
    ]
    wikidata = item.get("external_ids", {}).get("Wikidata", {}).get("all", [])
    relations = item.get("relationships", [])
    return RorRecord(
        ror_id=normalize_ror_id(item["id"]),
        values={
            "name_en": item.get("name", ""),
            "name_zh": chinese[0] if chinese else "",
            "aliases": "\n".join(v.strip() for v in others if v.strip()),
            "kind": _kind(item.get("types", [])),
            "status": item.get("status", "active"),
            "established_year": _year(item.get("established")),
            "website": (item.get("links") or [""])[0],
            "wikidata_id": _wikidata(wikidata),
        },
        parents=[r["id"] for r in relations if r["type"].lower() == "parent"],
        children=[r["id"] for r in relations if r["type"].lower() == "child"],
    )


def parse(files: list[tuple[str, bytes]]) -> list[RorRecord]:
    """Every record of the files, each ROR id once (the last copy wins)."""
    records = {}
    for name, content in files:
        for item in _json_documents(name, content):
            try:
                record = _from_v2(item) if "names" in item else _from_v1(item)
            except (AttributeError, KeyError, TypeError, ValueError, IndexError):
                raise RorFileError(
                    f"{name} holds a record that is not a ROR record: "
                    f"{str(item.get('id'))[:80]}."
                ) from None
            records[record.ror_id] = record
    return list(records.values())


def _name_index() -> dict[str, Organization]:
    index = {}
    for organization in Organization.objects.order_by("pk"):
        for name in (organization.name_en, organization.name_zh):
            if normalized_name(name):
                index.setdefault(normalized_name(name), organization)
    return index


def _match(record: RorRecord, names: dict, summary: RorSummary):
    """The organization a record is, None for a new one, False to skip it."""
    found = Organization.objects.filter(ror_id=record.ror_id).first()
    if found is not None:
        return found
    for key in ("name_en", "name_zh"):
        organization = names.get(normalized_name(record.values[key]))
        if organization is None:
            continue
        if organization.ror_id and organization.ror_id != record.ror_id:
            summary.skipped.append(
                (
                    record.ror_id,
                    f"its name matches {organization.slug}, which has the "
                    f"ROR id {organization.ror_id}; not merged",
                )
            )
            return False
        return organization
    return None


def _hand_edited(organization) -> set[str]:
    """Fields changed since the last ROR import, or set by hand before any."""
    last_import = (
        organization.history.filter(import_run__kind=ImportRun.Kind.ROR)
        .order_by("-history_date")
        .first()
    )
    edited = set()
    for name in MAPPED_FIELDS:
        current = getattr(organization, name)
        if last_import is None:
            if current not in ("", None):
                edited.add(name)
        elif getattr(last_import, name) != current:
            edited.add(name)
    return edited


# Dropped rather than losing the record when ROR's value does not fit.
OPTIONAL_FIELDS = {"website": "", "wikidata_id": "", "established_year": None}


def _valid(organization, record, summary) -> bool:
    try:
        organization.full_clean()
        return True
    except ValidationError as error:
        fixable = set(error.message_dict) <= set(OPTIONAL_FIELDS)
        for name in set(error.message_dict) & set(OPTIONAL_FIELDS):
            setattr(organization, name, OPTIONAL_FIELDS[name])
        if fixable:
            return _valid(organization, record, summary)
        summary.skipped.append((record.ror_id, "; ".join(error.messages)))
        return False


def _apply(record, organization, *, publish, overwrite, summary) -> None:
    if organization is None:
        organization = Organization(ror_id=record.ror_id, is_published=publish)
        for name, value in record.values.items():
            setattr(organization, name, value)
        if not _valid(organization, record, summary):
            return
        organization.save()
        summary.created += 1
        return
    edited = set() if overwrite else _hand_edited(organization)
    changed = []
    for name, value in record.values.items():
        if getattr(organization, name) == value:
            continue
        if name in edited:
            summary.kept.append((record.ror_id, name))
            continue
        setattr(organization, name, value)
        changed.append(name)
    if not organization.ror_id:
        organization.ror_id = record.ror_id
        changed.append("ror_id")
    if not changed:
        summary.unchanged += 1
        return
    if not _valid(organization, record, summary):
        return
    organization.save()
    summary.updated += 1


def _is_ancestor(candidate, organization) -> bool:
    seen = set()
    while candidate is not None and candidate.pk not in seen:
        if candidate.pk == organization.pk:
            return True
        seen.add(candidate.pk)
        candidate = candidate.parent
    return False


def _link(records: list[RorRecord], summary: RorSummary) -> None:
    """Parents and children, across the file and records imported earlier."""
    pairs = set()
    for record in records:
        pairs |= {(normalize_ror_id(p), record.ror_id) for p in record.parents}
        pairs |= {(record.ror_id, normalize_ror_id(c)) for c in record.children}
    ids = {ror_id for pair in pairs for ror_id in pair}
    by_id = {o.ror_id: o for o in Organization.objects.filter(ror_id__in=ids)}
    for parent_id, child_id in sorted(pairs):
        parent, child = by_id.get(parent_id), by_id.get(child_id)
        if parent is None or child is None or child.parent_id is not None:
            continue
        if _is_ancestor(parent, child):
            continue
        child.parent = parent
        child.save()
        summary.linked += 1


def import_ror(
    files: list[tuple[str, bytes]],
    *,
    user=None,
    dry_run: bool = False,
    publish: bool = False,
    overwrite: bool = False,
) -> RorSummary:
    """Create or update organizations from ROR files; `dry_run` writes nothing."""
    records = parse(files)
    digest = hashlib.sha256(b"".join(content for _name, content in files))
    summary = RorSummary()
    with transaction.atomic():
        run = ImportRun.objects.create(
            kind=ImportRun.Kind.ROR,
            resource="organizations",
            file_name=", ".join(name for name, _content in files)[:255],
            sha256=digest.hexdigest(),
            user=user,
            status=ImportRun.Status.PREVIEWED if dry_run else ImportRun.Status.IMPORTED,
        )
        with acting(user=user, source="import", import_run=run):
            names = _name_index()
            for record in records:
                organization = _match(record, names, summary)
                if organization is False:
                    continue
                _apply(
                    record,
                    organization,
                    publish=publish,
                    overwrite=overwrite,
                    summary=summary,
                )
            _link(records, summary)
        run.new_count, run.changed_count = summary.created, summary.updated
        run.unchanged_count = summary.unchanged
        run.skipped_count = len(summary.skipped)
        run.save()
        if dry_run:
            transaction.set_rollback(True)
    summary.run = run
    return summary
