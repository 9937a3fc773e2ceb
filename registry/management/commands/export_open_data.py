from django.core.management.base import BaseCommand

from registry.opendata.dumps import dumps_directory, export_dump


class Command(BaseCommand):
    help = (
        "Write a versioned open-data dump of the published records (JSON and CSV "
        "per resource, manifest with counts and SHA-256 checksums) under "
        "REGISTRY_OPEN_DATA_DIR."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--include-synthetic",
            action="store_true",
            help="Include the synthetic records of generate_demo_data (benchmarks, "
            "demonstrations). Left out by default.",
        )

    def handle(self, *args, include_synthetic=False, **options):
        dump = export_dump(include_synthetic=include_synthetic)
        counts = ", ".join(f"{name} {n}" for name, n in dump.counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Open-data dump {dump.version} written to "
                f"{dumps_directory() / dump.version} ({counts})."
            )
        )
