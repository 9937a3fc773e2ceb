from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from registry.caching.version import bump_version
from registry.database import refresh_planner_statistics
from registry.imports.demo import generate_demo_data, remove_demo_data


class Command(BaseCommand):
    help = (
        "Add N synthetic organizations (marked, with memberships, sectors and "
        "awards) for demonstrations and benchmarks, or remove them all."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--organizations",
            type=int,
            default=0,
            metavar="N",
            help="How many synthetic organizations to add.",
        )
        parser.add_argument(
            "--remove",
            action="store_true",
            help="Delete every synthetic record (and nothing else) first.",
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even though DEBUG is off.",
        )
        parser.add_argument(
            "--seed", type=int, default=2024, help="Seed of the name generator."
        )

    def handle(self, *args, organizations, remove, allow_production, seed, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "DEBUG is off: this looks like a real site. Synthetic records do not "
                "belong there; pass --allow-production if they really should."
            )
        if organizations < 0:
            raise CommandError("--organizations must be 0 or more.")
        if not organizations and not remove:
            raise CommandError("Give --organizations N, or --remove.")
        if remove:
            removed = remove_demo_data()
            self.stdout.write(f"Removed {removed} synthetic organizations.")
        if organizations:
            with tqdm(
                total=organizations,
                unit="org",
                file=self.stderr._out,
                disable=options["verbosity"] == 0,
            ) as bar:
                try:
                    summary = generate_demo_data(
                        organizations=organizations, seed=seed, progress=bar.update
                    )
                except ValueError as error:
                    raise CommandError(str(error)) from error
            self.stdout.write(
                self.style.SUCCESS(
                    f"Added {summary.organizations} synthetic organizations, "
                    f"{summary.memberships} memberships and "
                    f"{summary.recognitions} recognitions."
                )
            )
        refresh_planner_statistics()
        bump_version()
