"""The registry's version: a number every write bumps, naming what caches hold."""

from django.db import connections, models, router
from django.db.models import F, Subquery
from django.db.models.functions import Now
from django.utils import timezone


class RegistryVersion(models.Model):
    """One row. Cached pages and figures carry this number in their keys.

    Kept in the database, not in the cache: a bump inside the writer's
    transaction becomes visible exactly when the write does, and every server
    process (with or without a shared cache) reads the same number.

    Time changes the registry too: a recognition under embargo becomes public
    at its `publish_at`. `valid_until` is the next such moment; the first
    reader after it bumps the version.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    version = models.PositiveBigIntegerField(default=1)
    valid_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "registry version"
        default_permissions = ()

    def __str__(self) -> str:
        return str(self.version)

    @classmethod
    def read(cls) -> int:
        """The current version, in one query.

        Every request to a cacheable page makes it, a page from the cache
        included, so it is plain SQL: building it with the ORM would cost
        that request more than the rest of its work.
        """
        connection = connections[router.db_for_read(cls)]
        table = connection.ops.quote_name(cls._meta.db_table)
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        # The table's name is the model's own; the time is a parameter.
        sql = (
            "SELECT version, valid_until IS NOT NULL AND valid_until <= %s "  # nosec B608
            f"FROM {table} WHERE id = 1"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [now])
            row = cursor.fetchone()
        if row is None:
            return cls.bump()
        version, expired = row
        if expired:
            return cls.bump()
        return version

    @classmethod
    def bump(cls) -> int:
        from registry.models.awards import Recognition

        # The database's clock, as `Recognition.objects.published` uses.
        next_embargo_end = Subquery(
            Recognition.objects.filter(publish_at__gt=Now())
            .order_by("publish_at")
            .values("publish_at")[:1]
        )
        updated = cls.objects.filter(pk=1).update(
            version=F("version") + 1, valid_until=next_embargo_end
        )
        if not updated:
            cls.objects.get_or_create(pk=1, defaults={"version": 2})
            return cls.bump()
        return cls.objects.filter(pk=1).values_list("version", flat=True).get()
