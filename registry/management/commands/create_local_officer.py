from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from registry.admin.two_factor import add_totp_device, secret_of
from registry.installation import create_officer
from registry.roles import setup_roles


class Command(BaseCommand):
    help = (
        "Create a local officer account (program officer and application reviewer) "
        "with a TOTP device, and print its password and authenticator link once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="officer")

    def handle(self, *args, username, **options):
        setup_roles()
        if get_user_model().objects.filter(username=username).exists():
            self.stdout.write(
                f"Officer account '{username}' exists. To reset its password: "
                f"manage.py changepassword {username}; for a new authenticator: "
                f"manage.py add_totp_device {username}"
            )
            return
        user, password = create_officer(username=username)
        device = add_totp_device(user)
        self.stdout.write(
            self.style.SUCCESS(
                f"Officer account created. Sign in at http://127.0.0.1:8000/admin/ "
                f"as '{username}' with password: {password}"
            )
        )
        if settings.REGISTRY_REQUIRE_2FA:
            self.stdout.write("Two-factor sign-in is on: enter the app's code too.")
        else:
            self.stdout.write(
                "Two-factor sign-in is off here (DJANGO_DEBUG without "
                "REGISTRY_REQUIRE_2FA=1); the authenticator below is ready for it."
            )
        self.stdout.write(f"Authenticator link (otpauth URI): {device.config_url}")
        self.stdout.write(f"Or type this secret into the app: {secret_of(device)}")
        self.stdout.write("The password and the secret are shown only once.")
