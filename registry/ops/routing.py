"""Public reads from a read replica, everything else from the primary.

With DATABASE_REPLICA_URL set, the settings add the "replica" alias and this
router. A read goes to the replica only when all of these hold:

- the request is a public read: GET or HEAD, outside the back office and the
  application pages (an applicant reads their own fresh write there);
- no transaction is open on the primary (a read inside a write must see it);
- the request has not written yet (so it reads what it wrote);
- the model is not one of the tables a signed-in officer or an applicant expects
  to be current (sessions, accounts, tokens, applications).

Every write goes to the primary. Outside a request (commands, the shell) nothing
reads from the replica.
"""

from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

from registry.paths import reads_primary

REPLICA = "replica"
PRIMARY_ONLY_APPS = frozenset({"admin", "auth", "authtoken", "sessions"})
PRIMARY_ONLY_MODELS = frozenset(
    {
        "registry.application",
        "registry.applicationmessage",
        "registry.applicationattempt",
    }
)

_public_read: ContextVar[bool] = ContextVar("public_read", default=False)
_has_written: ContextVar[bool] = ContextVar("has_written", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if (
            _public_read.get()
            and not _has_written.get()
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
            and model._meta.app_label not in PRIMARY_ONLY_APPS
            and model._meta.label_lower not in PRIMARY_ONLY_MODELS
            and replica_configured()
        ):
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        _has_written.set(True)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same data.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


def is_public_read(request) -> bool:
    return request.method in {"GET", "HEAD"} and not reads_primary(request.path_info)


class ReplicaReadsMiddleware:
    """Marks public reads so the router may send them to the replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        public = _public_read.set(is_public_read(request))
        written = _has_written.set(False)
        try:
            return self.get_response(request)
        finally:
            _public_read.reset(public)
            _has_written.reset(written)
