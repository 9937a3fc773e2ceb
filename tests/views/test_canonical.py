"""Each page names its one canonical URL and its twin in the other language,
as absolute URLs on the site's own address (REGISTRY_SITE_URL)."""

import lxml.html
import pytest

pytestmark = pytest.mark.django_db

SITE = "https://registry.example.cn"

# (English path, Chinese path): home, a list and a record page.
PAGES = [
    ("/", "/zh-hans/"),
    ("/members/", "/zh-hans/members/"),
    ("/awards/goi-exemplar/", "/zh-hans/awards/goi-exemplar/"),
    ("/organizations/comac/", "/zh-hans/organizations/comac/"),
]


@pytest.fixture(autouse=True)
def site(settings, seed):
    settings.REGISTRY_SITE_URL = SITE


def head_links(client, path: str, **extra):
    response = client.get(path, **extra)
    assert response.status_code == 200
    tree = lxml.html.fromstring(response.content)
    canonical = [
        link.get("href") for link in tree.xpath('//head/link[@rel="canonical"]')
    ]
    alternates = {
        link.get("hreflang"): link.get("href")
        for link in tree.xpath('//head/link[@rel="alternate"][@hreflang]')
    }
    return canonical, alternates


@pytest.mark.parametrize("english, chinese", PAGES)
def test_an_english_page_is_its_own_canonical_with_both_alternates(
    client, english, chinese
):
    canonical, alternates = head_links(client, english)
    assert canonical == [SITE + english]
    assert alternates == {
        "en": SITE + english,
        "zh-Hans": SITE + chinese,
        "x-default": SITE + english,
    }


@pytest.mark.parametrize("english, chinese", PAGES)
def test_a_chinese_page_is_its_own_canonical_with_both_alternates(
    client, english, chinese
):
    canonical, alternates = head_links(client, chinese)
    assert canonical == [SITE + chinese]
    assert alternates == {
        "en": SITE + english,
        "zh-Hans": SITE + chinese,
        "x-default": SITE + english,
    }


def test_the_links_name_the_site_s_address_whatever_host_was_asked(client, settings):
    settings.ALLOWED_HOSTS = ["10.0.0.5"]
    canonical, alternates = head_links(client, "/members/", HTTP_HOST="10.0.0.5")
    assert canonical == [SITE + "/members/"]
    assert all(href.startswith(SITE + "/") for href in alternates.values())


def test_a_trailing_slash_in_the_setting_makes_no_double_slash(client, settings):
    settings.REGISTRY_SITE_URL = SITE + "/"
    canonical, _alternates = head_links(client, "/zh-hans/members/")
    assert canonical == [SITE + "/zh-hans/members/"]


def test_tracking_parameters_are_left_out_and_the_page_s_own_are_kept(client):
    canonical, alternates = head_links(
        client,
        "/members/?utm_source=wechat&q=lab&gclid=abc&joined=2020&fbclid=x&spm=a.b",
    )
    assert canonical == [SITE + "/members/?q=lab&joined=2020"]
    assert alternates["zh-Hans"] == SITE + "/zh-hans/members/?q=lab&joined=2020"


def test_a_page_with_only_tracking_parameters_has_the_plain_url(client):
    canonical, alternates = head_links(client, "/zh-hans/?utm_campaign=spring")
    assert canonical == [SITE + "/zh-hans/"]
    assert alternates["en"] == SITE + "/"
