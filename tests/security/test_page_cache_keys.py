"""Finding 7: junk query parameters neither fill the page cache nor buy one
address an unbounded number of uncached pages."""

import pytest
from django.core.cache import cache

from registry.caching import middleware as pagecache
from registry.installation import load_seed_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored(settings, db, monkeypatch):
    """The keys the page cache stores pages under, in order."""
    settings.REGISTRY_PAGE_CACHE_SECONDS = 300
    settings.REGISTRY_UNCACHED_PAGES_PER_MINUTE = 0
    load_seed_data()
    cache.clear()
    keys = []
    original = pagecache._set

    def recording(key, value, seconds):
        if key.startswith("registry:page:"):
            keys.append(key)
        original(key, value, seconds)

    monkeypatch.setattr(pagecache, "_set", recording)
    yield keys
    cache.clear()


def test_unknown_parameters_store_no_page(client, stored):
    for n in range(5):
        assert client.get("/members/", {"utm_source": f"x{n}"}).status_code == 200
    assert stored == []
    client.get("/members/")
    assert len(stored) == 1


def test_a_known_parameter_with_junk_beside_it_stores_nothing(client, stored):
    assert client.get("/members/", {"q": "probe", "fbclid": "junk"}).status_code == 200
    assert stored == []


def test_the_order_of_the_parameters_does_not_make_another_page(client, stored):
    first = client.get("/members/?q=probe&ordering=name")
    second = client.get("/members/?ordering=name&q=probe")

    assert first.status_code == second.status_code == 200
    assert len(stored) == 1
    assert first.content == second.content


@pytest.fixture
def limited(settings, db):
    settings.REGISTRY_PAGE_CACHE_SECONDS = 300
    settings.REGISTRY_UNCACHED_PAGES_PER_MINUTE = 3
    load_seed_data()
    cache.clear()
    yield
    cache.clear()


def test_one_address_makes_a_bounded_number_of_uncached_pages(client, limited):
    statuses = [
        client.get("/members/", {"q": f"probe{n}"}).status_code for n in range(5)
    ]
    other = client.get("/members/", {"q": "other"}, REMOTE_ADDR="192.0.2.50")

    assert statuses == [200, 200, 200, 429, 429]
    assert other.status_code == 200


def test_pages_in_the_cache_are_still_served_over_the_bound(client, limited):
    assert client.get("/members/").status_code == 200
    for n in range(3):
        client.get("/members/", {"q": f"probe{n}"})

    assert client.get("/members/", {"q": "probe9"}).status_code == 429
    assert client.get("/members/").status_code == 200


def test_the_refusal_is_a_clear_page_in_the_readers_language(client, limited):
    for n in range(3):
        client.get("/zh-hans/members/", {"q": f"probe{n}"})

    chinese = client.get("/zh-hans/members/", {"q": "probe9"})
    english = client.get("/members/", {"q": "probe9"})

    assert chinese.status_code == english.status_code == 429
    assert chinese["Retry-After"] == english["Retry-After"] == "60"
    assert "请求过多" in chinese.text
    assert "Too many pages" in english.text
    assert english["Content-Language"] == "en"
    assert chinese["Content-Language"] == "zh-hans"
    assert "frame-ancestors 'none'" in english["Content-Security-Policy"]


@pytest.mark.parametrize(
    "path",
    [
        "/members/?q=probe&sector=&kind=enterprise",
        "/zh-hans/members/?ordering=name",
        "/api/v1/organizations/?kind=enterprise&page_size=5",
        "/api/v1/organizations/?format=json",
        "/reconcile/?queries=%7B%22q0%22%3A%7B%22query%22%3A%22Nokia%22%7D%7D",
    ],
)
def test_pages_whose_parameters_the_view_reads_are_stored(client, stored, path):
    first = client.get(path)
    second = client.get(path)

    assert first.status_code == second.status_code == 200
    assert len(stored) == 1
