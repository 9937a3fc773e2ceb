"""Open-data dumps: every published record as JSON and CSV, with a manifest.

A dump is a directory under REGISTRY_OPEN_DATA_DIR named by its UTC time of
generation (its version), holding one JSON and one CSV file per resource, a
`manifest.json` (counts, SHA-256 checksums, licence, time), `SHA256SUMS`
(for `sha256sum -c`) and `datapackage.json` (a Frictionless Data Package).
The command `export_open_data`, the admin and the /data/ page all go through
this module.
"""

import csv
import datetime
import hashlib
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from registry.api.resources import RESOURCES
from registry.formats.tables import cells_of, columns_of
from registry.lists.cells import csv_cell
from registry.lists.streaming import chunks
from registry.logs import log_event
from registry.models.base import real_records
from registry.opendata.datapackage import DATAPACKAGE, write_datapackage

VERSION_PATTERN = re.compile(r"^\d{8}T\d{6}Z(-\d{1,3})?$")
MANIFEST = "manifest.json"
CHECKSUMS = "SHA256SUMS"


@dataclass(frozen=True)
class DumpFile:
    name: str
    resource: str
    format: str
    rows: int
    bytes: int
    sha256: str


@dataclass(frozen=True)
class Dump:
    version: str
    generated_at: str
    licence: str
    licence_url: str
    counts: dict
    files: list[DumpFile]

    @property
    def generated_at_seconds(self) -> str:
        """The time of generation to the second, as HTML's <time> accepts it."""
        moment = datetime.datetime.fromisoformat(self.generated_at)
        return moment.replace(microsecond=0).isoformat()

    def file(self, name: str) -> DumpFile | None:
        return next((f for f in self.files if f.name == name), None)


def dumps_directory() -> Path:
    return Path(settings.REGISTRY_OPEN_DATA_DIR)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def _new_version(directory: Path, now) -> str:
    base = now.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    # After the newest of this second: older ones may have been pruned.
    taken = [n for b, n in map(_version_key, _versions(directory)) if b == base]
    return f"{base}-{max(taken) + 1}" if taken else base


# Records turned into JSON text at a time: the encoder holds every piece of
# its text until the end, some 300 strings a record.
JSON_ROWS = 200


def _write_resource(queryset, serializer, json_path: Path, csv_path: Path) -> int:
    """Write one resource as JSON and CSV, a chunk of records at a time.

    The JSON is laid out as `json.dumps(rows, indent=1)` would lay it out:
    each part is one such list, written without its brackets.
    """
    columns = columns_of(serializer)
    cells = cells_of(columns)
    count = 0
    with (
        json_path.open("w", encoding="utf-8") as json_file,
        csv_path.open("w", encoding="utf-8-sig", newline="") as csv_file,
    ):
        writer = csv.writer(csv_file)
        writer.writerow(columns)
        json_file.write("[")
        for chunk in chunks(queryset):
            # A plain list: the serializer's own keeps it, and the records, alive.
            rows = list(serializer(chunk, many=True).data)
            del chunk  # the records, before the text is made
            for start in range(0, len(rows), JSON_ROWS):
                text = json.dumps(
                    rows[start : start + JSON_ROWS], ensure_ascii=False, indent=1
                )
                json_file.write(("\n" if not count else ",\n") + text[2:-2])
                count += len(rows[start : start + JSON_ROWS])
            writer.writerows([csv_cell(value) for value in cells(row)] for row in rows)
        json_file.write("\n]" if count else "]")
    return count


def export_dump(
    *, directory: Path | None = None, include_synthetic: bool = False
) -> Dump:
    """Write a new dump of the published records and return it.

    Synthetic (demo) records stay out unless `include_synthetic`, which only a
    benchmark or a demonstration site asks for.
    """
    directory = directory or dumps_directory()
    directory.mkdir(parents=True, exist_ok=True)
    now = timezone.now()
    version = _new_version(directory, now)
    staging = directory / f".{version}.partial"
    staging.mkdir()
    try:
        files = []
        # The API's resources: the same published records, shown the same way.
        for resource, entry in RESOURCES.items():
            queryset = entry.queryset()
            # In the model's order, then by id: an unchanged registry writes the
            # same files, whichever way the database reads them.
            ordering = queryset.query.order_by or queryset.model._meta.ordering
            queryset = queryset.order_by(*ordering, "pk")
            if not include_synthetic:
                queryset = real_records(queryset)
            json_path = staging / f"{resource}.json"
            csv_path = staging / f"{resource}.csv"
            rows = _write_resource(queryset, entry.serializer, json_path, csv_path)
            for path, fmt in ((json_path, "json"), (csv_path, "csv")):
                files.append(
                    DumpFile(
                        name=path.name,
                        resource=resource,
                        format=fmt,
                        rows=rows,
                        bytes=path.stat().st_size,
                        sha256=sha256_of(path),
                    )
                )
        dump = Dump(
            version=version,
            generated_at=now.isoformat(),
            licence=settings.REGISTRY_OPEN_DATA_LICENCE,
            licence_url=settings.REGISTRY_OPEN_DATA_LICENCE_URL,
            counts={f.resource: f.rows for f in files if f.format == "json"},
            files=files,
        )
        manifest = {
            "version": dump.version,
            "generated_at": dump.generated_at,
            "publisher": str(settings.REGISTRY_SITE_NAME),
            "licence": {"name": dump.licence, "url": dump.licence_url},
            "counts": dump.counts,
            "files": [f.__dict__ for f in files],
        }
        (staging / MANIFEST).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8"
        )
        write_datapackage(
            staging,
            dump=dump,
            serializers_by_resource={
                name: entry.serializer for name, entry in RESOURCES.items()
            },
        )
        (staging / CHECKSUMS).write_text(
            "".join(f"{f.sha256}  {f.name}\n" for f in files), encoding="utf-8"
        )
        staging.rename(directory / version)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    prune_dumps(keep=settings.REGISTRY_OPEN_DATA_KEEP, directory=directory)
    log_event("open_data.dump_written", version=dump.version, counts=dump.counts)
    return dump


def prune_dumps(*, keep: int, directory: Path | None = None) -> list[str]:
    """Delete all but the newest `keep` dumps; return the versions deleted."""
    directory = directory or dumps_directory()
    if not directory.is_dir():
        return []
    versions = _versions(directory)
    old = versions[max(keep, 1) :]
    for version in old:
        shutil.rmtree(directory / version, ignore_errors=True)
    return old


def read_dump(version: str, *, directory: Path | None = None) -> Dump | None:
    """The dump of this version, or None if there is no such (complete) dump."""
    if not VERSION_PATTERN.match(version or ""):
        return None
    path = (directory or dumps_directory()) / version / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        return Dump(
            version=manifest["version"],
            generated_at=manifest["generated_at"],
            licence=manifest["licence"]["name"],
            licence_url=manifest["licence"]["url"],
            counts=manifest["counts"],
            files=[DumpFile(**f) for f in manifest["files"]],
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def list_dumps(*, directory: Path | None = None) -> list[Dump]:
    """Every complete dump, newest first."""
    directory = directory or dumps_directory()
    if not directory.is_dir():
        return []
    versions = _versions(directory)
    dumps = (read_dump(version, directory=directory) for version in versions)
    return [dump for dump in dumps if dump is not None]


def _versions(directory: Path) -> list[str]:
    """The versions of the dumps in `directory`, newest first."""
    names = (p.name for p in directory.iterdir() if VERSION_PATTERN.match(p.name))
    return sorted(names, key=_version_key, reverse=True)


def _version_key(version: str) -> tuple[str, int]:
    base, _, n = version.partition("-")
    return base, int(n or 1)


def dump_file_path(version: str, name: str) -> Path | None:
    """The path of a file listed in a dump's manifest (or the manifest), else None.

    Only names the manifest lists are served, so no request can reach any
    other file.
    """
    dump = read_dump(version)
    if dump is None:
        return None
    if name not in (MANIFEST, CHECKSUMS, DATAPACKAGE) and dump.file(name) is None:
        return None
    return dumps_directory() / dump.version / name
