"""The back office's admin site: password, then a TOTP code where required."""

from django import forms
from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
from django.utils.translation import gettext_lazy as _
from django_otp.forms import OTPAuthenticationFormMixin
from django_otp.plugins.otp_totp.models import TOTPDevice


class TwoFactorLoginForm(OTPAuthenticationFormMixin, AdminAuthenticationForm):
    """The admin's sign-in form with a code from the officer's authenticator app."""

    otp_device = forms.CharField(required=False, widget=forms.HiddenInput)
    otp_challenge = forms.CharField(required=False, widget=forms.HiddenInput)
    otp_token = forms.CharField(
        label=_("Code from your authenticator app"),
        required=False,
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )
    otp_error_messages = {
        "token_required": _("Enter the six-digit code from your authenticator app."),
        "challenge_exception": _("The code could not be sent."),
        "not_interactive": _("Enter the six-digit code from your authenticator app."),
        "challenge_message": _("Enter the six-digit code from your authenticator app."),
        "invalid_token": _(
            "That code is not valid. Enter the current code from your "
            "authenticator app."
        ),
        "n_failed_attempts": _(
            "Too many wrong codes. Wait a little and try again with a fresh code."
        ),
        "verification_not_allowed": _("This account cannot sign in with a code."),
        "device_required": _(
            "This account has no authenticator app set up yet. Ask an "
            "administrator to set one up for you."
        ),
    }

    def _chosen_device(self, user):
        # Each staff member has one authenticator app (manage.py
        # add_totp_device), so the form asks for no device: use theirs. Locked
        # as django-otp locks the device it verifies against.
        return super()._chosen_device(user) or (
            TOTPDevice.objects.devices_for_user(user, confirmed=True)
            .select_for_update()
            .first()
        )

    def clean(self):
        cleaned_data = super().clean()
        self.clean_otp(self.get_user())
        return cleaned_data


class RegistryAdminSite(AdminSite):
    """Staff reach the admin only after both factors when REGISTRY_REQUIRE_2FA.

    The setting is read on every request (not once at start), so a test or an
    operator's override applies at once. A staff account without a TOTP device
    cannot sign in while the setting is on: `manage.py add_totp_device` gives
    it one.
    """

    login_template = "admin/registry_login.html"

    @property
    def login_form(self):
        return TwoFactorLoginForm if settings.REGISTRY_REQUIRE_2FA else None

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        if not settings.REGISTRY_REQUIRE_2FA:
            return True
        return getattr(request.user, "is_verified", lambda: False)()
