"""The application form's limits on floods and on mail, counted in the database."""

import datetime

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from registry.models import Application, ApplicationAttempt
from registry.net import rate_limit_key


def _serialize_attempts(address_hash: str) -> None:
    """Let one transaction at a time count and add attempts for an address.

    SQLite's immediate transactions already serialize writers; on PostgreSQL
    a transaction-scoped advisory lock on the hash does, so that two requests
    cannot both count N-1 and both insert.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s)", [int(address_hash[:15], 16)]
            )


def record_application_attempt(address: str) -> bool:
    """Count one form submission from `address`; False once over the limit.

    The attempts live in a table, so the limit holds across server processes.
    Only a keyed hash of the address (of its /64 for IPv6) is stored.
    """
    key = rate_limit_key(address)
    address_hash = salted_hmac("registry.apply.address", key).hexdigest()
    now = timezone.now()
    window_start = now - datetime.timedelta(seconds=settings.REGISTRY_APPLY_RATE_WINDOW)
    with transaction.atomic():
        _serialize_attempts(address_hash)
        ApplicationAttempt.objects.filter(created_at__lt=window_start).delete()
        recent = ApplicationAttempt.objects.filter(
            address_hash=address_hash, created_at__gte=window_start
        ).count()
        if recent >= settings.REGISTRY_APPLY_RATE_LIMIT:
            return False
        ApplicationAttempt.objects.create(address_hash=address_hash, created_at=now)
    return True


def may_email_confirmation(now) -> bool:
    """Under REGISTRY_APPLY_EMAIL_CAP confirmation emails in the last hour.

    The cap is global, so that the form cannot mail strangers in bulk from
    many addresses. Called under the program's row lock: writers count in turn.
    """
    since = now - datetime.timedelta(hours=1)
    sent = Application.objects.confirmations_emailed_since(since)
    return sent < settings.REGISTRY_APPLY_EMAIL_CAP
