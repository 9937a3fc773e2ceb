"""One import or export, as the admin and the commands both run it."""

import hashlib
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from registry.history import acting
from registry.imports.files import header_label, read_dataset, write_csv, write_xlsx
from registry.imports.resources import RESOURCE_LABELS, RESOURCES
from registry.logs import log_event
from registry.models import ImportRun


@dataclass
class RowReport:
    """One row of the file as the preview shows it."""

    number: int  # the spreadsheet's row number; the header is row 1
    status: str  # new, changed, unchanged or error
    record: str = ""
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    resource: str
    rows: list[RowReport]
    run: ImportRun | None = None

    @property
    def counts(self) -> Counter:
        return Counter(row.status for row in self.rows)

    @property
    def has_errors(self) -> bool:
        return any(row.status == "error" for row in self.rows)


def _messages(row_result) -> list[str]:
    messages = [str(error.error) for error in row_result.errors]
    if row_result.validation_error is not None:
        error = row_result.validation_error
        if hasattr(error, "message_dict"):
            for name, texts in error.message_dict.items():
                for text in texts:
                    messages.append(f"{name}: {text}" if name != "__all__" else text)
        else:
            messages.extend(error.messages)
    return messages


STATUS_OF = {"new": "new", "update": "changed", "skip": "unchanged"}


def _duplicate_keys(resource, dataset) -> dict[int, str]:
    """Rows that name the same record as an earlier row, with a message."""
    seen, duplicates = {}, {}
    for number, values in enumerate(dataset, 2):
        row = dict(zip(dataset.headers, values, strict=True))
        for key in resource.row_keys(row):
            if key in seen:
                duplicates[number] = _(
                    "Row %(first)s names the same record; give each record one row."
                ) % {"first": seen[key]}
            else:
                seen[key] = number
    return duplicates


def _run(resource, dataset, *, dry_run: bool):
    duplicates = _duplicate_keys(resource, dataset)
    result = resource.import_data(
        dataset,
        dry_run=dry_run or bool(duplicates),
        use_transactions=True,
        rollback_on_validation_errors=True,
        raise_errors=False,
    )
    rows = []
    base_errors = [str(error.error) for error in result.base_errors]
    for number, row_result in enumerate(result.rows, 2):
        messages = _messages(row_result)
        if number in duplicates:
            messages.append(duplicates[number])
        status = "error" if messages else STATUS_OF.get(row_result.import_type, "error")
        changes = [
            (header_label(resource, column), old, new)
            for column, old, new in getattr(row_result, "changes", [])
        ]
        rows.append(
            RowReport(
                number=number,
                status=status,
                record=row_result.object_repr or "",
                changes=changes if status == "changed" else [],
                messages=messages,
            )
        )
    if base_errors:
        rows.append(RowReport(number=1, status="error", messages=base_errors))
    return rows


def import_file(
    resource_name: str,
    *,
    content: bytes,
    file_name: str,
    user=None,
    dry_run: bool,
    encoding: str | None = None,
    source: str = "import",
    progress=None,
    keep_file: bool = False,
) -> ImportReport:
    """Preview (`dry_run`) or import a file, and record the run.

    Raises `ImportFileError` when the file cannot be read at all; then nothing
    is recorded. A real import writes every row or none: one row in error
    rolls the whole file back.
    """
    resource = RESOURCES[resource_name](progress=progress)
    dataset = read_dataset(
        resource, content=content, file_name=file_name, encoding=encoding
    )
    if keep_file:
        # One pending preview per officer: an older, unconfirmed one expires.
        ImportRun.objects.filter(
            user=user, status=ImportRun.Status.PREVIEWED, pending_file__isnull=False
        ).update(pending_file=None)
    run = ImportRun.objects.create(
        resource=resource_name,
        file_name=file_name[:255],
        sha256=hashlib.sha256(content).hexdigest(),
        user=user,
        status=ImportRun.Status.PREVIEWED if dry_run else ImportRun.Status.IMPORTED,
        encoding=encoding or "",
        pending_file=content if keep_file else None,
    )
    with acting(user=user, source=source, import_run=run):
        rows = _run(resource, dataset, dry_run=dry_run)
    report = ImportReport(resource=resource_name, rows=rows, run=run)
    counts = report.counts
    run.new_count = counts["new"]
    run.changed_count = counts["changed"]
    run.unchanged_count = counts["unchanged"]
    run.error_count = counts["error"]
    if report.has_errors and not dry_run:
        run.status = ImportRun.Status.FAILED
    run.save()
    if not dry_run:
        # Once the rows are committed (or rolled back for errors), so the line
        # never reports an import that a surrounding transaction undid. The
        # file is named by its checksum, not its name, which may name a person.
        transaction.on_commit(
            lambda: log_event(
                "import.run",
                run=run.pk,
                resource=resource_name,
                source=source,
                status=run.status,
                sha256=run.sha256,
                counts=dict(
                    new=run.new_count,
                    changed=run.changed_count,
                    unchanged=run.unchanged_count,
                    errors=run.error_count,
                ),
            )
        )
    return report


@transaction.atomic
def confirm_preview(run: ImportRun, *, user) -> ImportReport:
    """Import the file an officer previewed, as previewed."""
    run = ImportRun.objects.select_for_update().get(pk=run.pk)
    if run.status != ImportRun.Status.PREVIEWED or run.pending_file is None:
        raise ValueError("This preview was already imported or has expired.")
    content = bytes(run.pending_file)
    run.pending_file = None
    run.save(update_fields=["pending_file"])
    return import_file(
        run.resource,
        content=content,
        file_name=run.file_name,
        user=user,
        dry_run=False,
        encoding=run.encoding or None,
    )


def export_file(resource_name: str, *, file_format: str, queryset=None) -> bytes:
    """Every record of the resource (or `queryset`) as CSV or XLSX bytes."""
    resource = RESOURCES[resource_name]()
    dataset = resource.export(queryset)
    dataset.headers = [header_label(resource, name) for name in dataset.headers]
    if file_format == "xlsx":
        return write_xlsx(dataset, sheet_title=str(RESOURCE_LABELS[resource_name]))
    return write_csv(dataset)
