"""Who made a change, and through which door: the context of the history.

django-simple-history records the user of the current request (its
middleware). Imports, commands and services outside a request say who acts
with `acting(...)`; the receiver below writes that onto each historical row.
A contextvar rather than a thread-local, so that it also holds in async code.
"""

import contextlib
import contextvars
from dataclasses import dataclass

from simple_history.models import HistoricalRecords


@dataclass(frozen=True)
class Actor:
    user: object = None
    source: str = ""
    import_run: object = None
    reason: str = ""


_actor: contextvars.ContextVar[Actor | None] = contextvars.ContextVar(
    "registry_actor", default=None
)


@contextlib.contextmanager
def acting(*, user=None, source: str, import_run=None, reason: str = ""):
    """Changes made inside this block are recorded as made by `user` via `source`."""
    token = _actor.set(
        Actor(user=user, source=source, import_run=import_run, reason=reason)
    )
    try:
        yield
    finally:
        _actor.reset(token)


def _request():
    return getattr(HistoricalRecords.context, "request", None)


def acting_user(instance=None, request=None, **kwargs):
    """The user for a historical row: an explicit actor first, then the request's."""
    actor = _actor.get()
    if actor is not None and actor.user is not None:
        return actor.user
    if request is not None:
        return request.user
    return None


def source_of_request(request) -> str:
    path = request.path
    if "/api/" in path:
        return "api"
    if "/admin/" in path:
        return "admin"
    return "site"


def describe_change(sender, history_instance, **kwargs):
    """Fill in where the change came from (connected in `RegistryConfig.ready`)."""
    actor = _actor.get()
    request = _request()
    if actor is not None:
        history_instance.history_source = actor.source
        history_instance.import_run = actor.import_run
        if actor.reason and not history_instance.history_change_reason:
            history_instance.history_change_reason = actor.reason
    elif request is not None:
        history_instance.history_source = source_of_request(request)
    else:
        history_instance.history_source = "service"
