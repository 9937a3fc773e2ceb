"""The applicant's whole journey, and the officer's decision, in a real browser."""

import re

import pytest
from django.urls import Resolver404, resolve
from playwright.sync_api import expect

from registry.installation import create_officer
from registry.models import Application, Organization
from tests.factories import ProgramFactory, SectorFactory, valid_uscc

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def members_page_exists() -> bool:
    try:
        resolve("/members/")
    except Resolver404:
        return False
    return True


def test_apply_follow_and_get_accepted(page, live_server, mailoutbox, settings):
    settings.REGISTRY_SITE_URL = live_server.url
    ProgramFactory(accepts_applications=True)
    SectorFactory(slug="healthcare", name_en="Healthcare", name_zh="医疗健康")
    _officer, password = create_officer(username="reviewer")
    code = valid_uscc(4242)
    wrong_code = code[:-1] + ("0" if code[-1] != "0" else "1")

    # The applicant fills in the form; a mistake first, then the fix.
    page.goto("/apply/")
    expect(page.get_by_role("heading", name="Privacy notice")).to_be_visible()
    page.get_by_label("Organization name in Chinese").fill("示例浏览器企业")
    page.get_by_label("Organization name in English").fill("Example Browser Firm")
    page.get_by_label("Unified social credit code (USCC)").fill(wrong_code)
    page.get_by_label("Healthcare").check()
    page.get_by_label("Ownership").select_option("foreign")
    page.get_by_label("District").select_option("pudong")
    page.get_by_label("Address").fill("Example Road 1")
    page.get_by_label("Contact person").fill("Example Contact")
    page.get_by_label("Contact email").fill("browser-applicant@example.com")
    page.get_by_label("Contact phone").fill("+86 138 1234 5678")
    page.get_by_label("What does the firm want").fill("Pilot partners in hospitals.")
    consent = page.get_by_label("I have read the privacy notice")
    expect(consent).not_to_be_checked()
    consent.check()
    page.get_by_role("button", name="Send the application").click()

    expect(page.locator("#id_uscc_errors")).to_contain_text("check character")
    expect(page.get_by_label("Contact email")).to_have_value(
        "browser-applicant@example.com"
    )
    expect(page.get_by_label("I have read the privacy notice")).to_be_checked()
    page.get_by_label("Unified social credit code (USCC)").fill(code)
    page.get_by_role("button", name="Send the application").click()

    application = Application.objects.get()
    expect(page.get_by_role("heading", level=1)).to_contain_text(application.reference)
    expect(page.get_by_text("We received your application")).to_be_visible()

    # The confirmation email carries the reference and the private link.
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert application.reference in email.subject
    link = re.search(r"http://\S+/apply/status/[\w-]+/", email.body).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_contain_text(application.reference)
    # The private page shows the applicant the data we hold (PIPL's right of access).
    expect(page.get_by_text("browser-applicant@example.com")).to_be_visible()

    # An officer accepts it from the change page.
    page.goto("/admin/login/?next=/admin/registry/application/")
    page.get_by_label("Username").fill("reviewer")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name=application.reference).click()
    page.get_by_role("button", name="Accept").click()
    expect(page.locator(".messagelist")).to_contain_text("is accepted")

    application.refresh_from_db()
    assert application.status == Application.Status.ACCEPTED
    assert application.decided_by.username == "reviewer"
    assert len(mailoutbox) == 2

    # The firm is a member at once.
    firm = Organization.objects.published().current_members().get(uscc=code)
    assert firm.name_en == "Example Browser Firm"
    if members_page_exists():
        page.goto("/members/")
        expect(page.get_by_text("Example Browser Firm")).to_be_visible()

    page.goto(link)
    expect(page.get_by_text("Your application was accepted")).to_be_visible()
