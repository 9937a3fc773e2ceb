from pathlib import Path

from django.core.management.base import BaseCommand

from registry.imports.files import FORMATS
from registry.imports.resources import RESOURCES
from registry.imports.runner import export_file


class Command(BaseCommand):
    help = "Export organizations, memberships or recognitions as CSV or XLSX."

    def add_arguments(self, parser):
        parser.add_argument("resource", choices=sorted(RESOURCES))
        parser.add_argument("--format", choices=FORMATS, default="csv")
        parser.add_argument("-o", "--output", type=Path, required=True)

    def handle(self, *args, resource, format, output, **options):
        content = export_file(resource, file_format=format)
        output.write_bytes(content)
        rows = RESOURCES[resource]._meta.model.objects.count()
        self.stdout.write(f"Wrote {rows} {resource} to {output}.")
