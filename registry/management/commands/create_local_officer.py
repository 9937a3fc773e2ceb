from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from registry.services import create_officer, ensure_officer_group


class Command(BaseCommand):
    help = "Create a local program officer account and print its password once."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="officer")

    def handle(self, *args, username, **options):
        ensure_officer_group()
        if get_user_model().objects.filter(username=username).exists():
            self.stdout.write(
                f"Officer account '{username}' exists. To reset its password: "
                f"manage.py changepassword {username}"
            )
            return
        _user, password = create_officer(username=username)
        self.stdout.write(
            self.style.SUCCESS(
                f"Officer account created. Sign in at http://127.0.0.1:8000/admin/ "
                f"as '{username}' with password: {password}"
            )
        )
        self.stdout.write("This password is shown only once.")
