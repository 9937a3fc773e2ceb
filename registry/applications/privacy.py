"""What the registry keeps of an applicant, and for how long.

The privacy notice on the form states these rules; its retention figure and
the purge read the same setting, REGISTRY_APPLICATION_RETENTION_DAYS.
"""

from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.crypto import salted_hmac

from registry.models import Application, ApplicationMessage


def session_hash(session_key: str) -> str:
    """A keyed hash of a browser session's key: what an application stores of it."""
    if not session_key:
        return ""
    return salted_hmac("registry.apply.session", session_key).hexdigest()


PERSONAL_FIELDS_CLEARED = {
    "contact_name": "",
    "contact_email": "",
    "contact_phone": "",
    "address": "",
    "interest": "",
    "internal_notes": "",
}
# The status link's keys.
KEYS_CLEARED = dict(token=None, submission_id=None, submission_session="")


def anonymize(applications, *, now, forget: bool = False) -> int:
    """Delete the personal data of `applications`; with `forget`, their keys too.

    The contact details, the firm's text, the notes and the messages go, from
    the application and from every version of it in its change history; the
    reference, code, names, status and dates stay, so numbers are never reused
    and a code's history stays known.
    """
    ids = list(applications.values_list("pk", flat=True))
    cleared = {**PERSONAL_FIELDS_CLEARED, **(KEYS_CLEARED if forget else {})}
    ApplicationMessage.objects.filter(application__in=ids).delete()
    # The history never holds the keys (its excluded fields), only the rest.
    Application.history.filter(id__in=ids).update(**PERSONAL_FIELDS_CLEARED)
    return Application.objects.filter(pk__in=ids).update(
        **cleared, anonymized_at=Coalesce("anonymized_at", Value(now))
    )


@transaction.atomic
def purge_applications(*, now=None) -> int:
    """Anonymize every application past the retention period, and forget its link.

    Accepted, rejected and withdrawn applications count from the decision;
    one left undecided counts from its submission, and expires. The same
    setting, REGISTRY_APPLICATION_RETENTION_DAYS, gives the privacy notice
    its figure.
    """
    now = now or timezone.now()
    due = list(Application.objects.past_retention(now=now).values_list("pk", flat=True))
    Application.objects.open().filter(pk__in=due).update(
        status=Application.Status.EXPIRED, decided_at=now, updated_at=now
    )
    return anonymize(Application.objects.filter(pk__in=due), now=now, forget=True)
