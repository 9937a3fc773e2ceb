"""Readiness checks: can this server process do its work right now?

`/readyz` (registry.ops.views) runs every check at once, each in its
own thread with a deadline, so a database or a Redis that hangs costs the load
balancer at most REGISTRY_READY_TIMEOUT seconds, not a worker. The answer is
JSON and names the failing part; the detail of a failure goes to the log, not
to the caller.
"""

import logging
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as CheckTimeout
from functools import cache

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from registry.opendata.dumps import dumps_directory

logger = logging.getLogger("registry.health")

OK = "ok"
NOT_CONFIGURED = "not configured"


class NotReady(Exception):
    """A check failed; the message is safe to show to the caller."""


def _with_connection(check: Callable[[object], str]) -> Callable[[], str]:
    """Run `check` on this thread's own database connection, then close it."""

    def run() -> str:
        connection = connections[DEFAULT_DB_ALIAS]
        try:
            return check(connection)
        finally:
            connection.close()

    run.__name__ = check.__name__
    return run


@_with_connection
def check_database(connection) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return OK


@cache
def expected_migrations() -> frozenset[tuple[str, str]]:
    """Every migration the code ships; read from disk once per process."""
    return frozenset(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)


@_with_connection
def check_migrations(connection) -> str:
    applied = set(MigrationRecorder(connection).applied_migrations())
    missing = expected_migrations() - applied
    if missing:
        raise NotReady(f"{len(missing)} migration(s) not applied")
    return OK


def redis_configured() -> bool:
    return "redis" in settings.CACHES["default"]["BACKEND"].lower()


def check_redis() -> str:
    if not redis_configured():
        return NOT_CONFIGURED
    from django_redis import get_redis_connection

    get_redis_connection("default").ping()
    return OK


def check_open_data() -> str:
    directory = dumps_directory()
    directory.mkdir(parents=True, exist_ok=True)
    # Writing a file is the only test that holds for read-only mounts and quotas.
    with tempfile.NamedTemporaryFile(dir=directory, prefix=".readyz-"):
        pass
    return OK


CHECKS: dict[str, Callable[[], str]] = {
    "database": check_database,
    "migrations": check_migrations,
    "redis": check_redis,
    "open_data": check_open_data,
}


def run_checks(timeout: float | None = None) -> dict[str, str]:
    """Each check's answer: "ok", "not configured", or why it is not ready."""
    timeout = settings.REGISTRY_READY_TIMEOUT if timeout is None else timeout
    pool = ThreadPoolExecutor(max_workers=len(CHECKS), thread_name_prefix="readyz")
    futures = {name: pool.submit(check) for name, check in CHECKS.items()}
    results = {}
    for name, future in futures.items():
        try:
            results[name] = future.result(timeout=timeout)
        except CheckTimeout:
            results[name] = f"no answer within {timeout:g} s"
        except NotReady as failure:
            results[name] = str(failure)
        except Exception:
            logger.warning("readiness check %s failed", name, exc_info=True)
            results[name] = "unavailable"
    # A hung check keeps its thread; the answer does not wait for it.
    pool.shutdown(wait=False, cancel_futures=True)
    return results


def passed(result: str) -> bool:
    return result in {OK, NOT_CONFIGURED}
