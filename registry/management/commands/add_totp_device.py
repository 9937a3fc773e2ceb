from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from registry.admin.two_factor import add_totp_device, secret_of


class Command(BaseCommand):
    help = (
        "Give a staff account a TOTP device for two-factor sign-in and print, once, "
        "the otpauth:// link and secret to enter into an authenticator app."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account named '{username}'.")
        device = add_totp_device(user)
        self.stdout.write(f"Authenticator link (otpauth URI): {device.config_url}")
        self.stdout.write(f"Or type this secret into the app: {secret_of(device)}")
        self.stdout.write("Shown only once; run this command again to replace it.")
