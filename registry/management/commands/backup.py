from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from registry.ops.backups import BackupError, write_backup


class Command(BaseCommand):
    help = (
        "Write a consistent backup of the database to REGISTRY_BACKUP_DIR, with a "
        "SHA-256 beside it, keeping the newest REGISTRY_BACKUP_KEEP."
    )

    def handle(self, *args, **options):
        try:
            path = write_backup()
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Wrote {path} (keeping the newest {settings.REGISTRY_BACKUP_KEEP})."
        )
