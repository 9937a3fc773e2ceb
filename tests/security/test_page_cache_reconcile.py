"""Finding 6: cached reconciliation answers are in the client's language, and
count against the throttle like answers that are not cached."""

import json

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached(settings, seed):
    settings.REGISTRY_PAGE_CACHE_SECONDS = 300
    settings.REGISTRY_API_ANON_RATE = ""
    cache.clear()
    yield
    cache.clear()


QUERIES = {"queries": json.dumps({"q0": {"query": "ChemExpress"}})}


@pytest.mark.parametrize("params", [{}, QUERIES], ids=["manifest", "queries"])
def test_each_language_gets_its_own_answer_from_the_cache(client, cached, params):
    english = [
        client.get("/reconcile/", params, HTTP_ACCEPT_LANGUAGE="en") for _ in range(2)
    ]
    chinese = [
        client.get("/reconcile/", params, HTTP_ACCEPT_LANGUAGE="zh-hans")
        for _ in range(2)
    ]
    cookie = client.get("/reconcile/", params, HTTP_COOKIE="django_language=zh-hans")

    for response in english:
        assert response["Content-Language"] == "en"
    for response in [*chinese, cookie]:
        assert response["Content-Language"] == "zh-hans"
        assert response.content == chinese[0].content
    assert english[0].content != chinese[0].content
    if params:
        assert (
            chinese[1].json()["q0"]["result"][0]["name"] == "上海皓元医药股份有限公司"
        )
    else:
        assert chinese[1].json()["name"] != english[1].json()["name"]


def test_cached_answers_still_count_against_the_throttle(client, cached, settings):
    settings.REGISTRY_API_ANON_RATE = "3/minute"

    statuses = [client.get("/reconcile/", QUERIES).status_code for _ in range(8)]

    assert statuses == [200, 200, 200] + [429] * 5


def test_the_throttle_holds_for_the_preview_and_suggestions(client, cached, settings):
    settings.REGISTRY_API_ANON_RATE = "2/minute"

    preview = [
        client.get("/reconcile/preview/", {"id": "chemexpress"}).status_code
        for _ in range(3)
    ]
    suggest = client.get("/reconcile/suggest/entity/", {"prefix": "Chem"})

    assert preview == [200, 200, 429]
    assert suggest.status_code == 429
