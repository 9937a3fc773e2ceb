from django.core.management.base import BaseCommand

from registry.roles import setup_roles


class Command(BaseCommand):
    help = (
        "Create or update the groups Program officers, Application reviewers and "
        "Auditors with exactly their permissions. Safe to run again."
    )

    def handle(self, *args, **options):
        for name, group in setup_roles().items():
            self.stdout.write(f"{name}: {group.permissions.count()} permissions")
