from django.conf import settings
from django.core.management.base import BaseCommand

from registry.applications.privacy import purge_applications


class Command(BaseCommand):
    help = (
        "Anonymize rejected and withdrawn applications once their retention period "
        "(REGISTRY_APPLICATION_RETENTION_DAYS) has passed."
    )

    def handle(self, *args, **options):
        count = purge_applications()
        self.stdout.write(
            f"Anonymized {count} application(s) decided more than "
            f"{settings.REGISTRY_APPLICATION_RETENTION_DAYS} days ago."
        )
