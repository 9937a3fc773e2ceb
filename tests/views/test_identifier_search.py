"""A credit code, ROR id or Wikidata id typed into a list's search box finds
its organization; one result goes straight to its page."""

from urllib.parse import quote

import pytest

from registry.installation import load_seed_data
from registry.models import Organization, Program
from tests.factories import MembershipFactory, OrganizationFactory, demo_organizations
from tests.responses import body

MAX_QUERIES = 8

# The seed's members are innovation units; their parents hold the identifiers.
TYPED = [
    ("91310115607777773B", "harbour-lab"),
    ("9131 0115 6077 7777 3b", "harbour-lab"),
    ("91310115-607777773B", "harbour-lab"),
    ("https://ror.org/04xyz1273", "harbour-lab"),
    ("ror.org/04XYZ1273", "harbour-lab"),
    ("04xyz1273", "harbour-lab"),
    ("Q4242", "harbour-lab"),
    ("q4242", "harbour-lab"),
    ("https://www.wikidata.org/wiki/Q4242", "harbour-lab"),
]


def add_member():
    """A current member of the main program with every identifier."""
    MembershipFactory(
        program=Program.objects.get(slug="goi"),
        organization=OrganizationFactory(
            slug="harbour-lab",
            name_en="Harbour Example Lab",
            uscc="91310115607777773B",
            ror_id="https://ror.org/04xyz1273",
            wikidata_id="Q4242",
        ),
    )


@pytest.fixture
def member(seed):
    add_member()


@pytest.mark.parametrize(("typed", "slug"), TYPED)
def test_an_identifier_in_the_members_search_goes_to_its_page(
    client, member, typed, slug
):
    response = client.get("/members/", {"q": typed})

    assert response.status_code == 302
    assert response["Location"] == f"/organizations/{slug}/"


@pytest.mark.parametrize(("typed", "slug"), TYPED[::3])
def test_the_page_it_goes_to_is_in_the_readers_language(client, member, typed, slug):
    response = client.get("/zh-hans/members/", {"q": typed})

    assert response.status_code == 302
    assert response["Location"] == f"/zh-hans/organizations/{slug}/"


def test_an_identifier_in_the_institutions_search_goes_to_its_page(client, seed):
    OrganizationFactory(
        slug="harbour-institute",
        kind=Organization.Kind.RD_INSTITUTION,
        ror_id="https://ror.org/0abcdef23",
    )

    response = client.get("/institutions/", {"q": "0ABCDEF23"})

    assert response.status_code == 302
    assert response["Location"] == "/organizations/harbour-institute/"


def test_an_identifier_of_an_organization_outside_the_list_finds_nothing(
    client, member
):
    # The lab is a member, not an institution.
    response = client.get("/institutions/", {"q": "04xyz1273"})

    assert response.status_code == 200
    assert "/organizations/harbour-lab/" not in response.content.decode()


def test_an_unpublished_organization_is_not_found_by_its_identifier(client, db):
    OrganizationFactory(
        slug="hidden",
        kind=Organization.Kind.RD_INSTITUTION,
        is_published=False,
        uscc="91310115607777773B",
    )

    response = client.get("/institutions/", {"q": "91310115607777773B"})

    assert response.status_code == 200
    assert "/organizations/hidden/" not in response.content.decode()


def test_a_download_of_an_identifier_search_is_the_file_not_a_redirect(client, member):
    response = client.get("/members/", {"q": "04xyz1273", "format": "csv"})

    assert response.status_code == 200
    rows = body(response).decode("utf-8-sig").strip().splitlines()
    assert len(rows) == 2 and "04xyz1273" in rows[1]


def test_a_name_search_with_one_result_still_shows_the_list(client, member):
    response = client.get("/members/", {"q": "harbour"})

    assert response.status_code == 200


def test_a_malformed_identifier_is_an_ordinary_name_search(client, member):
    # A wrong check character: no organization, no error.
    response = client.get("/members/", {"q": "91310115607777773X"})

    assert response.status_code == 200
    assert "/organizations/harbour-lab/" not in response.content.decode()


def test_the_api_search_finds_the_member_by_each_identifier(client, member):
    for typed, slug in TYPED:
        response = client.get("/api/v1/organizations/", {"q": typed})
        assert [row["id"] for row in response.json()["results"]] == [slug], typed


def queries(client, django_assert_max_num_queries, path, status):
    with django_assert_max_num_queries(MAX_QUERIES) as captured:
        response = client.get(path)
        body(response)
    assert response.status_code == status, path
    return len(captured)


@pytest.fixture
def registry(db, settings):
    settings.REGISTRY_PAGE_CACHE_SECONDS = 300
    load_seed_data()
    add_member()
    demo_organizations(400, seed=400)


def test_identifier_searches_make_the_same_few_queries_at_two_sizes(
    client, registry, django_assert_max_num_queries
):
    urls = {
        **{f"/members/?q={quote(typed)}": 302 for typed, _slug in TYPED},
        **{f"/zh-hans/members/?q={quote(typed)}": 302 for typed, _slug in TYPED},
        "/institutions/?q=04xyz1273": 200,
        "/members/?q=91310000132200821H": 200,
        "/members/?q=05gxmms51": 200,
        **{f"/api/v1/organizations/?q={quote(typed)}": 200 for typed, _ in TYPED},
        "/api/v1/organizations/?uscc=91310000794467963L": 200,
        "/api/v1/organizations/?ror_id=05gxmms51": 200,
        "/api/v1/organizations/?wikidata_id=Q2283": 200,
    }

    def measure():
        return {
            path: queries(client, django_assert_max_num_queries, path, status)
            for path, status in urls.items()
        }

    small = measure()
    demo_organizations(1200, seed=1200)
    large = measure()
    assert large == small


def test_a_malformed_identifier_filter_on_a_page_is_explained_in_chinese(client, db):
    response = client.get("/zh-hans/members/", {"uscc": "not a code"})

    assert response.status_code == 400
    assert "请输入18位统一社会信用代码。" in response.content.decode()
