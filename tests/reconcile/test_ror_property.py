"""The `ror` query property: a ROR id, written any way, is a certain match,
as a credit code (`uscc`) is."""

import json

import pytest

from tests.factories import OrganizationFactory


def results(client, properties, query="") -> list[dict]:
    queries = {"q0": {"query": query, "properties": properties}}
    response = client.get("/reconcile/", {"queries": json.dumps(queries)})
    assert response.status_code == 200, response.content
    return response.json()["q0"]["result"]


@pytest.mark.parametrize(
    "written",
    [
        "05gxmms51",
        "05GXMMS51",
        " ror.org/05gxmms51 ",
        "https://ror.org/05gxmms51",
        "HTTPS://WWW.ROR.ORG/05GXMMS51",
    ],
)
def test_a_ror_id_in_any_written_form_is_a_certain_match(client, seed, written):
    found = results(client, [{"pid": "ror", "v": written}])

    assert found[0]["id"] == "comac"
    assert found[0]["match"] is True
    assert found[0]["score"] == 100


def test_the_property_id_may_be_written_in_capitals(client, seed):
    found = results(client, [{"pid": "ROR", "v": "05gxmms51"}])

    assert [r["id"] for r in found] == ["comac"]


def test_a_ror_id_is_the_match_over_a_name_that_is_not_its_organization(client, seed):
    found = results(client, [{"pid": "ror", "v": "00d0nc645"}], query="COMAC")

    matches = {r["id"]: r["match"] for r in found}
    assert matches["microsoft"] is True
    assert not any(match for slug, match in matches.items() if slug != "microsoft")


def test_a_ror_id_and_a_credit_code_of_two_organizations_match_neither_certainly(
    client, seed
):
    found = results(
        client,
        [
            {"pid": "ror", "v": "05gxmms51"},
            {"pid": "uscc", "v": "91310000794467963L"},
        ],
    )

    assert {r["id"] for r in found} == {"comac", "chemexpress"}
    assert not any(r["match"] for r in found)


def test_a_ror_id_nobody_holds_or_a_malformed_one_matches_nothing(client, seed):
    assert results(client, [{"pid": "ror", "v": "0abcdef23"}]) == []
    assert results(client, [{"pid": "ror", "v": "not a ror id"}]) == []


def test_an_unpublished_organization_is_never_matched_by_its_ror_id(client, db):
    OrganizationFactory(is_published=False, ror_id="https://ror.org/04xyz1273")

    assert results(client, [{"pid": "ror", "v": "04xyz1273"}]) == []


def test_the_service_names_ror_among_its_properties(client, db):
    queries = {"q0": {"query": "x", "properties": [{"pid": "nope", "v": "1"}]}}
    refused = client.get("/reconcile/", {"queries": json.dumps(queries)})
    proposed = client.get("/reconcile/properties/", {"type": "organization"})

    assert refused.status_code == 400
    assert "ror" in refused.json()["error"].split("Known:")[1]
    assert "ror" in {p["id"] for p in proposed.json()["properties"]}
