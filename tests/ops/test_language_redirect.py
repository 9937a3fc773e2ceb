"""A Chinese reader's first visit to an English page goes to the Chinese page, once.

Browsers send Accept: text/html on a page visit; the test client sends no Accept
header unless told, so every visit here names it as a browser does.
"""

import pytest

from registry.installation import load_seed_data

BROWSER = {
    "HTTP_ACCEPT": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "HTTP_USER_AGENT": (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/124.0 Safari/537.36"
    ),
}
CHINESE = {**BROWSER, "HTTP_ACCEPT_LANGUAGE": "zh-CN,zh;q=0.9,en;q=0.8"}
ENGLISH = {**BROWSER, "HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}

GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
BAIDUSPIDER = "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)"
CRAWLERS = [
    GOOGLEBOT,
    BAIDUSPIDER,
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
    "Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)",
    "Mozilla/5.0 (Windows NT 6.1; WOW64) 360Spider",
    "DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)",
    "Mozilla/5.0 (Macintosh) AppleWebKit/605.1.15 (KHTML, like Gecko) Applebot/0.1",
    "ExampleCrawler/1.0",
]


@pytest.fixture
def registry(db):
    load_seed_data()


@pytest.fixture
def cached(settings, registry):
    settings.REGISTRY_PAGE_CACHE_SECONDS = 300


def chinese_page(response) -> bool:
    return '<html lang="zh-Hans">' in response.text


# Chinese readers ----------------------------------------------------------------


def test_a_chinese_first_visit_to_the_home_page_goes_to_the_chinese_home(
    client, registry
):
    response = client.get("/", **CHINESE)
    assert response.status_code == 302
    assert response["Location"] == "/zh-hans/"
    assert "Accept-Language" in response["Vary"]
    assert "Cookie" in response["Vary"]
    # The redirect is this visitor's: no shared cache keeps it for others.
    assert "private" in response["Cache-Control"]


def test_the_query_string_is_kept(client, registry):
    response = client.get("/members/?q=lab&page=2", **CHINESE)
    assert response.status_code == 302
    assert response["Location"] == "/zh-hans/members/?q=lab&page=2"


def test_following_the_redirect_gives_the_chinese_page_once(client, registry):
    response = client.get("/", follow=True, **CHINESE)
    assert response.redirect_chain == [("/zh-hans/", 302)]
    assert response.status_code == 200
    assert chinese_page(response)


@pytest.mark.parametrize(
    "accept_language",
    ["zh", "zh-CN", "zh-Hans", "zh-Hans-CN", "zh-SG", "zh-cn,en;q=0.5", "fr,zh;q=0.5"],
)
def test_every_simplified_chinese_preference_is_redirected(
    client, registry, accept_language
):
    response = client.get(
        "/awards/", **{**BROWSER, "HTTP_ACCEPT_LANGUAGE": accept_language}
    )
    assert response.status_code == 302
    assert response["Location"] == "/zh-hans/awards/"


@pytest.mark.parametrize(
    "accept_language, redirected",
    [
        # A Traditional reader with no English reads Simplified more easily.
        ("zh-TW", True),
        ("zh-HK,zh-Hant;q=0.9", True),
        ("zh-TW,zh;q=0.9,en;q=0.8", True),
        # One who names English, before any Simplified Chinese, gets English.
        ("zh-TW,en;q=0.8", False),
        ("zh-HK,en-US;q=0.9,zh;q=0.5", False),
    ],
)
def test_traditional_chinese_readers_get_simplified_unless_they_read_english(
    client, registry, accept_language, redirected
):
    response = client.get("/", **{**BROWSER, "HTTP_ACCEPT_LANGUAGE": accept_language})
    assert (response.status_code == 302) is redirected


def test_a_head_request_is_redirected_too(client, registry):
    response = client.head("/", **CHINESE)
    assert response.status_code == 302
    assert response["Location"] == "/zh-hans/"


def test_the_site_s_script_prefix_is_kept(client, registry):
    response = client.get("/members/", SCRIPT_NAME="/registry", **CHINESE)
    assert response.status_code == 302
    assert response["Location"] == "/registry/zh-hans/members/"


# Readers who asked for English ----------------------------------------------------


def test_an_english_cookie_means_no_redirect(client, registry):
    client.cookies["django_language"] = "en"
    response = client.get("/", **CHINESE)
    assert response.status_code == 200
    assert not chinese_page(response)


def test_a_reader_who_chose_english_with_the_switcher_keeps_it(client, registry):
    response = client.post(
        "/i18n/setlang/", {"language": "en", "next": "/members/"}, **CHINESE
    )
    assert response.status_code == 302
    page = client.get("/members/", **CHINESE)
    assert page.status_code == 200
    assert not chinese_page(page)


def test_an_english_accept_language_means_no_redirect(client, registry):
    response = client.get("/", **ENGLISH)
    assert response.status_code == 200
    assert not chinese_page(response)
    assert "Accept-Language" in response["Vary"]


def test_no_accept_language_means_no_redirect(client, registry):
    assert client.get("/", **BROWSER).status_code == 200


def test_a_reader_coming_back_from_a_chinese_page_by_the_switch_is_not_bounced(
    client, registry
):
    """The switch in the header is a link: the browser names the Chinese page
    it came from (Referrer-Policy same-origin). From then on English stays."""
    response = client.get(
        "/members/", HTTP_REFERER="http://testserver/zh-hans/members/", **CHINESE
    )
    assert response.status_code == 200
    assert not chinese_page(response)
    assert response.cookies["django_language"].value == "en"
    # The next visit, typed or from a bookmark, is English too.
    assert client.get("/", **CHINESE).status_code == 200


def test_a_link_from_another_site_is_a_first_visit(client, registry):
    response = client.get(
        "/", HTTP_REFERER="https://search.example.cn/zh-hans/results", **CHINESE
    )
    assert response.status_code == 302


def test_a_chinese_page_is_never_redirected(client, registry):
    response = client.get("/zh-hans/members/", **CHINESE)
    assert response.status_code == 200
    assert chinese_page(response)


# Machines -------------------------------------------------------------------------


@pytest.mark.parametrize("user_agent", CRAWLERS)
def test_crawlers_get_the_page_they_asked_for(client, registry, user_agent):
    response = client.get("/", **{**CHINESE, "HTTP_USER_AGENT": user_agent})
    assert response.status_code == 200
    assert not chinese_page(response)


@pytest.mark.parametrize("accept", ["application/json", "*/*", "text/html;q=0"])
def test_a_client_that_does_not_ask_for_html_gets_the_page_it_asked_for(
    client, registry, accept
):
    response = client.get("/", **{**CHINESE, "HTTP_ACCEPT": accept})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/organizations/",
        "/api/docs/",
        "/reconcile/",
        "/feeds/members/",
        "/feeds/recognitions/",
        "/data/",
        "/sitemap.xml",
        "/robots.txt",
        "/healthz",
        "/readyz",
        "/admin/login/",
        "/i18n/setlang/",
        "/static/registry/site.css",
        "/no-such-page/",
        # Emailed in the language the applicant applied in.
        "/apply/status/no-such-token/",
    ],
)
def test_machine_paths_and_unknown_paths_are_never_redirected(client, registry, path):
    response = client.get(path, **CHINESE)
    assert response.status_code != 302 or not response["Location"].startswith(
        "/zh-hans/"
    )


def test_a_form_sent_is_never_redirected(client, registry):
    response = client.post("/apply/", {}, **CHINESE)
    assert response.status_code != 302 or "/zh-hans/" not in response["Location"]


# With the page cache on -------------------------------------------------------------


def test_a_cached_english_page_is_not_served_to_a_chinese_first_visit(client, cached):
    english = client.get("/members/", **ENGLISH)
    assert english.status_code == 200
    assert client.get("/members/", **ENGLISH).content == english.content  # cached
    response = client.get("/members/", **CHINESE)
    assert response.status_code == 302
    assert response["Location"] == "/zh-hans/members/"


def test_a_redirect_is_not_served_to_english_readers_or_crawlers(client, cached):
    assert client.get("/", **CHINESE).status_code == 302
    assert client.get("/", **CHINESE).status_code == 302
    english = client.get("/", **ENGLISH)
    assert english.status_code == 200
    assert not chinese_page(english)
    crawler = client.get("/", **{**CHINESE, "HTTP_USER_AGENT": BAIDUSPIDER})
    assert crawler.status_code == 200
    assert not chinese_page(crawler)
    google = client.get("/", **{**CHINESE, "HTTP_USER_AGENT": GOOGLEBOT})
    assert google.status_code == 200
    assert "Accept-Language" in google["Vary"]


def test_english_then_chinese_then_a_crawler(client, cached):
    assert client.get("/awards/", **ENGLISH).status_code == 200
    assert client.get("/awards/", **CHINESE).status_code == 302
    crawler = client.get("/awards/", **{**CHINESE, "HTTP_USER_AGENT": GOOGLEBOT})
    assert crawler.status_code == 200
    assert not chinese_page(crawler)
