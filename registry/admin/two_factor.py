"""TOTP devices for staff (django-otp): what an authenticator app needs."""

from base64 import b32encode

from django_otp.plugins.otp_totp.models import TOTPDevice


def add_totp_device(user, *, name: str = "authenticator") -> TOTPDevice:
    """A confirmed TOTP device for the user; its config_url goes into the app.

    Any earlier device of the same name is replaced, so a lost phone is handled
    by running this again.
    """
    TOTPDevice.objects.filter(user=user, name=name).delete()
    return TOTPDevice.objects.create(user=user, name=name, confirmed=True)


def secret_of(device: TOTPDevice) -> str:
    """The shared secret in base32, for typing into an app by hand."""
    return b32encode(device.bin_key).decode("ascii").rstrip("=")
