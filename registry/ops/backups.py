"""Backups that restore: a consistent copy of the database, with its SHA-256.

- SQLite: SQLite's online backup API copies the file page by page under a read
  transaction, so the copy is consistent while the site keeps serving and writing.
- PostgreSQL: `pg_dump` in custom format (a consistent snapshot by design), and
  `pg_restore` to bring it back. Both come with Debian's `postgresql-client`.

Each backup is `registry-<UTC time>.<sqlite3|pgdump>` in REGISTRY_BACKUP_DIR, with
`<file>.sha256` beside it in `sha256sum` format; only the newest
REGISTRY_BACKUP_KEEP are kept. The folder is its owner's alone (0700), every file
in it too (0600), and no backup holds a session.

What applicants asked to delete after a backup was taken must not come back with
it: each erasure (and withdrawal) is recorded in `erasures.jsonl` beside the
backups, not inside them, by reference only; a restore applies the record again,
then the retention purge.
"""

import os
import shutil
import sqlite3

# pg_dump and pg_restore run with an argument list, never through a shell.
import subprocess  # nosec B404
import time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from registry.applications import privacy
from registry.logs import log_event
from registry.opendata.dumps import sha256_of

PREFIX = "registry-"
SUFFIXES = {"sqlite": ".sqlite3", "postgresql": ".pgdump"}
CLIENT_PACKAGE = "postgresql-client"


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why."""


def backup_directory() -> Path:
    return Path(settings.REGISTRY_BACKUP_DIR)


def _vendor(alias: str = DEFAULT_DB_ALIAS) -> str:
    vendor = connections[alias].vendor
    if vendor not in SUFFIXES:
        raise BackupError(f"backups support SQLite and PostgreSQL, not {vendor}")
    return vendor


def _private_directory(directory: Path) -> None:
    """The backup folder, created if need be, readable by its owner only."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    directory.chmod(0o700)


def _create_private(path: Path) -> None:
    """A new, empty file at `path` that only its owner may read (0600)."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _write_private(path: Path, text: str) -> None:
    path.unlink(missing_ok=True)
    _create_private(path)
    path.write_text(text)


def checksum_path(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")


def _client(program: str) -> str:
    found = shutil.which(program)
    if not found:
        raise BackupError(
            f"{program} is not installed: install the Debian package "
            f"{CLIENT_PACKAGE} (apt-get install {CLIENT_PACKAGE})"
        )
    return found


def _pg_arguments(alias: str) -> tuple[list[str], dict[str, str]]:
    """Connection arguments and environment for pg_dump and pg_restore."""
    conf = connections[alias].settings_dict
    arguments = ["--dbname", conf["NAME"]]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if conf.get(key):
            arguments += [option, str(conf[key])]
    env = {**os.environ}
    if conf.get("PASSWORD"):
        env["PGPASSWORD"] = conf["PASSWORD"]
    return arguments, env


def _run(command: list[str], env: dict[str, str]) -> None:
    # The argument list is built here from settings, never from a request.
    result = subprocess.run(command, env=env, capture_output=True, text=True)  # nosec B603
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")


def _copy_sqlite(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    # All pages in one step: the copy is one consistent snapshot.
    source.backup(target, pages=-1)


def _session_table() -> str:
    from django.contrib.sessions.models import Session

    return Session._meta.db_table


def _drop_sessions_from_sqlite_copy(target: sqlite3.Connection) -> None:
    """Empty the copy's session table; secure_delete overwrites the rows' pages."""
    table = _session_table()
    found = target.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [table]
    ).fetchone()
    if found:
        # The table name is the session model's own, never a request's.
        target.execute("PRAGMA secure_delete = ON")
        target.execute(f'DELETE FROM "{table}"')  # nosec B608
        target.commit()


def write_backup(*, alias: str = DEFAULT_DB_ALIAS) -> Path:
    """Back up the database to a new timestamped file with its checksum.

    Older backups beyond REGISTRY_BACKUP_KEEP are removed.
    """
    vendor = _vendor(alias)
    directory = backup_directory()
    _private_directory(directory)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S%fZ")
    final = directory / f"{PREFIX}{stamp}{SUFFIXES[vendor]}"
    partial = final.with_name("." + final.name + ".partial")
    try:
        # Created 0600 before anything is written to it; SQLite and pg_dump
        # write into the file as it is.
        _create_private(partial)
        if vendor == "sqlite":
            connection = connections[alias]
            connection.ensure_connection()
            with sqlite3.connect(partial) as target:
                _copy_sqlite(connection.connection, target)
                _drop_sessions_from_sqlite_copy(target)
            target.close()
        else:
            arguments, env = _pg_arguments(alias)
            command = [_client("pg_dump"), "--format=custom", "--no-owner", "--no-acl"]
            sessions = f"--exclude-table-data={_session_table()}"
            _run([*command, sessions, "--file", str(partial), *arguments], env)
        partial.chmod(0o600)
        digest = sha256_of(partial)
        _write_private(checksum_path(final), f"{digest}  {final.name}\n")
        partial.rename(final)
    finally:
        partial.unlink(missing_ok=True)
    prune(keep=settings.REGISTRY_BACKUP_KEEP)
    log_event("backup.written", file=final.name, bytes=final.stat().st_size)
    return final


def list_backups() -> list[Path]:
    """The backups in the folder, newest first."""
    found = [
        path
        for suffix in SUFFIXES.values()
        for path in backup_directory().glob(f"{PREFIX}*{suffix}")
    ]
    return sorted(found, key=lambda path: path.name, reverse=True)


def prune(*, keep: int) -> list[Path]:
    removed = list_backups()[max(keep, 1) :]
    for path in removed:
        path.unlink()
        checksum_path(path).unlink(missing_ok=True)
    return removed


def verify(path: Path) -> None:
    """Raise BackupError unless `path` matches the SHA-256 written beside it."""
    if not path.is_file():
        raise BackupError(f"{path} does not exist")
    recorded = checksum_path(path)
    if not recorded.is_file():
        raise BackupError(f"{recorded.name} is missing: the backup cannot be verified")
    expected = recorded.read_text().split()[0] if recorded.read_text().strip() else ""
    if sha256_of(path) != expected:
        raise BackupError(f"{path.name} does not match its SHA-256: it is damaged")


def database_is_empty(alias: str = DEFAULT_DB_ALIAS) -> bool:
    """True when no registry record and no account exists.

    A freshly migrated database is empty: its content types and permissions are
    the same in every installation.
    """
    tables = set(connections[alias].introspection.table_names())
    # The registry version is a cache counter that every migrate writes, not a record.
    records = [
        model
        for model in apps.get_app_config("registry").get_models()
        if model._meta.model_name != "registryversion"
    ]
    models = [*records, apps.get_model("auth.User")]
    return not any(
        model._meta.db_table in tables and model.objects.using(alias).exists()
        for model in models
    )


def restore_backup(path: Path, *, force: bool = False, alias: str = DEFAULT_DB_ALIAS):
    """Replace the database with the backup at `path`, after checking its SHA-256.

    Then the erasures recorded since are applied again, the retention purge
    runs, and no session survives (none is in a backup, and the database's own
    are gone with it). Returns how many applications the first two anonymized.
    """
    vendor = _vendor(alias)
    verify(path)
    try:
        erasures = privacy.recorded_erasures()
    except privacy.DamagedErasureRecord as error:
        raise BackupError(str(error)) from error
    if path.suffix != SUFFIXES[vendor]:
        raise BackupError(f"{path.name} is not a {vendor} backup")
    if not force and not database_is_empty(alias):
        raise BackupError(
            "the database is not empty; restoring would overwrite it. "
            "Use --force to replace it."
        )
    used = _registry_version(alias)
    connection = connections[alias]
    if vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(path) as source:
            _copy_sqlite(source, connection.connection)
        source.close()
    else:
        connection.close()
        arguments, env = _pg_arguments(alias)
        command = [_client("pg_restore"), "--clean", "--if-exists", "--no-owner"]
        _run([*command, "--no-acl", "--single-transaction", *arguments, str(path)], env)
    _move_version_past(used, alias)
    from django.contrib.sessions.models import Session

    Session.objects.using(alias).all().delete()
    reapplied = privacy.reapply_erasures(erasures)
    purged = privacy.purge_applications()
    log_event("backup.restored", file=path.name, erasures=reapplied, purged=purged)
    return reapplied, purged


def _registry_version(alias: str) -> int:
    """The registry's version (0 before there is one): caches hold pages
    under every number up to it."""
    from registry.models import RegistryVersion

    table = RegistryVersion._meta.db_table
    if table not in connections[alias].introspection.table_names():
        return 0
    versions = RegistryVersion.objects.using(alias).values_list("version", flat=True)
    return versions.filter(pk=1).first() or 0


def _move_version_past(used: int, alias: str) -> None:
    """Give the restored registry a version no cache has seen.

    The backup brings back the version it was taken at, a number that the
    caches have already used for the pages of later writes: the next write
    would bump it to one of those, and readers would get pages of the
    registry as it was before the restore. Moving past the version the
    database had is not enough when it is a new one (the old server is gone,
    its cache is not): its count started again from one.

    So the version jumps to the clock, in microseconds. Writes bump it by one
    each, far fewer than a million a second, so no earlier version, restored
    or not, has reached the moment of this restore.
    """
    from registry.models import RegistryVersion

    restored = _registry_version(alias)
    clock = int(time.time() * 1_000_000)
    # Valid until now: the first reader bumps it again, which also works out
    # when the next embargo of the restored records ends.
    RegistryVersion.objects.using(alias).update_or_create(
        pk=1,
        defaults={
            "version": max(used, restored, clock) + 1,
            "valid_until": timezone.now(),
        },
    )
