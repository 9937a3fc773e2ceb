"""Every public URL and parameter, fed hostile and broken input.

Over-long values, NUL bytes, invalid UTF-8 percent-escapes, huge and negative
numbers, a hundred repeats of a parameter, script tags and javascript: URLs in
English and Chinese. Whatever comes in, the answer is never a 5xx, and nothing
sent is echoed into a page unescaped.
"""

import json
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.urls import URLPattern, URLResolver, get_resolver

from registry.lists.filters import OrganizationFilterSet
from registry.models import Award, Event, Organization, Program

pytestmark = pytest.mark.django_db

SCRIPTS = [
    "<script>alert('registry')</script>",
    "<script>alert('名录')</script>",
    '"><img src=x onerror=alert(1)>',
]
JAVASCRIPT_URLS = ["javascript:alert('registry')", "javascript:alert('中文')"]
# Query-string values, already percent-encoded as a client would send them.
VALUES = {
    "over-long": "x" * 5000,
    "over-long-chinese": quote("浦东" * 2000),
    "nul": "a%00b",
    "invalid-utf8": "%ff%fe%C0%AF",
    "huge-integer": "9" * 5000,
    "negative": "-1",
    "zero": "0",
    "float": "1e309",
    **{f"script-{n}": quote(value) for n, value in enumerate(SCRIPTS)},
    **{f"javascript-{n}": quote(value) for n, value in enumerate(JAVASCRIPT_URLS)},
}
PAGE_PARAMETERS = [*OrganizationFilterSet.base_filters, "page", "format"]
API_EXTRA = ["page", "page_size", "format", "ordering", "search", "q", "updated_since"]
COVERED_NAMES = {
    "registry:home",
    "registry:member_list",
    "registry:institution_list",
    "registry:organization_detail",
    "registry:award_list",
    "registry:award_detail",
    "registry:event_detail",
    "registry:program_detail",
    "registry:apply",
    "registry:application_status",
    "registry:feed_members",
    "registry:feed_recognitions",
    "registry:open_data",
    "registry:open_data_file",
    "registry:privacy",
    "registry:accessibility",
    "registry:contact",
    "healthz",
    "readyz",
    "reconcile",
    "reconcile_suggest",
    "reconcile_properties",
    "reconcile_preview",
    "sitemap",
    "robots_txt",
    "api-schema",
    "api-docs",
    "set_language",
    "api:api-root",
    *(
        f"api:{basename}-{kind}"
        for basename in (
            "organization",
            "program",
            "sector",
            "membership",
            "award",
            "recognition",
            "event",
            "reported-figure",
        )
        for kind in ("list", "detail")
    ),
}


@pytest.fixture
def seed(seed):
    """The seed (tests/conftest.py), with GOI taking applications."""
    Program.objects.filter(code="GOI").update(accepts_applications=True)
    cache.clear()
    yield
    cache.clear()


def public_url_names(patterns=None, namespace="") -> set[str]:
    names = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin" or pattern.namespace == "admin":
                continue
            inner = (
                f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            )
            names |= public_url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            if not str(pattern.pattern).startswith("admin/"):
                names.add(namespace + pattern.name)
    return names


def test_the_suite_covers_every_public_url():
    assert public_url_names() == COVERED_NAMES


def page_paths() -> list[str]:
    organization = Organization.objects.published().first()
    return [
        "/",
        "/members/",
        "/zh-hans/institutions/",
        f"/organizations/{organization.slug}/",
        "/awards/",
        f"/zh-hans/awards/{Award.objects.first().slug}/",
        f"/events/{Event.objects.first().slug}/",
        f"/programs/{Program.objects.first().slug}/",
        "/apply/",
        "/zh-hans/apply/",
        "/apply/status/not-a-token/",
        "/feeds/members/",
        "/zh-hans/feeds/recognitions/",
        "/data/",
        "/privacy/",
        "/zh-hans/accessibility/",
        "/contact/",
        "/healthz",
        "/readyz",
        "/sitemap.xml",
        "/robots.txt",
        "/api/schema/",
        "/api/docs/",
        "/api/v1/",
    ]


def api_parameters(client) -> dict[str, list[str]]:
    """Each API list path with every parameter its schema declares, and more."""
    schema = json.loads(client.get("/api/schema/?format=json").content)
    lists = {}
    for path, operations in schema["paths"].items():
        if "{" in path or "get" not in operations:
            continue
        declared = [p["name"] for p in operations["get"].get("parameters", [])]
        lists[path] = sorted({*declared, *API_EXTRA})
    return lists


def api_detail_paths() -> list[str]:
    organization = Organization.objects.published().first()
    return [
        f"/api/v1/organizations/{organization.slug}/",
        f"/api/v1/programs/{Program.objects.first().slug}/",
        f"/api/v1/awards/{Award.objects.first().slug}/",
        f"/api/v1/events/{Event.objects.first().slug}/",
    ]


def assert_safe(response, sent: str = ""):
    """No server error, and nothing hostile echoed into markup."""
    assert response.status_code < 500, response.status_code
    if response.streaming:
        body = b"".join(response.streaming_content).decode("utf-8", "replace")
    else:
        body = response.content.decode("utf-8", "replace")
    content_type = response.get("Content-Type", "")
    if "html" in content_type or "xml" in content_type:
        for script in SCRIPTS:
            assert script not in body
        lowered = body.lower()
        assert 'href="javascript:' not in lowered
        assert 'src="javascript:' not in lowered
        assert 'href="//' not in lowered


def test_every_page_parameter_with_every_bad_value(client, seed):
    for path in page_paths():
        for label, value in VALUES.items():
            query = "&".join(f"{name}={value}" for name in PAGE_PARAMETERS)
            response = client.get(f"{path}?{query}")
            assert_safe(response), (path, label)


RECONCILE_PATHS = [
    "/reconcile/",
    "/reconcile/suggest/entity/",
    "/reconcile/properties/",
    "/reconcile/preview/",
]
RECONCILE_PARAMETERS = [
    "queries",
    "extend",
    "callback",
    "prefix",
    "type",
    "limit",
    "id",
]


def test_every_reconcile_parameter_with_every_bad_value(client, seed):
    for path in RECONCILE_PATHS:
        for label, value in VALUES.items():
            query = "&".join(f"{name}={value}" for name in RECONCILE_PARAMETERS)
            assert_safe(client.get(f"{path}?{query}")), (path, label)
            posted = client.post(
                path, query, content_type="application/x-www-form-urlencoded"
            )
            assert_safe(posted), (path, label)


def test_reconcile_queries_carrying_hostile_names(client, seed):
    for text in [*SCRIPTS, *JAVASCRIPT_URLS, "x" * 5000, "a\x00b"]:
        queries = json.dumps({"q0": {"query": text, "limit": 10**30}})
        assert_safe(client.get("/reconcile/", {"queries": queries}))
        assert_safe(client.get("/reconcile/preview/", {"id": text}))
        assert_safe(client.get("/reconcile/suggest/entity/", {"prefix": text}))


def test_each_page_parameter_alone_with_the_nastiest_values(client, seed):
    for path in ("/members/", "/zh-hans/institutions/"):
        for name in PAGE_PARAMETERS:
            for label in (
                "huge-integer",
                "negative",
                "nul",
                "invalid-utf8",
                "script-1",
            ):
                response = client.get(f"{path}?{name}={VALUES[label]}")
                assert_safe(response)
                assert response.status_code in (200, 400, 404), (path, name, label)


def test_every_api_parameter_with_every_bad_value(client, seed):
    for path, parameters in api_parameters(client).items():
        for label, value in VALUES.items():
            cache.clear()
            query = "&".join(f"{name}={value}" for name in parameters)
            response = client.get(f"{path}?{query}")
            assert_safe(response)
            assert response.status_code in (200, 400, 404), (path, label)
        for name in parameters:
            for label in ("huge-integer", "negative", "nul", "invalid-utf8"):
                response = client.get(f"{path}?{name}={VALUES[label]}")
                assert_safe(response)
                assert response.status_code in (200, 400, 404), (path, name, label)
    for path in api_detail_paths():
        for value in VALUES.values():
            assert_safe(client.get(f"{path}?format={value}&fields={value}"))


def test_a_hundred_repeats_of_every_parameter(client, seed):
    api = api_parameters(client)
    targets = [(path, PAGE_PARAMETERS) for path in page_paths()]
    targets += list(api.items())
    for path, parameters in targets:
        cache.clear()
        query = "&".join(f"{name}=1" for name in parameters for _ in range(100))
        assert_safe(client.get(f"{path}?{query}"))


@pytest.mark.parametrize("label", list(VALUES))
def test_bad_values_in_every_path_segment(client, seed, label):
    value = VALUES[label][:3000]
    for template in (
        "/organizations/{}/",
        "/zh-hans/awards/{}/",
        "/events/{}/",
        "/programs/{}/",
        "/apply/status/{}/",
        "/data/{}/{}",
        "/api/v1/organizations/{}/",
        "/api/v1/sectors/{}/",
        "/api/v1/memberships/{}/",
        "/api/v1/recognitions/{}/",
        "/api/v1/reported-figures/{}/",
        "/zh-hans/{}/",
        "/{}/",
    ):
        path = template.format(*[value] * template.count("{}"))
        response = client.get(path)
        assert_safe(response)
        assert response.status_code in (200, 301, 302, 400, 404), (path, label)


@pytest.mark.parametrize("label", list(VALUES))
def test_the_application_form_takes_bad_values_in_every_field(client, seed, label):
    form = client.get("/apply/").context["form"]
    fields = [*form.fields, "action", "confirm"]
    body = "&".join(f"{name}={VALUES[label]}" for name in fields)
    for path in ("/apply/", "/zh-hans/apply/"):
        response = client.post(
            path, body, content_type="application/x-www-form-urlencoded"
        )
        assert_safe(response)
        assert response.status_code in (200, 400, 429), label


@pytest.mark.parametrize("target", [*JAVASCRIPT_URLS, "//evil.example/", "/\\evil"])
def test_the_language_form_never_sends_a_visitor_off_site(client, target):
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": target})
    assert response.status_code in (200, 302)
    assert response.get("Location", "/") in ("/", "/zh-hans/")
