"""schema.org JSON-LD on organization, award and event pages, read with pyld.

The pages say "@context": "https://schema.org"; tests have no network, so the
document loader serves the vendored schema.org context (tests/data/schemaorg/).
"""

import json
import re

import pytest
from pyld import jsonld

from registry.models import Organization
from tests.paths import DATA

SCHEMA = "http://schema.org/"
CONTEXT_FILE = DATA / "schemaorg" / "schemaorgcontext.jsonld"
SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def offline_loader(url, options=None):
    if url.rstrip("/") in ("https://schema.org", "http://schema.org"):
        return {
            "contextUrl": None,
            "documentUrl": url,
            "document": json.loads(CONTEXT_FILE.read_text(encoding="utf-8")),
        }
    raise jsonld.JsonLdError(
        f"No network in tests: {url}",
        "jsonld.LoadDocumentError",
        code="loading document failed",
    )


@pytest.fixture(autouse=True)
def no_network_loader():
    previous = jsonld.get_document_loader()
    jsonld.set_document_loader(offline_loader)
    yield
    jsonld.set_document_loader(previous)


def expanded(client, path: str) -> dict:
    response = client.get(path)
    assert response.status_code == 200
    scripts = SCRIPT.findall(response.content.decode())
    assert len(scripts) == 1
    document = json.loads(scripts[0])
    [node] = jsonld.expand(document)
    return node


def values(node: dict, term: str) -> list:
    return node.get(SCHEMA + term, [])


def test_an_organization_page_describes_the_record(client, seed):
    node = expanded(client, "/organizations/comac/")

    assert node["@type"] == [SCHEMA + "Organization"]
    assert {(v["@value"], v["@language"].lower()) for v in values(node, "name")} == {
        ("Commercial Aircraft Corporation of China", "en"),
        ("中国商用飞机有限责任公司", "zh-hans"),
    }
    identifiers = {
        values(i, "propertyID")[0]["@value"]: values(i, "value")[0]["@value"]
        for i in values(node, "identifier")
    }
    assert identifiers == {"ROR": "https://ror.org/05gxmms51", "Wikidata": "Q1115363"}
    assert {v["@id"] for v in values(node, "sameAs")} == {
        "https://ror.org/05gxmms51",
        "https://www.wikidata.org/wiki/Q1115363",
    }
    units = [u["@id"] for u in values(node, "subOrganization")]
    assert units == ["http://testserver/organizations/comac-innovation-valley/"]


def test_a_unit_names_its_parent_program_and_awards(client, seed):
    node = expanded(client, "/zh-hans/organizations/comac-innovation-valley/")

    parent = values(node, "parentOrganization")[0]
    assert parent["@id"] == "http://testserver/organizations/comac/"
    programs = [values(m, "programName")[0]["@value"] for m in values(node, "memberOf")]
    assert programs == ["Group Open Innovation"]
    assert [a["@value"] for a in values(node, "award")] == ["GOI Exemplar (2024)"]


def test_a_credit_code_is_an_identifier(client, seed):
    node = expanded(client, "/organizations/chemexpress/")

    [identifier] = values(node, "identifier")
    assert values(identifier, "propertyID")[0]["@value"] == "USCC"
    assert values(identifier, "value")[0]["@value"] == "91310000794467963L"


@pytest.mark.parametrize(
    ("slug", "kind", "schema_type"),
    [
        ("tsung-dao-lee-institute", "rd_institution", "ResearchOrganization"),
        ("tsung-dao-lee-institute", "university", "CollegeOrUniversity"),
    ],
)
def test_institutions_have_their_own_type(client, seed, slug, kind, schema_type):
    Organization.objects.filter(slug=slug).update(kind=kind)

    node = expanded(client, f"/organizations/{slug}/")

    assert node["@type"] == [SCHEMA + schema_type]


def test_award_and_event_pages_have_their_own_types(client, seed):
    award = expanded(client, "/awards/goi-exemplar/")
    event = expanded(
        client, "/events/pudong-innovation-entrepreneurship-conference-2024/"
    )

    assert award["@type"] == [SCHEMA + "DefinedTerm"]
    recipients = values(values(award, "subjectOf")[0], "itemListElement")
    assert len(recipients) == 5
    assert event["@type"] == [SCHEMA + "Event"]
    assert values(event, "startDate")[0]["@value"] == "2024"


def test_a_name_cannot_close_the_script(client, seed):
    Organization.objects.filter(slug="xnode").update(name_en="XNode</script><b>")

    response = client.get("/organizations/xnode/")

    assert b"</script><b>" not in response.content
    assert expanded(client, "/organizations/xnode/")
