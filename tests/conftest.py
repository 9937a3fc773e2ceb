"""Fixtures shared by the whole suite."""

import os
import shutil

import pytest
from django.conf import settings
from django.core.management import call_command

from registry.installation import create_officer

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


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: its database starts afresh too."""
    from django.core.cache import cache

    from registry.caching.figures import forget_figures

    cache.clear()
    forget_figures()


@pytest.fixture
def seed(db):
    """The sourced seed records of fixtures/registry.json."""
    call_command(
        "loaddata", settings.BASE_DIR / "fixtures" / "registry.json", verbosity=0
    )


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
