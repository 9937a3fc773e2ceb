from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from registry.imports.ror import RorFileError, import_ror


class Command(BaseCommand):
    help = (
        "Import Research Organization Registry records (schema v1 or v2; a record, "
        "a list or a dump zip). Imported records are unpublished unless --publish."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument(
            "--publish", action="store_true", help="Publish the records it creates."
        )
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Replace fields officers edited by hand with ROR's values.",
        )

    def handle(self, *args, files, dry_run, publish, overwrite, **options):
        contents = []
        for path in files:
            try:
                contents.append((path.name, path.read_bytes()))
            except OSError as error:
                raise CommandError(f"Cannot read {path}: {error.strerror}") from None
        try:
            summary = import_ror(
                contents, dry_run=dry_run, publish=publish, overwrite=overwrite
            )
        except RorFileError as error:
            raise CommandError(str(error)) from None
        for line in summary.lines():
            self.stdout.write(line)
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
