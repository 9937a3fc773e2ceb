"""Examples for every operation of the OpenAPI schema, drawn from the seed records.

A client reading /api/docs/ sees what a record looks like and what to send.
The examples are checked against the generated schema by the tests, so a
field added to a serializer without its example fails there, not in a
client's code.
"""

import copy

SITE = "https://registry.example.cn"
SOURCE = "News report on Pudong's Group Open Innovation programme, published 2024-12-01"
CHANGED = "2024-12-02T09:30:00+08:00"
TIMES = {"created_at": CHANGED, "updated_at": CHANGED}


def _links(path: str | None, api: str) -> dict:
    page = f"{SITE}{path}" if path else None
    return {"url": page, "html_url": page, "api_url": f"{SITE}/api/v1/{api}"}


def _ref(slug: str, name_en: str, name_zh: str, api: str) -> dict:
    return {
        "id": slug,
        "name_en": name_en,
        "name_zh": name_zh,
        "api_url": f"{SITE}/api/v1/{api}/{slug}/",
    }


GOI = _ref("goi", "Group Open Innovation", "", "programs")
COMAC = _ref(
    "comac",
    "Commercial Aircraft Corporation of China",
    "中国商用飞机有限责任公司",
    "organizations",
)
VALLEY = _ref("comac-innovation-valley", "COMAC Innovation Valley", "", "organizations")
EXEMPLAR = _ref("goi-exemplar", "GOI Exemplar", "", "awards")
CONFERENCE = _ref(
    "pudong-innovation-entrepreneurship-conference-2024",
    "2024 Pudong Innovation and Entrepreneurship Conference",
    "",
    "events",
)

# What each record looks like, by the name of its schema component.
RECORDS = {
    "Organization": {
        "id": "comac-innovation-valley",
        "name_en": "COMAC Innovation Valley",
        "name_zh": "",
        "aliases": [],
        "kind": "innovation_unit",
        "status": "active",
        "parent": COMAC,
        "sectors": [],
        "ownership": "",
        "investor_country": "",
        "uscc": "",
        "ror_id": "",
        "wikidata_id": "",
        "website": "",
        "established_year": None,
        "district": "",
        "address_en": "",
        "address_zh": "",
        "is_star_listed": False,
        "stock_code": "",
        **TIMES,
        **_links(
            "/organizations/comac-innovation-valley/",
            "organizations/comac-innovation-valley/",
        ),
    },
    "Program": {
        "id": "goi",
        "code": "GOI",
        "name_en": "Group Open Innovation",
        "name_zh": "",
        "description_en": "Launched by Pudong in July 2021 to encourage business "
        "leaders to build open-innovation platforms.",
        "description_zh": "浦东于 2021 年 7 月启动，鼓励企业负责人打造开放创新平台。",
        "launch_year": 2021,
        "launch_month": 7,
        "administering_body_en": "Pudong",
        "administering_body_zh": "浦东",
        "website": "",
        "accepts_applications": True,
        "applications_open_from": None,
        "applications_open_until": None,
        **TIMES,
        **_links("/programs/goi/", "programs/goi/"),
    },
    "Sector": {
        "id": "healthcare",
        "name_en": "Healthcare",
        "name_zh": "医疗健康",
        **_links("/members/?sector=healthcare", "sectors/healthcare/"),
    },
    "Membership": {
        "id": 7,
        "organization": VALLEY,
        "program": GOI,
        "status": "active",
        "joined_on": None,
        "left_on": None,
        **TIMES,
        **_links("/organizations/comac-innovation-valley/", "memberships/7/"),
    },
    "Award": {
        "id": "goi-exemplar",
        "name_en": "GOI Exemplar",
        "name_zh": "",
        "description_en": "Recognizes member firms of Group Open Innovation for "
        "their contributions.",
        "description_zh": "",
        "awarding_body_en": "",
        "awarding_body_zh": "",
        "program": GOI,
        **TIMES,
        **_links("/awards/goi-exemplar/", "awards/goi-exemplar/"),
    },
    "Recognition": {
        "id": 3,
        "award": EXEMPLAR,
        "organization": VALLEY,
        "year": 2024,
        "event": CONFERENCE,
        "citation_en": "",
        "citation_zh": "",
        "source": SOURCE,
        **TIMES,
        **_links("/awards/goi-exemplar/", "recognitions/3/"),
    },
    "Event": {
        "id": CONFERENCE["id"],
        "name_en": CONFERENCE["name_en"],
        "name_zh": "",
        "program": None,
        "date": None,
        "year": 2024,
        "place_en": "Pudong, Shanghai",
        "place_zh": "",
        **TIMES,
        **_links(f"/events/{CONFERENCE['id']}/", f"events/{CONFERENCE['id']}/"),
    },
    "ReportedFigure": {
        "id": "goi-member-companies",
        "label_en": "GOI member companies",
        "label_zh": "GOI 成员企业",
        "value": 103,
        "as_of": "2024-12-01",
        "source_title": SOURCE,
        "source_url": "",
        "program": GOI,
        "position": 0,
        **TIMES,
        **_links("/", "reported-figures/goi-member-companies/"),
    },
}

# What an officer sends to create a record, by the record's component name.
INPUTS = {
    "Organization": {
        "name_en": "COMAC Innovation Valley",
        "kind": "innovation_unit",
        "parent": "comac",
        "sectors": [],
    },
    "Program": {
        "code": "GOI",
        "name_en": "Group Open Innovation",
        "launch_year": 2021,
        "launch_month": 7,
        "administering_body_en": "Pudong",
        "administering_body_zh": "浦东",
    },
    "Sector": {"slug": "healthcare", "name_en": "Healthcare", "name_zh": "医疗健康"},
    "Membership": {
        "organization": "comac-innovation-valley",
        "program": "goi",
        "status": "active",
    },
    "Award": {"name_en": "GOI Exemplar", "program": "goi"},
    "Recognition": {
        "award": "goi-exemplar",
        "organization": "comac-innovation-valley",
        "year": 2024,
        "event": CONFERENCE["id"],
        "source": SOURCE,
    },
    "Event": {"name_en": CONFERENCE["name_en"], "year": 2024},
    "ReportedFigure": {
        "slug": "goi-member-companies",
        "label_en": "GOI member companies",
        "value": 103,
        "as_of": "2024-12-01",
        "source_title": SOURCE,
        "program": "goi",
    },
}
# A partial update changes one thing.
PATCHES = {
    "Organization": {"status": "inactive"},
    "Program": {"accepts_applications": False},
    "Sector": {"name_zh": "医疗健康"},
    "Membership": {"status": "ended", "left_on": "2026-06-30"},
    "Award": {"name_zh": "GOI 示范企业"},
    "Recognition": {"citation_en": "For opening its test facilities to partners."},
    "Event": {"place_zh": "上海浦东"},
    "ReportedFigure": {"value": 104, "as_of": "2025-06-30"},
}


def _component(content: dict) -> str:
    return content.get("schema", {}).get("$ref", "").rsplit("/", 1)[-1]


def response_example(component: str) -> dict | None:
    if component.startswith("Paginated") and component.endswith("List"):
        record = RECORDS.get(component.removeprefix("Paginated").removesuffix("List"))
        if record is None:
            return None
        return {
            "count": 1,
            "next": None,
            "previous": None,
            "results": [copy.deepcopy(record)],
        }
    record = RECORDS.get(component)
    return copy.deepcopy(record) if record is not None else None


def request_example(component: str) -> dict | None:
    if component.startswith("Patched"):
        return PATCHES.get(
            component.removeprefix("Patched").removesuffix("InputRequest")
        )
    return INPUTS.get(component.removesuffix("InputRequest"))


def add_examples(result, generator, request, public):
    """Give every operation an example of its answer, and of its body if any."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            body = operation.get("requestBody", {}).get("content", {})
            json_body = body.get("application/json")
            if json_body is not None:
                value = request_example(_component(json_body))
                if value is not None:
                    json_body["examples"] = {"Example": {"value": value}}
            for code, response in operation.get("responses", {}).items():
                content = response.get("content", {}).get("application/json")
                if not code.startswith("2") or content is None:
                    continue
                value = response_example(_component(content))
                if value is not None:
                    content["examples"] = {"Example": {"value": value}}
    return result
