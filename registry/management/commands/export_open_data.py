from django.core.management.base import BaseCommand

from registry.opendata import dumps_directory, export_dump


class Command(BaseCommand):
    help = (
        "Write a versioned open-data dump of the published records (JSON and CSV "
        "per resource, manifest with counts and SHA-256 checksums) under "
        "REGISTRY_OPEN_DATA_DIR."
    )

    def handle(self, *args, **options):
        dump = export_dump()
        counts = ", ".join(f"{name} {n}" for name, n in dump.counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Open-data dump {dump.version} written to "
                f"{dumps_directory() / dump.version} ({counts})."
            )
        )
