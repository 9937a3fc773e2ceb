"""Fixtures shared by the whole suite."""

import datetime
import os
import shutil
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone, translation

from registry.installation import create_officer
from tests.paths import TESTS

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or ""
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# Tests that check the same thing on any database: CI runs them on its first
# database and deselects them on the second (-m "not once"). A test that
# starts the site on a database of its own (tests/applications/test_load.py)
# belongs here; one that serves DATABASE_URL's database does not. Paths are
# within tests/.
ONCE_MODULES = {"applications/test_load.py"}
ONCE_TESTS = {
    # The API fuzzer: what the API accepts and answers does not depend on the
    # database, and it is the suite's slowest part.
    ("api/test_views.py", "test_api_conforms_to_its_schema"),
    ("api/test_views.py", "test_officer_writes_never_fail_with_a_server_error"),
}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Mark `once` what runs once per CI run: the fuzzer, the browser and every
    test on a live server."""
    for item in items:
        name = item.path.relative_to(TESTS).as_posix()
        if (
            item.get_closest_marker("browser")
            or "live_server" in getattr(item, "fixturenames", ())
            or name in ONCE_MODULES
            or (name, getattr(item, "originalname", item.name)) in ONCE_TESTS
        ):
            item.add_marker(pytest.mark.once)


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language: a request through the test
    client leaves its page's language active, and tests run in any order."""
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: its database starts afresh too."""
    from django.core.cache import cache

    from registry.caching.figures import forget_figures

    cache.clear()
    forget_figures()


def rows_for_the_module(build):
    """A module-scoped fixture whose rows `build` writes once for a module.

    They are written in a transaction opened before the module's first test
    that asks for them and rolled back after its last test; each test's own
    transaction is a savepoint inside it, so what a test writes is undone as
    before, and no other module ever sees these rows. Tests that need a real
    commit (`transaction=True`) run after all others (pytest-django orders
    them so), when the module's transaction is already closed.
    """

    @pytest.fixture(scope="module")
    def fixture(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock():
            atomic = transaction.atomic()
            atomic.__enter__()
            try:
                built = build()
            except BaseException:
                atomic.__exit__(*sys.exc_info())
                raise
        yield built
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)

    fixture.__doc__ = build.__doc__
    return fixture


def let_the_embargoes_pass() -> None:
    """What the clock does when it passes every embargo now set, without
    waiting for it: every stored moment that it judges moves back by as much,
    so each embargo ended 10 ms ago, and so did the registry version's
    `valid_until` (the first embargo's end). Updates send no signal, as time
    passing bumps nothing; pages and figures learn of it as they would then."""
    from django.db.models import F, Max

    from registry.models import Recognition, RegistryVersion

    last = Recognition.objects.aggregate(last=Max("publish_at"))["last"]
    if last is None:
        return
    shift = last - timezone.now() + datetime.timedelta(milliseconds=10)
    Recognition.objects.filter(publish_at__isnull=False).update(
        publish_at=F("publish_at") - shift
    )
    RegistryVersion.objects.filter(valid_until__isnull=False).update(
        valid_until=F("valid_until") - shift
    )


@pytest.fixture
def seed(db):
    """The sourced seed records of fixtures/registry.json."""
    call_command(
        "loaddata", settings.BASE_DIR / "fixtures" / "registry.json", verbosity=0
    )


@pytest.fixture
def seed_with_history(db):
    """The seed records as `manage.py load_seed` loads them: each record's
    history begins with the load, and the planner has statistics."""
    from registry.installation import load_seed_data

    assert load_seed_data() is True


@pytest.fixture
def officer(db):
    """A staff account in the "Program officers" group."""
    user, _password = create_officer(username="officer")
    return user


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium, driven by Playwright. In CI a missing browser fails."""
    if not CHROMIUM:
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed; .ci/run must install it.")
        pytest.skip("Chromium is not installed (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the
    # tests make around it are still plain synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    """A fresh browser page; `page.base_url` is the live server."""
    context = chromium.new_context(base_url=live_server.url)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(autouse=True, scope="session")
def _backups_in_a_temporary_folder(tmp_path_factory):
    """Erasures append to the record beside the backups: never the checkout's var/."""
    from django.test import override_settings

    with override_settings(REGISTRY_BACKUP_DIR=tmp_path_factory.mktemp("backups")):
        yield
