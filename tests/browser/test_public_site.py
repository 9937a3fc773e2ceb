"""Journeys through the public site in a real Chromium, axe, and screenshots."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from registry.models import Sector
from tests.factories import member
from tests.paths import ROOT

pytestmark = pytest.mark.browser

SCREENSHOTS = ROOT / "docs" / "screenshots"
PUBLIC_PATHS = [
    "/",
    "/members/",
    "/institutions/",
    "/organizations/nokia-shanghai-bell-openx-lab/",
    "/awards/",
    "/awards/goi-exemplar/",
    "/events/pudong-innovation-entrepreneurship-conference-2024/",
    "/programs/goi/",
    "/privacy/",
    "/accessibility/",
    "/contact/",
    "/members/?kind=no-such-kind",
    "/members/?page=99",
    "/no-such-page/",
]


@pytest.fixture
def seeded(transactional_db):
    """The sourced seed records."""
    call_command("loaddata", "registry", verbosity=0)


def block_other_hosts(page, live_server) -> list[str]:
    """Stop and record every request the page makes to another host."""
    own_host = urlsplit(live_server.url).netloc
    foreign: list[str] = []

    def guard(route):
        url = route.request.url
        if urlsplit(url).netloc != own_host and not url.startswith("data:"):
            foreign.append(url)
            route.abort()
        else:
            route.continue_()

    page.route("**/*", guard)
    return foreign


@pytest.fixture
def site(page, seeded, live_server):
    """The browser page; at the end, no request may have left the live server."""
    foreign = block_other_hosts(page, live_server)
    yield page
    assert foreign == [], f"requests left the server: {foreign}"


def test_the_guard_notices_a_request_to_another_host(chromium, live_server):
    # The site's Content-Security-Policy would stop the image before the guard
    # sees it; this test is about the guard, so the policy is bypassed here.
    context = chromium.new_context(base_url=live_server.url, bypass_csp=True)
    page = context.new_page()
    foreign = block_other_hosts(page, live_server)
    page.goto("/robots.txt")
    page.set_content('<img src="http://example.invalid/pixel.png" alt="">')
    page.wait_for_timeout(200)
    context.close()
    assert foreign == ["http://example.invalid/pixel.png"]


def test_axe_reports_a_serious_violation_when_there_is_one(page, live_server):
    page.goto("/robots.txt")
    page.set_content(
        '<html><body><img src="/static/registry/favicon.svg"></body></html>'
    )
    impacts = {v["id"]: v["impact"] for v in Axe().run(page).response["violations"]}
    assert impacts.get("image-alt") == "critical"


def search(page, query: str) -> list[str]:
    page.get_by_label("Search").fill(query)
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    return page.locator(".card-title").all_inner_texts()


def test_find_a_member_by_sector_and_search(site):
    it = Sector.objects.get(slug="it")
    health = Sector.objects.get(slug="healthcare")
    member(name_en="Example Software Firm", name_zh="示例软件公司", sectors=[it])
    member(name_en="Example Health Firm", name_zh="示例健康公司", sectors=[health])

    site.goto("/")
    site.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Members"
    ).click()
    site.wait_for_url("**/members/")
    assert site.get_by_role("heading", level=1).inner_text() == "Members"
    assert "7 organizations found" in site.locator(".result-count").inner_text()

    site.get_by_label("Sector").select_option(label="Information technology")
    site.get_by_role("button", name="Apply filters").click()
    site.wait_for_url("**/members/?*sector=it*")
    assert site.locator(".card-title").all_inner_texts() == ["Example Software Firm"]

    # Searching keeps the sector filter: "示例" alone would find both firms.
    for query in ["示例", "软件", "ruanjian", "slrjgs", "SOFTWARE", "example"]:
        assert search(site, query) == ["Example Software Firm"], query
        assert "sector=it" in site.url

    site.get_by_role("link", name="Clear filters").click()
    site.wait_for_url("**/members/")
    for query, expected in [
        ("富士", "FUJIFILM Business Innovation (China)"),  # Chinese
        ("fushijiaopian", "FUJIFILM Business Innovation (China)"),  # pinyin
        ("fsjp", "FUJIFILM Business Innovation (China)"),  # pinyin initials
        ("OpenX", "Nokia Shanghai Bell OpenX Lab"),  # English
        ("health", "Example Health Firm"),
    ]:
        assert search(site, query) == [expected], query


def test_search_institutions_in_chinese_pinyin_and_english(site):
    for query in ["中科", "星", "中科創星", "zhongkechuangxing", "zkcx", "cas star"]:
        site.goto("/institutions/")
        site.get_by_label("Search").fill(query)
        site.get_by_role("button", name="Apply filters").click()
        site.wait_for_url("**/institutions/?q=*")
        assert site.locator(".card-title").all_inner_texts() == ["CAS Star Shanghai"]


def test_switching_language_keeps_the_page_and_its_filters(site):
    site.goto("/institutions/?q=lee&kind=rd_institution")
    site.get_by_role("link", name="中文").click()
    site.wait_for_url("**/zh-hans/institutions/?q=lee&kind=rd_institution")
    assert site.locator("html").get_attribute("lang") == "zh-Hans"
    assert site.get_by_role("heading", level=1).inner_text() == "机构"
    assert site.locator(".card-title").all_inner_texts() == ["李政道研究所"]

    site.get_by_role("link", name="English").click()
    site.wait_for_url("**/institutions/?q=lee&kind=rd_institution")
    assert "/zh-hans/" not in site.url
    assert site.locator(".card-title").all_inner_texts() == ["Tsung-Dao Lee Institute"]


def test_download_the_filtered_list_as_csv(site):
    site.goto("/institutions/?kind=incubator")
    with site.expect_download() as download_info:
        site.get_by_role("link", name="Download CSV").click()
    download = download_info.value
    assert download.suggested_filename.startswith("institutions-")
    content = Path(download.path()).read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")
    rows = content.decode("utf-8-sig").splitlines()
    assert len(rows) == 1 + 3
    assert any(row.startswith("CAS Star Shanghai,中科创星,") for row in rows)


def test_open_an_organization(site):
    site.goto("/members/")
    site.get_by_role("link", name="Nokia Shanghai Bell OpenX Lab").click()
    site.wait_for_url("**/organizations/nokia-shanghai-bell-openx-lab/")
    assert site.get_by_role("heading", level=1).inner_text() == (
        "Nokia Shanghai Bell OpenX Lab"
    )
    site.get_by_role("link", name="Nokia Shanghai Bell", exact=True).click()
    site.wait_for_url("**/organizations/nokia-shanghai-bell/")
    assert site.get_by_role("heading", level=1).inner_text() == "Nokia Shanghai Bell"


@pytest.mark.parametrize("prefix", ["", "/zh-hans"])
@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_no_serious_accessibility_violation(site, prefix, path):
    site.goto(prefix + path)
    results = Axe().run(site)
    serious = [
        violation
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    assert serious == [], results.generate_report()


@pytest.mark.parametrize("prefix", ["", "/zh-hans"])
def test_pages_fit_a_phone_without_sideways_scrolling(
    chromium, seeded, live_server, prefix
):
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}
    )
    phone = context.new_page()
    foreign = block_other_hosts(phone, live_server)
    for path in PUBLIC_PATHS:
        phone.goto(prefix + path)
        header = phone.locator(".site-header")
        assert header.evaluate("e => getComputedStyle(e).backgroundColor") == (
            "rgb(23, 69, 110)"
        ), "the site's own stylesheet is served"
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{prefix}{path} is {width}px wide"
    context.close()
    assert foreign == []


def test_favicon_is_served_by_the_app(site):
    response = site.request.get("/static/registry/favicon.svg")
    assert response.ok
    assert response.headers["content-type"].startswith("image/svg+xml")
    site.goto("/")
    assert site.locator('link[rel="icon"]').get_attribute("href") == (
        "/static/registry/favicon.svg"
    )


@pytest.mark.screenshots
def test_take_screenshots(chromium, seeded, live_server):
    """`make screenshots`: desktop and phone views of the main pages."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pages = {
        "home": "/",
        "members": "/members/",
        "organization": "/organizations/tsung-dao-lee-institute/",
    }
    devices = {
        "desktop": {"viewport": {"width": 1280, "height": 900}},
        "phone": {
            "viewport": {"width": 390, "height": 844},
            "device_scale_factor": 2,
            "is_mobile": True,
            "has_touch": True,
        },
    }
    for device, options in devices.items():
        context = chromium.new_context(base_url=live_server.url, **options)
        page = context.new_page()
        for language, prefix in [("en", ""), ("zh-hans", "/zh-hans")]:
            for name, path in pages.items():
                page.goto(prefix + path)
                width = page.evaluate("document.documentElement.scrollWidth")
                assert width <= options["viewport"]["width"], (name, device)
                page.screenshot(
                    path=SCREENSHOTS / f"{name}-{language}-{device}.png",
                    full_page=True,
                )
        context.close()
