from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from registry.ops.backups import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore the database from a backup written by `manage.py backup`, after "
        "checking its SHA-256, then apply the erasures recorded beside the backups "
        "again and run the retention purge. Refuses a database that holds records "
        "unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the backup file")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace a database that already holds records",
        )

    def handle(self, *args, file: Path, force: bool, **options):
        try:
            reapplied, purged = restore_backup(file, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored {file}; applied {reapplied} recorded erasures again, "
            f"purged {purged} applications past the retention period."
        )
