"""Forms of the public site."""

import uuid

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from registry.applications import services
from registry.models import Application
from registry.validators import normalize_phone, normalize_uscc


class ApplicationForm(forms.ModelForm):
    """The registration of interest at /apply/."""

    consent = forms.BooleanField(
        label=_(
            "I have read the privacy notice and agree to the processing of "
            "this information for the purpose stated there."
        ),
        required=True,
        error_messages={
            "required": _("Your consent is needed before we can store the application.")
        },
    )
    # A field people never see: a bot that fills it in is turned away.
    homepage = forms.CharField(
        label=_("Leave this field empty"), required=False, max_length=200
    )
    submission_id = forms.UUIDField(widget=forms.HiddenInput)

    class Meta:
        model = Application
        fields = [
            "name_zh",
            "name_en",
            "uscc",
            "sectors",
            "ownership",
            "district",
            "address",
            "website",
            "contact_name",
            "contact_email",
            "contact_phone",
            "interest",
        ]
        labels = {
            "name_zh": _("Organization name in Chinese"),
            "name_en": _("Organization name in English"),
            "uscc": _("Unified social credit code (USCC)"),
            "sectors": _("Sectors"),
            "ownership": _("Ownership"),
            "district": _("District"),
            "address": _("Address"),
            "website": _("Website"),
            "contact_name": _("Contact person"),
            "contact_email": _("Contact email"),
            "contact_phone": _("Contact phone"),
            "interest": _("What does the firm want from open innovation?"),
        }
        help_texts = {
            "uscc": _("The 18 characters on the business licence (统一社会信用代码)."),
            "contact_phone": _(
                "A mainland mobile number, or an international number starting with +."
            ),
            "interest": _("At most 2000 characters."),
            "sectors": _("Choose one or more."),
        }
        widgets = {
            "sectors": forms.CheckboxSelectMultiple,
            "interest": forms.Textarea(attrs={"rows": 6}),
            "uscc": forms.TextInput(attrs={"autocomplete": "off"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_phone": forms.TextInput(attrs={"autocomplete": "tel"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
        }

    def __init__(self, *args, program=None, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("submission_id", uuid.uuid4())
        super().__init__(*args, **kwargs)
        self.program = program
        self.fields["sectors"].required = True
        self.fields["name_zh"].widget.attrs["lang"] = "zh-Hans"
        self.fields["homepage"].widget.attrs.update(
            {"autocomplete": "off", "tabindex": "-1"}
        )
        # The number is normalized before it is checked: allow spaces in it.
        self.fields["contact_phone"].max_length = 30
        self.fields["contact_phone"].validators = [MaxLengthValidator(30)]

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("homepage"))

    def clean_uscc(self) -> str:
        code = normalize_uscc(self.cleaned_data["uscc"])
        if self.program is not None and code:
            try:
                services.check_not_duplicate(program=self.program, uscc=code)
            except (services.AlreadyMember, services.DuplicateApplication) as error:
                raise self.duplicate_error(error) from None
        return code

    def duplicate_error(self, error) -> forms.ValidationError:
        """Told kindly: already a member, or that an application is under review."""
        if isinstance(error, services.AlreadyMember):
            return forms.ValidationError(
                _(
                    "The organization with this code is already a member of "
                    "%(program)s. There is no need to apply again."
                ),
                code="already_member",
                params={"program": self.program.name},
            )
        # Nothing about the other application: whoever types a code must not
        # learn its reference, its firm's details or its link.
        return forms.ValidationError(
            _(
                "An application for this code is already being reviewed. Its "
                "contact person has the link to follow it, in the confirmation "
                "email."
            ),
            code="application_open",
        )

    def clean_contact_phone(self) -> str:
        return normalize_phone(self.cleaned_data["contact_phone"])

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("name_zh") and not cleaned.get("name_en"):
            self.add_error(
                "name_zh",
                forms.ValidationError(
                    _("Give the organization's name in Chinese or in English."),
                    code="name_required",
                ),
            )
        return cleaned


class RejectionForm(forms.Form):
    """An officer's reason for rejecting, which the applicant reads."""

    reason = forms.CharField(
        label=_("Reason for the applicant"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=2000,
        help_text=_(
            "The applicant reads this on the status page and in the email. "
            "Write it in the applicant's language."
        ),
    )
