"""The registry's version: a number every write bumps, naming what caches hold."""

from django.db import models
from django.db.models import F


class RegistryVersion(models.Model):
    """One row. Cached pages and figures carry this number in their keys.

    Kept in the database, not in the cache: a bump inside the writer's
    transaction becomes visible exactly when the write does, and every server
    process (with or without a shared cache) reads the same number.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    version = models.PositiveBigIntegerField(default=1)

    class Meta:
        verbose_name = "registry version"
        default_permissions = ()

    def __str__(self) -> str:
        return str(self.version)

    @classmethod
    def read(cls) -> int:
        row = cls.objects.filter(pk=1).values_list("version", flat=True).first()
        return row if row is not None else cls.bump()

    @classmethod
    def bump(cls) -> int:
        if not cls.objects.filter(pk=1).update(version=F("version") + 1):
            cls.objects.get_or_create(pk=1, defaults={"version": 2})
        return cls.objects.filter(pk=1).values_list("version", flat=True).get()
