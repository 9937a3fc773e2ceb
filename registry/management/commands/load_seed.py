from django.core.management.base import BaseCommand

from registry.installation import load_seed_data


class Command(BaseCommand):
    help = (
        "Load the sourced seed records (fixtures/registry.json) into an empty registry."
    )

    def handle(self, *args, **options):
        if load_seed_data():
            self.stdout.write(self.style.SUCCESS("Seed records loaded."))
        else:
            self.stdout.write("The registry already has records; seed data not loaded.")
