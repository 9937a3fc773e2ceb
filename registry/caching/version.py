"""The registry's version: one number that every write bumps, naming what the
caches hold.

Every write to the registry bumps `RegistryVersion`, in the writer's own
transaction. Cached pages and figures carry that number in their keys, so after
a write nothing cached before it is read again, on any server.

Time changes the registry too: a recognition under embargo becomes public at
its `publish_at`, and the first reader after that moment bumps the version
(`RegistryVersion.read`).
"""

import contextvars

from registry.models import RegistryVersion

# The version this request works with: read once, then the same for the whole
# request, so a page and the figures on it agree.
_request_version: contextvars.ContextVar[int | None] = contextvars.ContextVar(
    "registry_version", default=None
)


def current_version() -> int:
    """The registry's version; read once per request (0 marks "in a request")."""
    version = _request_version.get()
    if version:
        return version
    read = RegistryVersion.read()
    if version == 0:
        _request_version.set(read)
    return read


def bump_version() -> None:
    """Record that the registry changed: every cached page and figure is stale."""
    RegistryVersion.bump()
    if _request_version.get() is not None:
        _request_version.set(0)


def bump_version_on_write(**_signal) -> None:
    """Bump inside the writer's transaction: the new number commits with the write.

    A reader that raced the write stored what it read under the old number,
    which nobody reads again.
    """
    bump_version()


# Writes to these do not change what the public sees (applications are
# private until an officer approves one, which writes organizations).
NOT_PUBLIC = {
    "application",
    "applicationattempt",
    "applicationmessage",
    "registryversion",
}


def connect_invalidation(app_config) -> None:
    """Every save, delete or relation change of a public model bumps the version.

    A signal here is not business logic: it is the one place that sees writes
    from the admin, the API, services, shells and `loaddata` alike. Bulk
    writes (`bulk_create`, `update`) call `bump_version` themselves.
    """
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from simple_history.models import HistoricalChanges

    for model in app_config.get_models():
        if (
            model._meta.model_name in NOT_PUBLIC
            or model._meta.proxy
            or issubclass(model, HistoricalChanges)  # history is back office only
        ):
            continue
        uid = f"registry-version-{model._meta.label_lower}"
        post_save.connect(bump_version_on_write, sender=model, dispatch_uid=uid)
        post_delete.connect(bump_version_on_write, sender=model, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                bump_version_on_write,
                sender=field.remote_field.through,
                dispatch_uid=f"{uid}-{field.name}",
            )
