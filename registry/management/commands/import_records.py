from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from registry.imports.files import ENCODINGS, ImportFileError
from registry.imports.resources import RESOURCES
from registry.imports.runner import import_file


class Command(BaseCommand):
    help = (
        "Import organizations, memberships or recognitions from a CSV or XLSX file, "
        "as the admin does: every row or none."
    )

    def add_arguments(self, parser):
        parser.add_argument("resource", choices=sorted(RESOURCES))
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show what would change; write nothing.",
        )
        parser.add_argument(
            "--encoding",
            choices=ENCODINGS,
            help="The CSV's encoding (detected if left out).",
        )

    def handle(self, *args, resource, file, dry_run, encoding, **options):
        try:
            content = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from None
        with tqdm(desc=resource, unit=" rows", file=self.stderr, leave=False) as bar:
            try:
                report = import_file(
                    resource,
                    content=content,
                    file_name=file.name,
                    dry_run=dry_run,
                    encoding=encoding,
                    progress=lambda: bar.update(1),
                )
            except ImportFileError as error:
                raise CommandError(str(error)) from None
        for row in report.rows:
            if row.status == "error":
                self.stdout.write(f"Row {row.number}: " + " ".join(row.messages))
            elif row.status == "changed" and options["verbosity"] > 1:
                for label, old, new in row.changes:
                    self.stdout.write(f"Row {row.number}: {label}: {old!r} → {new!r}")
        counts = report.counts
        self.stdout.write(
            f"{counts['new']} new, {counts['changed']} changed, "
            f"{counts['unchanged']} unchanged, {counts['error']} errors."
        )
        if report.has_errors:
            raise CommandError("The file has errors: nothing was imported.")
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
