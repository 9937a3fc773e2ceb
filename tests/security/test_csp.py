"""Item 5: a CSP with nothing inline; the admin and the API docs work under it."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from registry.installation import create_officer
from tests.factories import ApplicationFactory, ProgramFactory

REQUIRED = {
    "default-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
}


def policy(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return {
        part.split()[0]: " ".join(part.split()[1:])
        for part in header.split(";")
        if part.strip()
    }


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/apply/", "/api/docs/", "/admin/login/"])
def test_every_page_carries_the_policy(client, path):
    ProgramFactory(accepts_applications=True)

    response = client.get(path)
    directives = policy(response)

    for name, value in REQUIRED.items():
        assert directives[name] == value
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"]


INLINE = re.compile(r"<style|\sstyle=|<script>|<script(?![^>]*\ssrc=)[^>]*>|\son\w+=")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/apply/", "/api/docs/"])
def test_public_pages_have_no_inline_style_or_script(client, path):
    ProgramFactory(accepts_applications=True)

    html = client.get(path).text

    assert INLINE.findall(html) == []


@pytest.mark.django_db
def test_the_back_office_frame_has_no_inline_style(officer_client):
    html = officer_client.get(reverse("admin:index")).text

    assert 'style="' not in html


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_admin_and_api_docs_show_no_csp_violation(page, live_server):
    ProgramFactory(accepts_applications=True)
    application = ApplicationFactory()
    _officer, password = create_officer(username="csp-officer")
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))

    page.goto("/admin/login/")
    page.get_by_label("Username").fill("csp-officer")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#site-name")).to_be_visible()
    for path in [
        reverse("admin:index"),
        reverse("admin:registry_organization_changelist"),
        reverse("admin:registry_organization_add"),
        reverse("admin:registry_application_changelist"),
        reverse("admin:registry_application_change", args=[application.pk]),
    ]:
        page.goto(path)
        expect(page.locator("#content")).to_be_visible()
    # The admin's own scripts run: the action bar counts a ticked row.
    page.goto(reverse("admin:registry_application_changelist"))
    page.locator("input.action-select").first.check()
    expect(page.locator(".action-counter")).to_contain_text("1 of 1")

    page.goto("/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_be_visible(timeout=15000)
    for path in ["/", "/members/", "/zh-hans/awards/"]:
        page.goto(path)
        expect(page.locator("main")).to_be_visible()
    page.goto("/apply/")
    # The honeypot's style now comes from the stylesheet: still off-screen.
    assert page.locator(".apply-hp").bounding_box()["x"] < 0

    violations = [text for text in console if "Content Security Policy" in text]
    assert violations == []
