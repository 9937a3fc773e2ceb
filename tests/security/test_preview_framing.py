"""The reconciliation preview may be framed (OpenRefine shows it in a frame);
no other answer of the service may."""

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[0, 300], ids=["uncached", "page-cache"])
def page_cache(request, settings):
    settings.REGISTRY_PAGE_CACHE_SECONDS = request.param
    cache.clear()
    yield request.param
    cache.clear()


def test_the_reconciliation_preview_may_be_framed(client, page_cache, seed):
    for _ in range(2):  # the second from the cache when it is on
        response = client.get("/reconcile/preview/", {"id": "chemexpress"})
        assert response.status_code == 200, response.content
        csp = response.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" not in csp
        assert "frame-ancestors *" in csp
        assert "default-src 'self'" in csp
        assert "X-Frame-Options" not in response.headers


def test_other_reconciliation_answers_may_not_be_framed(client, page_cache, seed):
    for path in ("/reconcile/", "/reconcile/suggest/entity/?prefix=Chem", "/"):
        response = client.get(path)
        assert response.status_code == 200
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert response.headers["X-Frame-Options"] == "DENY"
