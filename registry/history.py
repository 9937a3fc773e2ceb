"""Who made a change, and through which door: the context of the history.

django-simple-history records the user of the current request (its
middleware). Imports, commands and services outside a request say who acts
with `acting(...)`; the receiver below writes that onto each historical row.
A contextvar rather than a thread-local, so that it also holds in async code.

One change, one version. django-simple-history writes a version on every save
and another on every change of a kept relation (`m2m_fields`), so an officer's
edit of a name and the sectors would otherwise leave two or three versions, the
first ones states that never existed. `RegistryHistoricalRecords` keeps a
relation change in the version the same change (an `acting` block, else the
request) already wrote for that record, and writes a version of its own only
when there is none: a change of the sectors alone.
"""

import contextlib
import contextvars
import weakref
from dataclasses import dataclass

from django.conf import settings
from simple_history.models import HistoricalRecords


# Compared by identity: each `acting` block is a change of its own.
@dataclass(frozen=True, eq=False)
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


# The version each record got in each change in progress (an `acting` block or
# a request), forgotten with the change.
_versions: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _change():
    """The change in progress: the current `acting` block, else the request."""
    return _actor.get() or _request()


# The history of each registry model, by model.
kept_history: dict[type, "RegistryHistoricalRecords"] = {}


class RegistryHistoricalRecords(HistoricalRecords):
    """django-simple-history, with a relation change kept in its change's version."""

    def contribute_to_class(self, cls, name):
        super().contribute_to_class(cls, name)
        kept_history[cls] = self

    def create_historical_record_m2ms(self, history_instance, instance):
        super().create_historical_record_m2ms(history_instance, instance)
        change = _change()
        if change is not None and history_instance._history_m2m_fields:
            key = (instance._meta.concrete_model, instance.pk)
            _versions.setdefault(change, {})[key] = history_instance

    def m2m_changed(self, instance, action, attr, pk_set, reverse, **kwargs):
        if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
            return
        if reverse:
            # Changed from the other side (a sector's organizations): each
            # record that joined or left it has changed.
            model = kwargs["model"]
            if action == "pre_clear":
                field = model._meta.get_field(attr)
                related = getattr(instance, field.remote_field.get_accessor_name())
                instance._history_leaving = list(related.all())
            elif action == "post_clear":
                for record in instance.__dict__.pop("_history_leaving", []):
                    self.record_relations(record)
            elif action in ("post_add", "post_remove"):
                for record in model._base_manager.filter(pk__in=pk_set):
                    self.record_relations(record)
        elif action in ("post_add", "post_remove", "post_clear"):
            if not hasattr(instance, "skip_history_when_saving"):
                self.record_relations(instance)

    def record_relations(self, instance):
        """Keep the record's relations as they are now in its change's version."""
        change = _change()
        key = (instance._meta.concrete_model, instance.pk)
        version = _versions.get(change, {}).get(key) if change is not None else None
        if version is None:
            self.create_historical_record(instance, "~")
            return
        for field in version._history_m2m_fields:
            self.m2m_models[field].objects.filter(history=version).delete()
        self.create_historical_record_m2ms(version, instance)


def record_first_versions() -> None:
    """A first version for every registry record that has none, as `loaddata`
    leaves them (it writes without signals), made by the current `acting` block.

    simple-history's bulk history writing, as it documents for bulk creation;
    the relations each record has are kept with its version.
    """
    actor = _actor.get() or Actor()
    for model, history in kept_history.items():
        manager = getattr(model, history.manager_name)
        new = list(
            model._base_manager.exclude(
                pk__in=manager.values(model._meta.pk.attname)
            ).order_by("pk")
        )
        versions = manager.bulk_history_create(
            new,
            default_user=actor.user,
            default_change_reason=actor.reason,
            custom_historical_attrs={
                "history_source": actor.source,
                "import_run": actor.import_run,
            },
        )
        for version, record in zip(versions, new, strict=True):
            if version._history_m2m_fields:
                history.create_historical_record_m2ms(version, record)
