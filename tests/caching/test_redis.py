"""With REDIS_URL set, the cache is Redis and the throttled API still answers."""

import pytest
from django.core.cache import caches
from django.test import override_settings

from tests.env_settings import TEST_REDIS_URL, cache_overrides
from tests.factories import member
from tests.servers import free_port


@pytest.fixture
def redis_cache():
    """The settings' CACHES as REDIS_URL makes them, on the test Redis database."""
    overrides = cache_overrides(TEST_REDIS_URL)
    overrides["CACHES"]["default"]["KEY_PREFIX"] = "test-redis-cache"
    with override_settings(**overrides):
        caches["default"].clear()
        yield caches["default"]
        caches["default"].clear()


@pytest.mark.django_db
def test_throttled_api_answers_with_redis_url_set(client, redis_cache):
    member(name_en="Redis-backed Firm")
    response = client.get("/api/v1/organizations/")
    assert response.status_code == 200
    assert response.json()["results"][0]["name_en"] == "Redis-backed Firm"
    # The anonymous throttle counted the request in Redis, where every server sees it.
    assert any("throttle" in key for key in redis_cache.keys("*"))


@pytest.mark.django_db
@override_settings(REGISTRY_API_ANON_RATE="2/hour")
def test_throttle_counted_in_redis_refuses_past_the_rate(client, redis_cache):
    statuses = [client.get("/api/v1/sectors/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


@pytest.mark.django_db
def test_api_keeps_answering_when_redis_is_down(client, caplog):
    with override_settings(**cache_overrides(f"redis://127.0.0.1:{free_port()}/0")):
        response = client.get("/api/v1/sectors/")
    assert response.status_code == 200
    assert any(record.name == "registry.cache" for record in caplog.records)
