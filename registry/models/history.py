"""What the change history keeps besides the fields: where a change came from.

django-simple-history writes one historical row per save. Each row also says
through which door the change came (admin, API, import, a command or a
service run outside a request) and, for imports, which import run made it, so
that an officer can trace a record back to the file that changed it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportRun(models.Model):
    """One import of a spreadsheet or of ROR records, confirmed or previewed."""

    class Kind(models.TextChoices):
        SPREADSHEET = "spreadsheet", _("Spreadsheet")
        ROR = "ror", _("ROR records")

    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.SPREADSHEET
    )
    resource = models.CharField(_("resource"), max_length=40)
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("run by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Previewed, not imported")
        IMPORTED = "imported", _("Imported")
        FAILED = "failed", _("Refused: the file has errors")

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IMPORTED
    )
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    # The previewed file, kept until the officer confirms it (then cleared).
    pending_file = models.BinaryField(_("file awaiting confirmation"), null=True)
    new_count = models.PositiveIntegerField(_("new"), default=0)
    changed_count = models.PositiveIntegerField(_("changed"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    skipped_count = models.PositiveIntegerField(_("skipped"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    created_at = models.DateTimeField(_("run at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")

    def __str__(self) -> str:
        return f"{self.resource}: {self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"


class Source(models.TextChoices):
    ADMIN = "admin", _("Admin")
    API = "api", _("API")
    IMPORT = "import", _("Import")
    COMMAND = "command", _("Command")
    SERVICE = "service", _("Service")
    SITE = "site", _("Public site")


class HistoricalRecordBase(models.Model):
    """Fields every historical row of the registry carries."""

    history_source = models.CharField(
        _("made through"), max_length=20, choices=Source.choices, blank=True
    )
    import_run = models.ForeignKey(
        ImportRun,
        verbose_name=_("import run"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True


def registry_history(**kwargs):
    """The change history of a registry model, with who, how and which import.

    `m2m_fields` names the relations kept in each version, such as an
    organization's sectors (see `registry.history`).
    """
    from registry.history import RegistryHistoricalRecords, acting_user

    return RegistryHistoricalRecords(
        bases=[HistoricalRecordBase], get_user=acting_user, **kwargs
    )
