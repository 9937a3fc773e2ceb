"""Looking an organization up by its identifiers: `?uscc=`, `?ror_id=`,
`?wikidata_id=` and an identifier typed into `?q=`."""

import pytest

from tests.factories import OrganizationFactory

LIST = "/api/v1/organizations/"


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


@pytest.mark.parametrize(
    "written",
    [
        "91310000794467963L",
        "91310000794467963l",
        " 9131 0000 7944 6796 3L ",
        "91310000-794467963L",
    ],
)
def test_a_credit_code_in_any_written_form_finds_exactly_its_organization(
    client, seed, written
):
    assert slugs(client.get(LIST, {"uscc": written})) == ["chemexpress"]


@pytest.mark.parametrize(
    "written",
    [
        "https://ror.org/05gxmms51",
        "05gxmms51",
        "05GXMMS51",
        " ror.org/05gxmms51 ",
        "HTTPS://ROR.ORG/05GXMMS51",
        "https://www.ror.org/05gxmms51",
    ],
)
def test_a_ror_id_in_any_written_form_finds_exactly_its_organization(
    client, seed, written
):
    assert slugs(client.get(LIST, {"ror_id": written})) == ["comac"]


@pytest.mark.parametrize(
    "written",
    ["Q1115363", "q1115363", " Q1115363 ", "https://www.wikidata.org/wiki/Q1115363"],
)
def test_a_wikidata_id_in_any_written_form_finds_exactly_its_organization(
    client, seed, written
):
    assert slugs(client.get(LIST, {"wikidata_id": written})) == ["comac"]


def test_a_well_formed_identifier_nobody_holds_finds_nothing(client, seed):
    assert slugs(client.get(LIST, {"uscc": "91310000132200821H"})) == []
    assert slugs(client.get(LIST, {"ror_id": "0abcdef23"})) == []
    assert slugs(client.get(LIST, {"wikidata_id": "Q42"})) == []


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("uscc", "not a code"),
        ("uscc", "91310000794467963X"),  # the check character is wrong
        ("uscc", "9131000079446796"),
        ("ror_id", "05gxmms52"),  # the checksum is wrong
        ("ror_id", "https://example.org/05gxmms51"),
        ("ror_id", "comac"),
        ("wikidata_id", "Q0"),
        ("wikidata_id", "P31"),
        ("wikidata_id", "x" * 500),
    ],
)
def test_a_malformed_identifier_is_a_400_naming_the_parameter(
    client, seed, name, value
):
    response = client.get(LIST, {name: value})

    assert response.status_code == 400
    assert name in response.json()


def test_an_empty_identifier_filter_is_ignored(client, seed):
    everything = slugs(client.get(LIST, {"page_size": 100}))

    assert slugs(client.get(LIST, {"uscc": "", "page_size": 100})) == everything


def test_an_unpublished_organization_is_never_found_by_its_identifiers(client, db):
    OrganizationFactory(
        slug="hidden",
        is_published=False,
        uscc="91310115607777773B",
        ror_id="https://ror.org/04xyz1273",
        wikidata_id="Q4242",
    )

    assert slugs(client.get(LIST, {"uscc": "91310115607777773B"})) == []
    assert slugs(client.get(LIST, {"ror_id": "04xyz1273"})) == []
    assert slugs(client.get(LIST, {"wikidata_id": "Q4242"})) == []
    assert slugs(client.get(LIST, {"q": "91310115607777773B"})) == []


@pytest.mark.parametrize(
    ("typed", "slug"),
    [
        ("91310000794467963l", "chemexpress"),
        ("https://ror.org/05gxmms51", "comac"),
        ("05GXMMS51", "comac"),
        ("q2283", "microsoft"),
    ],
)
def test_an_identifier_typed_into_the_search_finds_its_organization(
    client, seed, typed, slug
):
    assert slugs(client.get(LIST, {"q": typed})) == [slug]


def test_identifier_filters_combine_with_the_other_filters(client, seed):
    assert slugs(client.get(LIST, {"ror_id": "05gxmms51", "kind": "enterprise"})) == [
        "comac"
    ]
    assert slugs(client.get(LIST, {"ror_id": "05gxmms51", "kind": "incubator"})) == []
