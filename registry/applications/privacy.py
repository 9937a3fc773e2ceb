"""What the registry keeps of an applicant, and for how long.

The privacy notice on the form states these rules; its retention figure and
the purge read the same setting, REGISTRY_APPLICATION_RETENTION_DAYS.

A backup taken before an erasure still holds what was erased, so each erasure
(and withdrawal) is also recorded, by reference only, in `erasures.jsonl`
beside the backups and never inside one; a restore applies the record again.
"""

import datetime
import json
import os
from pathlib import Path

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
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
    messages = ApplicationMessage.objects.filter(application__in=ids)
    message_names = {
        str(pk): f"{reference} #{pk}"
        for pk, reference in messages.values_list("pk", "application__reference")
    }
    messages.delete()
    # The history never holds the keys (its excluded fields), only the rest.
    Application.history.filter(id__in=ids).update(**PERSONAL_FIELDS_CLEARED)
    count = Application.objects.filter(pk__in=ids).update(
        **cleared, anonymized_at=Coalesce("anonymized_at", Value(now))
    )
    scrub_admin_log(ids, message_names)
    return count


def _without_objects(change_message: str) -> str:
    """An admin log message with the names of the objects it touched taken out.

    The admin's structured messages (JSON) name each added or changed inline
    object by its text; the rest stays (which fields changed). A message in
    plain words is not the admin's own, and may quote anything: it goes.
    """
    try:
        parts = json.loads(change_message)
    except ValueError:
        return ""
    if not isinstance(parts, list):
        return ""
    for part in parts:
        for detail in part.values() if isinstance(part, dict) else ():
            if isinstance(detail, dict):
                detail.pop("object", None)
    return json.dumps(parts)


def scrub_admin_log(application_ids, message_names=None) -> None:
    """Take the texts of erased applications and their messages out of the admin log.

    Django copies an object's text into its log rows (`object_repr`, and the
    inline objects named in `change_message`), and nothing deletes them with
    the object. The rows stay, for who did what and when; each names its
    application by what anonymization keeps of it.
    """
    kinds = ContentType.objects.get_for_models(Application, ApplicationMessage)
    names = {
        str(application.pk): str(application)
        for application in Application.objects.filter(pk__in=application_ids).only(
            "reference", "name_zh", "name_en"
        )
    }
    entries = LogEntry.objects.filter(
        content_type=kinds[Application], object_id__in=list(names)
    ) | LogEntry.objects.filter(
        content_type=kinds[ApplicationMessage],
        object_id__in=list(message_names),
    )
    for entry in entries.only("object_id", "content_type", "change_message"):
        if entry.content_type_id == kinds[Application].pk:
            entry.object_repr = names[entry.object_id][:200]
        else:
            entry.object_repr = message_names[entry.object_id][:200]
        entry.change_message = _without_objects(entry.change_message)
        entry.save(update_fields=["object_repr", "change_message"])


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


ERASURES = "erasures.jsonl"
# What each recorded action does again after a restore, in this order.
ERASURE_ACTIONS = ("withdrawn", "erased")


class DamagedErasureRecord(Exception):
    """A line of the record of erasures cannot be read."""


def erasures_path() -> Path:
    """The record of erasures, beside the backups and never inside one."""
    return Path(settings.REGISTRY_BACKUP_DIR) / ERASURES


def record_erasure(reference: str, *, action: str, at) -> None:
    """Note that the application `reference` was erased (or withdrawn) at `at`.

    One JSON line, appended in one write, so that server processes erasing at
    the same moment do not mix their lines. The reference alone names the
    application: it is no personal data, and the database keeps it too.
    """
    if action not in ERASURE_ACTIONS:
        raise ValueError(f"unknown erasure action {action!r}")
    directory = erasures_path().parent
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    directory.chmod(0o700)
    line = json.dumps({"reference": reference, "action": action, "at": at.isoformat()})
    descriptor = os.open(erasures_path(), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(descriptor, (line + "\n").encode())
    finally:
        os.close(descriptor)


def recorded_erasures() -> list[dict]:
    """The erasures recorded so far, oldest first; DamagedErasureRecord if damaged."""
    path = erasures_path()
    if not path.is_file():
        return []
    entries = []
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
            entry["at"] = datetime.datetime.fromisoformat(entry["at"])
            valid = isinstance(entry["reference"], str) and (
                entry["action"] in ERASURE_ACTIONS
            )
        except (ValueError, KeyError, TypeError):
            valid = False
        if not valid:
            raise DamagedErasureRecord(
                f"{path.name}, line {number}, is damaged: the recorded erasures "
                "cannot be applied again, so nothing was restored. Repair the line."
            )
        entries.append(entry)
    return entries


def reapply_erasures(entries) -> int:
    """Do again what each recorded erasure or withdrawal did; how many applied.

    An open application is withdrawn at the recorded time, as it was then; an
    erasure also forgets the status link. Applications the backup does not hold
    are skipped.
    """
    applied = 0
    for action in ERASURE_ACTIONS:
        for entry in (e for e in entries if e["action"] == action):
            found = Application.objects.filter(reference=entry["reference"])
            found.open().update(
                status=Application.Status.WITHDRAWN,
                decided_at=entry["at"],
                updated_at=entry["at"],
            )
            applied += anonymize(found, now=entry["at"], forget=action == "erased")
    return applied
