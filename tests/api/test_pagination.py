"""Keyset paging of the API: `?cursor=` and its `next` links."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import OrganizationFactory

API = "/api/v1/organizations/"


@pytest.fixture
def organizations(db):
    names = ["beta", "Alpha", "gamma", "", "delta", "alpha"]
    for n, name in enumerate(names):
        OrganizationFactory(name_en=name, name_zh="" if name else f"示例{n}")


def ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


@pytest.mark.parametrize("ordering", ["", "-name"])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_following_next_reads_every_row_once_in_the_listed_order(
    client, organizations, ordering, language
):
    headers = {"HTTP_ACCEPT_LANGUAGE": language}
    expected = ids(client.get(API, {"ordering": ordering, "page_size": 100}, **headers))
    seen, url = [], f"{API}?cursor=&page_size=2&ordering={ordering}"
    while url:
        response = client.get(url, **headers)
        seen += ids(response)
        assert response.json()["count"] == len(expected)
        url = response.json()["next"]
    assert seen == expected


def test_a_deep_cursor_page_makes_the_same_queries_as_the_first(client, organizations):
    response = client.get(API, {"cursor": "", "page_size": 2})  # counts, once
    with CaptureQueriesContext(connection) as first:
        response = client.get(API, {"cursor": "", "page_size": 2})
    deeper = client.get(response.json()["next"]).json()["next"]
    with CaptureQueriesContext(connection) as deep:
        assert ids(client.get(deeper))
    assert 0 < len(deep) == len(first) <= 4


@pytest.mark.parametrize("cursor", ["nonsense", "W10", "WyJ4Il0", "WzEsMiwzXQ", "%%%"])
def test_a_malformed_cursor_is_a_400(client, organizations, cursor):
    response = client.get(API, {"cursor": cursor})
    assert response.status_code == 400
    assert "cursor" in response.json()


def test_a_list_sorted_by_joining_date_says_it_cannot_be_paged_by_cursor(
    client, organizations
):
    response = client.get(API, {"cursor": "", "ordering": "-joined"})
    assert response.status_code == 400
    assert "cursor" in response.json()


def test_page_numbers_still_work(client, organizations):
    response = client.get(API, {"page": 2, "page_size": 2})
    assert len(ids(response)) == 2
    assert "page=3" in response.json()["next"]
