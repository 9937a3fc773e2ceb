"""Every public page and API list makes the same few queries at any size.

The registry is filled with the seed and synthetic organizations (as the
benchmark does), measured, then grown several times over and measured again.
"""

from urllib.parse import quote

import pytest

from registry.installation import load_seed_data
from registry.models import Organization
from tests.factories import demo_organizations
from tests.responses import body

MAX_QUERIES = 8
SEARCHES = ["zhangjiang", "zj", "李政", "張江", "量", "quantum"]
PAGES = [
    "/members/",
    "/members/?page=2",
    "/members/?sector=it&ordering=-joined",
    "/members/?ordering=joined&page=2",
    "/institutions/",
    "/",
    "/programs/goi/",
    "/awards/",
    "/awards/goi-exemplar/",
    *(f"/members/?q={quote(q)}" for q in SEARCHES),
]
API_LISTS = [
    "/api/v1/organizations/",
    "/api/v1/organizations/?page=2",
    "/api/v1/organizations/?q=quantum",
    "/api/v1/organizations/?ordering=-joined",
    "/api/v1/memberships/",
    "/api/v1/memberships/?page=2",
    "/api/v1/recognitions/",
    "/api/v1/sectors/",
    "/api/v1/awards/",
    "/api/v1/programs/",
    "/api/v1/events/",
    "/api/v1/reported-figures/",
]
# The whole list, streamed: read to the end, each size is one chunk of rows.
DOWNLOADS = ["/members/?format=csv", "/api/v1/organizations/?format=csv"]
URLS = (
    PAGES
    + ["/zh-hans" + path for path in PAGES]
    + API_LISTS
    + DOWNLOADS
    + ["/feeds/members/", "/feeds/recognitions/"]
)


def grow(n):
    demo_organizations(n, seed=n)


def queries(client, django_assert_max_num_queries, path):
    with django_assert_max_num_queries(MAX_QUERIES) as captured:
        response = client.get(path)
        body(response)  # A streamed download reads its rows as it is sent.
    assert response.status_code == 200, path
    return len(captured)


@pytest.fixture
def registry(db, settings):
    # As served: the page cache on, so one version read serves the whole request.
    # Each size is measured once, after a write, so every request is a miss.
    settings.REGISTRY_PAGE_CACHE_SECONDS = 300
    load_seed_data()
    grow(400)


def test_every_public_list_makes_the_same_few_queries_at_two_sizes(
    client, registry, django_assert_max_num_queries
):
    organization = Organization.objects.synthetic().published().first()
    urls = [*URLS, organization.get_absolute_url()]
    small = {
        path: queries(client, django_assert_max_num_queries, path) for path in urls
    }
    grow(1200)
    large = {
        path: queries(client, django_assert_max_num_queries, path) for path in urls
    }
    assert large == small
