"""Public pages and the API: parameters, downloads, links and headers."""

import pytest
from django.core.cache import cache

from tests.factories import ApplicationFactory
from tests.security.applicant import status_path

pytestmark = pytest.mark.django_db

THOUSANDS_OF_DIGITS = "9" * 5000


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize("name", ["page_size", "page"])
def test_thousands_of_digits_in_a_page_parameter_is_a_400_naming_it(client, name):
    response = client.get(f"/api/v1/organizations/?{name}={THOUSANDS_OF_DIGITS}")
    assert response.status_code == 400
    assert name in response.json()


@pytest.mark.parametrize(
    "path",
    [
        "/members/?page=",
        "/members/?joined=",
        "/api/v1/organizations/?page_size=",
        "/api/v1/events/?year=",
        "/api/v1/recognitions/?year=",
    ],
)
def test_every_integer_parameter_is_capped(client, seed, path):
    for value in ("1000000000000", THOUSANDS_OF_DIGITS, "-1"):
        response = client.get(path + value)
        assert response.status_code in (400, 404), (path, value)


@pytest.mark.parametrize(
    "path", ["/members/?format=csv", "/zh-hans/institutions/?format=csv"]
)
def test_page_downloads_are_throttled_like_any_read(client, seed, settings, path):
    settings.REGISTRY_API_ANON_RATE = "2/hour"
    answers = [client.get(path).status_code for _ in range(3)]
    assert answers == [200, 200, 429]


def test_api_downloads_are_throttled_like_any_read(client, seed, settings):
    settings.REGISTRY_API_ANON_RATE = "2/hour"
    path = "/api/v1/organizations/?format=csv"
    assert [client.get(path).status_code for _ in range(3)] == [200, 200, 429]


@pytest.mark.parametrize(
    "path", ["/zh-hans//evil.example/", "//evil.example/", "/zh-hans/%2F/evil.example/"]
)
def test_the_language_switch_never_links_off_site(client, path):
    html = client.get(path).content.decode()
    assert 'href="//' not in html
    assert 'href="/\\' not in html
    assert 'evil.example/" hreflang' not in html or 'href="/' in html


def test_the_language_switch_still_leads_to_the_same_page(client, seed):
    html = client.get("/members/?q=x").content.decode()
    assert 'class="lang-switch" href="/zh-hans/members/?q=x"' in html
    html = client.get("/zh-hans/members/?q=x").content.decode()
    assert 'class="lang-switch" href="/members/?q=x"' in html


def test_the_status_page_sends_no_referrer(client, program):
    application = ApplicationFactory(program=program)
    response = client.get(status_path(application))
    assert response["Referrer-Policy"] == "no-referrer"
    zh = client.get("/zh-hans" + status_path(application))
    assert zh["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize(
    "path",
    [
        "/apply/status/a%00b/",
        "/zh-hans/apply/status/a%00b/",
        "/api/v1/organizations/a%00b/",
        "/data/a%00b/c",
    ],
)
def test_a_nul_byte_in_the_path_is_a_clear_400(client, path):
    response = client.get(path)
    assert response.status_code == 400
    expected = "无法读取" if path.startswith("/zh-hans/") else "could not be read"
    assert expected in response.content.decode()
