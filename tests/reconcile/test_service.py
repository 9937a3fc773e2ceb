"""The reconciliation service at /reconcile/ (W3C Reconciliation Service API 0.2).

Every response is checked against the specification's own JSON schemas,
vendored in tests/data/reconciliation-0.2/ (see the README there).
"""

import json
import re

import pytest
from django.core.cache import cache
from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from registry.reconcile.matching import MAX_BATCH
from tests.factories import (
    AwardFactory,
    MembershipFactory,
    OrganizationFactory,
    RecognitionFactory,
    SectorFactory,
)
from tests.paths import DATA

SCHEMAS = DATA / "reconciliation-0.2"


def _load(name: str) -> dict:
    return json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))


# The schemas refer to each other ("type.json") by their published addresses.
REGISTRY = Registry().with_resources(
    (schema["$id"], Resource.from_contents(schema, default_specification=DRAFT7))
    for schema in map(_load, (p.stem for p in SCHEMAS.glob("*.json")))
)


def assert_valid(document, schema_name: str):
    schema = _load(schema_name)
    errors = list(Draft7Validator(schema, registry=REGISTRY).iter_errors(document))
    assert errors == [], [error.message for error in errors]


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def reconcile(client, queries: dict, *, method: str = "get", **extra):
    assert_valid(queries, "reconciliation-query-batch")
    send = client.post if method == "post" else client.get
    response = send("/reconcile/", {"queries": json.dumps(queries), **extra})
    assert response.status_code == 200, response.content
    body = response.json()
    assert_valid(body, "reconciliation-result-batch")
    return body


def top(client, text: str, **query) -> dict:
    results = reconcile(client, {"q0": {"query": text, **query}})["q0"]["result"]
    assert results, f"nothing found for {text!r}"
    return results[0]


# The manifest --------------------------------------------------------------


def test_manifest_describes_the_service(client, db):
    response = client.get("/reconcile/")

    assert response.status_code == 200
    manifest = response.json()
    assert_valid(manifest, "manifest")
    assert manifest["versions"] == ["0.2"]
    assert manifest["view"]["url"] == "http://testserver/organizations/{{id}}/"
    assert manifest["identifierSpace"] == "http://testserver/organizations/"
    assert {t["id"] for t in manifest["defaultTypes"]} >= {
        "organization",
        "enterprise",
        "incubator",
        "rd_institution",
    }
    assert manifest["suggest"]["entity"]["service_path"] == "/suggest/entity/"
    assert manifest["extend"]["propose_properties"]["service_path"] == "/properties/"


# The table: each seed organization written five ways ------------------------

# (what a reader's spreadsheet says, the record's slug, whether it is certain)
MESSY_NAMES = [
    ("Microsoft", "microsoft", True),
    ("MICROSOFT CORPORATION", "microsoft", True),
    ("Microsoft Corp.", "microsoft", True),
    ("microsoft inc", "microsoft", True),
    ("Microsoft (United States)", "microsoft", True),
    ("中国商用飞机有限责任公司", "comac", True),
    ("中國商用飛機有限公司", "comac", True),
    ("zhongguo shangyong feiji", "comac", True),
    ("zgsyfj", "comac", True),
    ("COMAC", "comac", True),
    ("上海诺基亚贝尔", "nokia-shanghai-bell", True),
    ("上海諾基亞貝爾股份有限公司", "nokia-shanghai-bell", True),
    ("shanghai nuojiya beier", "nokia-shanghai-bell", True),
    ("shnjybe", "nokia-shanghai-bell", True),
    ("Nokia Shanghai Bell Co., Ltd.", "nokia-shanghai-bell", True),
    ("上海皓元医药股份有限公司", "chemexpress", True),
    ("上海皓元醫藥有限公司", "chemexpress", True),
    ("haoyuan yiyao", "chemexpress", True),
    ("shhyyy", "chemexpress", True),
    ("ChemExpress Co., Ltd.", "chemexpress", True),
    ("Microsoft AI & IoT Insider Lab", "microsoft-ai-iot-insider-lab", True),
    ("MICROSOFT AI IOT INSIDER LAB", "microsoft-ai-iot-insider-lab", True),
    ("microsoft  ai&iot insider lab", "microsoft-ai-iot-insider-lab", True),
    ("Microsoft AI & IoT Insider Lab Inc.", "microsoft-ai-iot-insider-lab", True),
    ("AI & IoT Insider Lab", "microsoft-ai-iot-insider-lab", False),
    ("富士胶片商业创新（中国）有限公司", "fujifilm-business-innovation-china", True),
    ("富士膠片商業創新(中國)有限公司", "fujifilm-business-innovation-china", True),
    (
        "fushi jiaopian shangye chuangxin zhongguo",
        "fujifilm-business-innovation-china",
        True,
    ),
    (
        "FUJIFILM Business Innovation (China) Co., Ltd.",
        "fujifilm-business-innovation-china",
        True,
    ),
    ("Fujifilm Business Innovation China", "fujifilm-business-innovation-china", True),
    ("COMAC Innovation Valley", "comac-innovation-valley", True),
    ("comac innovation valley", "comac-innovation-valley", True),
    ("COMAC Innovation Valley Co., Ltd.", "comac-innovation-valley", True),
    ("Comac-Innovation-Valley", "comac-innovation-valley", True),
    ("ＣＯＭＡＣ Innovation Valley", "comac-innovation-valley", True),
    ("ChemExpress Shanghai R&D Center", "chemexpress-shanghai-rd-center", True),
    ("CHEMEXPRESS SHANGHAI R&D CENTER", "chemexpress-shanghai-rd-center", True),
    ("ChemExpress Shanghai R & D Center", "chemexpress-shanghai-rd-center", True),
    ("Chemexpress Shanghai R&D Center Ltd.", "chemexpress-shanghai-rd-center", True),
    ("ChemExpress Shanghai R&D Centre", "chemexpress-shanghai-rd-center", False),
    ("OpenX Lab", "nokia-shanghai-bell-openx-lab", True),
    ("openx lab", "nokia-shanghai-bell-openx-lab", True),
    ("Nokia Shanghai Bell OpenX Lab", "nokia-shanghai-bell-openx-lab", True),
    ("NOKIA SHANGHAI BELL OPENX LAB", "nokia-shanghai-bell-openx-lab", True),
    ("OpenX-Lab", "nokia-shanghai-bell-openx-lab", True),
    ("Plug and Play Shanghai", "plug-and-play-shanghai", True),
    ("PLUG AND PLAY SHANGHAI", "plug-and-play-shanghai", True),
    ("Plug and Play Shanghai Co., Ltd.", "plug-and-play-shanghai", True),
    ("Plug-and-Play Shanghai", "plug-and-play-shanghai", True),
    ("Plug & Play Shanghai", "plug-and-play-shanghai", False),
    ("XNode", "xnode", True),
    ("xnode", "xnode", True),
    ("XNODE Inc.", "xnode", True),
    ("X-Node", "xnode", True),
    ("XNode Co., Ltd.", "xnode", True),
    ("中科创星", "cas-star-shanghai", True),
    ("中科創星", "cas-star-shanghai", True),
    ("zhongke chuangxing", "cas-star-shanghai", True),
    ("zkcx", "cas-star-shanghai", True),
    ("CAS Star Shanghai", "cas-star-shanghai", True),
    ("李政道研究所", "tsung-dao-lee-institute", True),
    ("lizhengdao yanjiusuo", "tsung-dao-lee-institute", True),
    ("lzdyjs", "tsung-dao-lee-institute", True),
    ("TDLI", "tsung-dao-lee-institute", True),
    ("Tsung Dao Lee Institute", "tsung-dao-lee-institute", True),
    (
        "Shanghai Yangtze Delta Innovation Institute",
        "shanghai-yangtze-delta-innovation-institute",
        True,
    ),
    (
        "shanghai yangtze delta innovation institute",
        "shanghai-yangtze-delta-innovation-institute",
        True,
    ),
    (
        "Shanghai Yangtze Delta Innovation Institute Co., Ltd.",
        "shanghai-yangtze-delta-innovation-institute",
        True,
    ),
    (
        "Shanghai  Yangtze-Delta Innovation Institute",
        "shanghai-yangtze-delta-innovation-institute",
        True,
    ),
    (
        "Yangtze Delta Innovation Institute",
        "shanghai-yangtze-delta-innovation-institute",
        False,
    ),
    (
        "International Human Phenome Institute (Shanghai)",
        "international-human-phenome-institute-shanghai",
        True,
    ),
    (
        "International Human Phenome Institutes (Shanghai)",
        "international-human-phenome-institute-shanghai",
        True,
    ),
    (
        "Shanghai International Human Phenome Institute",
        "international-human-phenome-institute-shanghai",
        True,
    ),
    (
        "international human phenome institute shanghai",
        "international-human-phenome-institute-shanghai",
        True,
    ),
    (
        "INTERNATIONAL HUMAN PHENOME INSTITUTE (SHANGHAI)",
        "international-human-phenome-institute-shanghai",
        True,
    ),
    ("WLA Laboratories", "wla-laboratories", True),
    ("wla laboratories", "wla-laboratories", True),
    ("WLA Laboratories Co., Ltd.", "wla-laboratories", True),
    ("ＷＬＡ Laboratories", "wla-laboratories", True),
    ("WLA Labs", "wla-laboratories", False),
]


def test_the_table_names_every_seed_organization_five_times(seed):
    from registry.models import Organization

    slugs = [slug for _text, slug, _certain in MESSY_NAMES]
    assert sorted(set(slugs)) == sorted(
        Organization.objects.published().values_list("slug", flat=True)
    )
    assert all(slugs.count(slug) == 5 for slug in slugs)


@pytest.mark.parametrize(("text", "slug", "certain"), MESSY_NAMES)
def test_messy_names_reconcile_to_the_right_record(client, seed, text, slug, certain):
    best = top(client, text)

    assert best["id"] == slug
    assert best["match"] is certain
    if certain:
        assert best["score"] == 100


def test_a_batch_answers_every_query_by_its_key(client, seed):
    queries = {f"q{n}": {"query": text} for n, (text, *_) in enumerate(MESSY_NAMES)}
    queries = dict(list(queries.items())[:MAX_BATCH])

    body = reconcile(client, queries, method="post")

    assert set(body) == set(queries)
    for key, (_text, slug, _certain) in zip(queries, MESSY_NAMES, strict=False):
        assert body[key]["result"][0]["id"] == slug


# Matching rules --------------------------------------------------------------


def test_namesakes_are_candidates_but_not_a_match(client, db):
    OrganizationFactory(name_en="Example Twin Lab", slug="twin-a")
    OrganizationFactory(name_en="Example Twin Lab Co., Ltd.", slug="twin-b")

    results = reconcile(client, {"q": {"query": "Example Twin Lab"}})["q"]["result"]

    assert {r["id"] for r in results} == {"twin-a", "twin-b"}
    assert [r["match"] for r in results] == [False, False]
    assert [r["score"] for r in results] == [100, 100]


def test_an_identifier_property_makes_a_certain_match(client, seed):
    queries = {
        "uscc": {
            "query": "Haoyuan",
            "properties": [{"pid": "uscc", "v": "9131 0000 7944 6796 3l"}],
        },
        "ror": {
            "query": "Shanghai aircraft maker",
            "properties": [{"pid": "ror", "v": "05gxmms51"}],
        },
        "ror-only": {"properties": [{"pid": "ror", "v": "https://ror.org/00d0nc645"}]},
    }

    body = reconcile(client, queries)

    assert body["uscc"]["result"][0]["id"] == "chemexpress"
    assert body["ror"]["result"][0]["id"] == "comac"
    assert body["ror-only"]["result"][0]["id"] == "microsoft"
    assert all(body[key]["result"][0]["match"] for key in body)


def test_website_and_district_raise_the_right_candidate(client, db):
    OrganizationFactory(
        name_en="Example Harbour Lab", website="https://harbour.example.com/", slug="a"
    )
    OrganizationFactory(name_en="Example Harbour Lab Two", district="pudong", slug="b")

    by_site = reconcile(
        client,
        {
            "q": {
                "query": "Example Harbour",
                "properties": [{"pid": "website", "v": "www.harbour.example.com"}],
            }
        },
    )["q"]["result"]
    by_district = reconcile(
        client,
        {
            "q": {
                "query": "Example Harbour",
                "properties": [{"pid": "district", "v": "浦东新区"}],
            }
        },
    )["q"]["result"]

    assert by_site[0]["id"] == "a"
    assert by_district[0]["id"] == "b"
    assert not by_site[0]["match"] and not by_district[0]["match"]


def test_type_and_limit_narrow_the_candidates(client, seed):
    everything = reconcile(client, {"q": {"query": "Shanghai", "limit": 25}})
    incubators = reconcile(client, {"q": {"query": "Shanghai", "type": "incubator"}})
    two = reconcile(client, {"q": {"query": "Shanghai", "limit": 2}})

    assert len(everything["q"]["result"]) > 2
    assert len(two["q"]["result"]) == 2
    kinds = {r["type"][0]["id"] for r in incubators["q"]["result"]}
    assert kinds == {"incubator"}


def test_unpublished_organizations_are_never_returned(client, db):
    hidden = OrganizationFactory(
        name_en="Example Hidden Works",
        uscc="91310115000000017X",
        is_published=False,
    )
    by_name = reconcile(client, {"q": {"query": "Example Hidden Works"}})
    by_code = reconcile(
        client,
        {"q": {"query": "x", "properties": [{"pid": "uscc", "v": hidden.uscc}]}},
    )
    suggested = client.get("/reconcile/suggest/entity/", {"prefix": "Example Hid"})
    preview = client.get("/reconcile/preview/", {"id": hidden.slug})
    extended = client.get(
        "/reconcile/",
        {"extend": json.dumps({"ids": [hidden.slug], "properties": [{"id": "uscc"}]})},
    )

    assert by_name["q"]["result"] == [] and by_code["q"]["result"] == []
    assert suggested.json()["result"] == []
    assert preview.status_code == 404
    assert extended.json()["rows"][hidden.slug]["uscc"] == []


# Request shapes OpenRefine and older clients use -----------------------------


def test_get_post_and_jsonp_give_the_same_answer(client, seed):
    queries = {"q0": {"query": "中科創星"}}

    by_get = reconcile(client, queries)
    by_post = reconcile(client, queries, method="post")
    jsonp = client.get(
        "/reconcile/", {"queries": json.dumps(queries), "callback": "jQuery_123"}
    )

    assert by_get == by_post
    assert jsonp["Content-Type"].startswith("application/javascript")
    wrapped = re.fullmatch(rb"/\*\*/jQuery_123\((.*)\);", jsonp.content, re.S)
    assert json.loads(wrapped.group(1)) == by_get


def test_jsonp_manifest_for_old_clients(client, db):
    response = client.get("/reconcile/", {"callback": "handle"})

    body = re.fullmatch(rb"/\*\*/handle\((.*)\);", response.content, re.S).group(1)
    assert_valid(json.loads(body), "manifest")


@pytest.mark.parametrize(
    "queries",
    [
        "{not json",
        "[]",
        "{}",
        '{"q0": "Microsoft"}',
        '{"q0": {"query": 42}}',
        '{"q0": {"query": "a", "limit": "many"}}',
        '{"q0": {"query": "a", "properties": [{"pid": "uscc"}]}}',
        '{"q0": {"query": "   "}}',
        json.dumps({"q0": {"query": "x" * 300}}),
    ],
)
def test_malformed_queries_get_a_400_with_a_message(client, db, queries):
    response = client.get("/reconcile/", {"queries": queries})

    assert response.status_code == 400
    assert re.search("quer", response.json()["error"], re.IGNORECASE)


def test_a_batch_over_the_limit_gets_a_400_saying_so(client, db):
    queries = {f"q{n}": {"query": "Example"} for n in range(MAX_BATCH + 1)}

    response = client.post("/reconcile/", {"queries": json.dumps(queries)})

    assert response.status_code == 400
    assert "at most 50" in response.json()["error"]


def test_a_bad_callback_name_is_refused(client, db):
    response = client.get("/reconcile/", {"callback": "alert(1)//"})

    assert response.status_code == 400
    assert b"alert" not in response.content


def test_the_service_is_throttled_like_the_api(client, db, settings):
    settings.REGISTRY_API_ANON_RATE = "3/hour"

    statuses = [client.get("/reconcile/").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    assert client.get("/reconcile/suggest/entity/", {"prefix": "a"}).status_code == 429


# Suggest, preview and data extension -------------------------------------------


def test_suggest_completes_a_prefix_in_any_script(client, seed):
    def suggested(prefix: str) -> list[str]:
        response = client.get("/reconcile/suggest/entity/", {"prefix": prefix})
        body = response.json()
        assert_valid(body, "suggest-entities-response")
        return [s["id"] for s in body["result"]]

    assert suggested("Noki") == ["nokia-shanghai-bell", "nokia-shanghai-bell-openx-lab"]
    for prefix in ("诺基亚", "nuojiya", "諾基亞", "shnj"):
        assert suggested(prefix) == ["nokia-shanghai-bell"]


def test_preview_is_a_card_of_the_stated_size_that_may_be_framed(client, seed):
    manifest = client.get("/reconcile/").json()
    url = manifest["preview"]["url"].replace("{{id}}", "chemexpress")

    response = client.get(url)

    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    html = response.content.decode()
    assert f"width: {manifest['preview']['width']}px" in html
    assert "ChemExpress" in html and "上海皓元医药股份有限公司" in html
    assert "91310000794467963L" in html
    assert "X-Frame-Options" in client.get("/").headers


def test_preview_of_a_unit_names_its_parent_in_chinese(client, seed):
    response = client.get(
        "/reconcile/preview/",
        {"id": "nokia-shanghai-bell-openx-lab"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    html = response.content.decode()
    assert 'lang="zh-Hans"' in html
    assert "上海诺基亚贝尔股份有限公司" in html


def test_data_extension_adds_the_listed_columns(client, db):
    sector = SectorFactory(name_en="Example Sector")
    parent = OrganizationFactory(name_en="Example Parent Group", slug="parent")
    org = OrganizationFactory(
        name_en="Example Unit",
        slug="unit",
        parent=parent,
        uscc="91310115000000017X",
        ror_id="https://ror.org/05gxmms51",
        wikidata_id="Q7241",
        website="https://unit.example.com/",
    )
    org.sectors.add(sector)
    MembershipFactory(organization=org)
    RecognitionFactory(organization=org, award=AwardFactory(name_en="Example Prize"))
    OrganizationFactory(name_en="Example Loner", slug="loner")
    properties = [
        "uscc",
        "ror",
        "wikidata",
        "website",
        "kind",
        "sectors",
        "parent",
        "goi_member",
        "awards",
    ]
    query = {"ids": ["unit", "loner"], "properties": [{"id": p} for p in properties]}
    assert_valid(query, "data-extension-query")

    response = client.post("/reconcile/", {"extend": json.dumps(query)})

    body = response.json()
    assert_valid(body, "data-extension-response")
    assert [m["id"] for m in body["meta"]] == properties
    unit, loner = body["rows"]["unit"], body["rows"]["loner"]
    assert unit["uscc"] == [{"str": "91310115000000017X"}]
    assert unit["ror"] == [{"str": "https://ror.org/05gxmms51"}]
    assert unit["wikidata"] == [{"str": "Q7241"}]
    assert unit["website"] == [{"str": "https://unit.example.com/"}]
    assert unit["kind"] == [{"str": "Enterprise"}]
    assert unit["sectors"] == [{"str": "Example Sector"}]
    assert unit["parent"] == [{"id": "parent", "name": "Example Parent Group"}]
    assert unit["goi_member"] == [{"str": "yes"}]
    assert unit["awards"] == [{"str": "Example Prize 2024"}]
    assert loner["goi_member"] == [{"str": "no"}]
    assert loner["uscc"] == loner["awards"] == loner["parent"] == []


def test_data_extension_reads_a_constant_number_of_queries(
    client, db, django_assert_num_queries
):
    def extend(count: int):
        orgs = [OrganizationFactory() for _ in range(count)]
        for org in orgs:
            org.sectors.add(SectorFactory())
            RecognitionFactory(organization=org)
        query = {
            "ids": [org.slug for org in orgs],
            "properties": [{"id": "sectors"}, {"id": "awards"}, {"id": "parent"}],
        }
        with django_assert_num_queries(3):
            response = client.get("/reconcile/", {"extend": json.dumps(query)})
        assert len(response.json()["rows"]) == count

    extend(2)
    extend(20)


@pytest.mark.parametrize(
    "extend",
    [
        "nope",
        '{"ids": "unit", "properties": []}',
        '{"ids": ["unit"], "properties": [{"id": "contact_email"}]}',
        json.dumps({"ids": ["x"] * 51, "properties": [{"id": "uscc"}]}),
    ],
)
def test_malformed_extension_gets_a_400(client, db, extend):
    response = client.get("/reconcile/", {"extend": extend})

    assert response.status_code == 400
    assert response.json()["error"]


def test_proposed_properties_list_the_columns(client, db):
    response = client.get("/reconcile/properties/", {"type": "organization"})

    body = response.json()
    assert_valid(body, "data-extension-property-proposal")
    assert {p["id"] for p in body["properties"]} >= {"uscc", "ror", "awards"}
    assert client.get("/reconcile/properties/", {"type": "x"}).status_code == 400
