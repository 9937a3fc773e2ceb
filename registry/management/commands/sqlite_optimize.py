from django.core.management.base import BaseCommand
from django.db import connection


class Command(BaseCommand):
    help = (
        "On SQLite, run PRAGMA optimize so the query planner's statistics follow the "
        "data (a nightly timer in deploy/ runs it). PostgreSQL analyzes on its own."
    )

    def handle(self, *args, **options):
        if connection.vendor != "sqlite":
            self.stdout.write("Not SQLite: PostgreSQL's autovacuum keeps statistics.")
            return
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA optimize")
        self.stdout.write("PRAGMA optimize done.")
