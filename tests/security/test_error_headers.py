"""Finding 8: every answer carries the CSP and X-Frame-Options, error pages too."""

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[0, 300], ids=["uncached", "page-cache"])
def page_cache(request, settings):
    settings.REGISTRY_PAGE_CACHE_SECONDS = request.param
    cache.clear()
    return request.param


def assert_framing_refused(response):
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_a_bad_host_is_a_400_with_the_security_headers(client, page_cache):
    response = client.get("/", HTTP_HOST="attacker.example")

    assert response.status_code == 400
    assert_framing_refused(response)


def test_a_nul_byte_in_the_path_is_a_400_with_the_security_headers(client, page_cache):
    response = client.get("/organizations/%00/")

    assert response.status_code == 400
    assert_framing_refused(response)


def test_an_ordinary_page_keeps_its_headers(client, page_cache):
    for _ in range(2):  # the second from the cache when it is on
        response = client.get("/")
        assert response.status_code == 200
        assert_framing_refused(response)


def test_other_reconciliation_answers_may_not_be_framed(client, page_cache):
    response = client.get("/reconcile/")

    assert response.status_code == 200
    assert_framing_refused(response)
