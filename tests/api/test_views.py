"""The public API: visibility, filters, formats, caching, permissions and schema."""

import datetime
import itertools
import json
import re

import pytest
import schemathesis
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from knox.models import AuthToken
from pytest_django.fixtures import Settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    positive_data_acceptance,
    response_schema_conformance,
    status_code_conformance,
)

from pudong_registry.wsgi import application
from registry.models import Organization, Recognition
from tests.factories import (
    AwardFactory,
    EventFactory,
    MembershipFactory,
    OrganizationFactory,
    ProgramFactory,
    RecognitionFactory,
    ReportedFigureFactory,
    SectorFactory,
    UserFactory,
)
from tests.responses import body

API = "/api/v1/"
RESOURCES = [
    "organizations",
    "programs",
    "sectors",
    "memberships",
    "awards",
    "recognitions",
    "events",
    "reported-figures",
]
# Applicants' personal data: none of these may be a key of any public response.
PERSONAL_KEYS = {
    "contact_name",
    "contact_email",
    "contact_phone",
    "email",
    "phone",
    "notes",
    "applicant",
}


@pytest.fixture(autouse=True)
def fresh_throttle():
    """Each test starts with an empty throttle history."""
    cache.clear()
    yield
    cache.clear()


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def ids(response) -> list:
    return [row["id"] for row in results(response)]


PROGRAM_NUMBERS = itertools.count(1)


def build_rows(n: int) -> None:
    """`n` published records of every kind, fully related."""
    for _ in range(n):
        number = next(PROGRAM_NUMBERS)
        program = ProgramFactory(
            code=f"EX{number}",
            slug=f"example-program-{number}",
            name_en=f"Example Program {number}",
        )
        sector = SectorFactory()
        parent = OrganizationFactory()
        organization = OrganizationFactory(parent=parent, sectors=[sector])
        MembershipFactory(organization=organization, program=program)
        award = AwardFactory(program=program)
        event = EventFactory(program=program)
        RecognitionFactory(award=award, organization=organization, event=event)
        ReportedFigureFactory(program=program)


# Seed data and visibility


def test_search_for_nokia_finds_the_openx_lab_and_its_parent(client, seed):
    response = client.get(API + "organizations/", {"q": "nokia"})

    found = ids(response)
    assert "nokia-shanghai-bell-openx-lab" in found
    assert "nokia-shanghai-bell" in found
    lab = next(
        r for r in results(response) if r["id"] == "nokia-shanghai-bell-openx-lab"
    )
    assert lab["parent"]["id"] == "nokia-shanghai-bell"
    assert (
        lab["url"] == "http://testserver/organizations/nokia-shanghai-bell-openx-lab/"
    )
    assert lab["api_url"] == (
        "http://testserver/api/v1/organizations/nokia-shanghai-bell-openx-lab/"
    )


def test_root_lists_every_resource(client, db):
    response = client.get(API)

    assert response.status_code == 200
    assert sorted(response.json()) == sorted(RESOURCES)
    for name, url in response.json().items():
        assert client.get(url).status_code == 200, name


@pytest.mark.parametrize("resource", RESOURCES)
def test_every_item_has_identity_names_and_links(client, seed, resource):
    rows = results(client.get(API + resource + "/"))

    assert rows
    for row in rows:
        assert row["id"] not in ("", None)
        assert row["api_url"].startswith("http://testserver/api/v1/")
        # The public page is html_url; url is its deprecated alias for a release.
        assert "html_url" in row
        assert row["url"] == row["html_url"]
        assert client.get(row["api_url"]).json()["id"] == row["id"]
        named = row if resource != "memberships" else row["organization"]
        if resource == "recognitions":
            named = row["award"]
        if resource == "reported-figures":
            assert row["label_en"] and "label_zh" in row
        else:
            assert "name_en" in named and "name_zh" in named


def test_unpublished_organization_shows_nowhere_in_the_api(client, db):
    hidden = OrganizationFactory(name_en="Example Firm Hidden", is_published=False)
    unit = OrganizationFactory(name_en="Example Firm Unit", parent=hidden)
    MembershipFactory(organization=hidden)
    RecognitionFactory(organization=hidden)

    assert ids(client.get(API + "organizations/")) == [unit.slug]
    assert client.get(API + f"organizations/{hidden.slug}/").status_code == 404
    assert client.get(API + f"organizations/{unit.slug}/").json()["parent"] is None
    assert ids(client.get(API + "memberships/")) == []
    assert ids(client.get(API + "recognitions/")) == []


def test_embargoed_recognition_is_not_listed_until_its_time(client, db):
    later = RecognitionFactory(publish_at=timezone.now() + datetime.timedelta(days=1))
    public = RecognitionFactory()

    assert ids(client.get(API + "recognitions/")) == [public.pk]
    assert client.get(API + f"recognitions/{later.pk}/").status_code == 404


@pytest.mark.parametrize("resource", RESOURCES)
def test_no_personal_data_field_in_any_public_response(client, seed, resource):
    for url in (API + resource + "/", API + resource + "/?format=csv"):
        text = body(client.get(url)).decode("utf-8-sig")
        for key in PERSONAL_KEYS:
            assert f'"{key}"' not in text
            assert not re.search(rf"(^|,){key}(,|$)", text.splitlines()[0])


# Query counts


@pytest.mark.parametrize("resource", RESOURCES)
def test_list_query_count_does_not_grow_with_rows(
    client, db, django_assert_max_num_queries, resource
):
    build_rows(2)
    # The registry's version (naming the cached row count), count, rows, prefetch.
    with django_assert_max_num_queries(4) as small:
        results(client.get(API + resource + "/"))
    build_rows(20)
    with django_assert_max_num_queries(len(small)):
        rows = results(client.get(API + resource + "/"))
    assert len(rows) >= 20


@pytest.mark.parametrize("resource", RESOURCES)
def test_csv_query_count_does_not_grow_with_rows(
    client, db, django_assert_max_num_queries, resource
):
    # The download streams: its queries run as it is read, so read it whole.
    # The rows and their relations take 2 queries; on PostgreSQL the read runs
    # in a transaction, a savepoint inside the test's own (2 more).
    build_rows(2)
    with django_assert_max_num_queries(4) as small:
        body(client.get(API + resource + "/", {"format": "csv"}))
    build_rows(20)
    with django_assert_max_num_queries(len(small)):
        text = body(client.get(API + resource + "/", {"format": "csv"}))
    assert len(text.decode("utf-8-sig").splitlines()) > 20


# Filters, ordering, paging


def test_organization_filters_mean_the_same_as_on_the_pages(client, seed):
    incubators = ids(client.get(API + "organizations/", {"kind": "incubator"}))

    assert sorted(incubators) == [
        "cas-star-shanghai",
        "plug-and-play-shanghai",
        "xnode",
    ]
    exemplars = ids(client.get(API + "organizations/", {"award": "goi-exemplar"}))
    assert len(exemplars) == 5


def test_other_lists_filter_by_related_slugs(client, db):
    program = ProgramFactory()
    recognition = RecognitionFactory(year=2023)
    RecognitionFactory(year=2024)
    membership = MembershipFactory(program=program)

    assert ids(client.get(API + "recognitions/", {"year": 2023})) == [recognition.pk]
    assert ids(
        client.get(API + "recognitions/", {"award": recognition.award.slug})
    ) == [recognition.pk]
    assert ids(
        client.get(API + "memberships/", {"organization": membership.organization.slug})
    ) == [membership.pk]


def test_ordering_over_documented_fields(client, db):
    for name in ("Example Firm B", "Example Firm A", "Example Firm C"):
        OrganizationFactory(name_en=name)

    names = [
        row["name_en"]
        for row in results(client.get(API + "organizations/", {"ordering": "-name"}))
    ]
    assert names == ["Example Firm C", "Example Firm B", "Example Firm A"]
    # The same parameter as on the pages: one definition.
    page = client.get("/members/", {"ordering": "-name_en"})
    api = client.get(API + "organizations/", {"ordering": "-name_en"})
    assert (page.status_code, api.status_code) == (400, 400)


def test_page_size_defaults_to_50_and_is_capped_at_200(client, db):
    Organization.objects.bulk_create(
        Organization(
            slug=f"example-firm-{n}", name_en=f"Example Firm {n}", kind="enterprise"
        )
        for n in range(205)
    )

    assert len(results(client.get(API + "organizations/"))) == 50
    assert len(results(client.get(API + "organizations/", {"page_size": 1000}))) == 200
    assert len(results(client.get(API + "organizations/", {"page_size": 7}))) == 7
    assert len(results(client.get(API + "organizations/", {"page": 5}))) == 5


@pytest.mark.parametrize(
    "params, name",
    [
        ({"page": "abc"}, "page"),
        ({"page": "0"}, "page"),
        ({"page": "99"}, "page"),
        ({"page_size": "many"}, "page_size"),
        ({"page_size": "-1"}, "page_size"),
        ({"ordering": "password"}, "ordering"),
        ({"ordering": "name_en,"}, "ordering"),
        ({"kind": "dragon"}, "kind"),
        ({"sector": "no-such-sector"}, "sector"),
        ({"joined": "twenty"}, "joined"),
        ({"joined": "1066"}, "joined"),
        ({"q": "x" * 5000}, "q"),
        ({"updated_since": "yesterday"}, "updated_since"),
        ({"updated_since": "2024-13-45"}, "updated_since"),
        ({"updated_since": "0001-01-01T00:00:00+01:00"}, "updated_since"),
        ({"updated_since": "9999-12-31T23:59:59-05:00"}, "updated_since"),
    ],
)
def test_malformed_parameter_is_a_400_naming_it(client, db, params, name):
    response = client.get(API + "organizations/", params)

    assert response.status_code == 400
    assert name in response.json()


@pytest.mark.parametrize("params", [{"ordering": "x"}, {"year": "1800"}])
def test_malformed_parameter_with_csv_is_still_a_json_400(client, db, params):
    response = client.get(API + "recognitions/", {**params, "format": "csv"})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"


def test_updated_since_returns_only_rows_changed_since(client, db):
    old = OrganizationFactory()
    Organization.objects.filter(pk=old.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=30)
    )
    new = OrganizationFactory()
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()

    assert ids(client.get(API + "organizations/", {"updated_since": since})) == [
        new.slug
    ]
    assert ids(client.get(API + "organizations/", {"updated_since": "2000-01-01"})) == [
        old.slug,
        new.slug,
    ]


# CSV


def test_csv_is_the_whole_filtered_list_excel_safe(client, db):
    OrganizationFactory(
        name_en='=HYPERLINK("http://example.invalid")', kind="incubator"
    )
    for n in range(60):
        OrganizationFactory(name_en=f"Example Incubator {n}", kind="incubator")
    OrganizationFactory(name_en="Example Firm Elsewhere", kind="enterprise")

    response = client.get(
        API + "organizations/", {"kind": "incubator", "format": "csv"}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    content = body(response)
    assert content.startswith("\ufeff".encode())
    lines = content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("id,name_en,name_zh")
    assert len(lines) == 1 + 61
    assert "Example Firm Elsewhere" not in content.decode()
    assert "'=HYPERLINK" in content.decode()
    assert ',"=HYPERLINK' not in content.decode()


@pytest.mark.parametrize("resource", RESOURCES)
def test_every_list_downloads_as_csv(client, seed, resource):
    response = client.get(API + resource + "/", {"format": "csv"})

    assert response.status_code == 200
    rows = body(response).decode("utf-8-sig").splitlines()
    assert rows[0].startswith("id,")
    assert len(rows) == 1 + client.get(API + resource + "/").json()["count"]


def test_empty_csv_still_has_its_header(client, db):
    response = client.get(
        API + "organizations/", {"kind": "university", "format": "csv"}
    )

    lines = body(response).decode("utf-8-sig").splitlines()
    assert lines == [lines[0]]
    assert lines[0].startswith("id,name_en,name_zh,aliases,kind")


def test_csv_keeps_chinese_names_in_utf8(client, seed):
    response = client.get(API + "organizations/", {"q": "nokia", "format": "csv"})

    assert "上海诺基亚贝尔股份有限公司" in body(response).decode("utf-8-sig")


# Caching


def test_conditional_get_with_etag_gets_304(client, seed):
    first = client.get(API + "organizations/")
    etag = first["ETag"]

    again = client.get(API + "organizations/", headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""

    Organization.objects.filter(slug="xnode").update(name_en="XNode Shanghai")
    changed = client.get(API + "organizations/", headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_lists_have_no_last_modified_as_rows_may_leave_them(client, seed):
    assert "Last-Modified" not in client.get(API + "organizations/")


def test_detail_has_last_modified_and_honours_if_modified_since(client, seed):
    response = client.get(API + "organizations/xnode/")
    last_modified = response["Last-Modified"]
    assert response["ETag"]

    again = client.get(
        API + "organizations/xnode/", headers={"if-modified-since": last_modified}
    )
    assert again.status_code == 304


def test_a_record_as_csv_has_its_own_etag(client, seed):
    # A list's CSV streams, with no ETag: tests/security/test_api_csv_downloads.py.
    json_tag = client.get(API + "sectors/it/")["ETag"]
    csv_response = client.get(API + "sectors/it/", {"format": "csv"})

    assert csv_response["ETag"] != json_tag
    assert csv_response["Content-Disposition"] == 'attachment; filename="sector.csv"'
    repeat = client.get(
        API + "sectors/it/",
        {"format": "csv"},
        headers={"if-none-match": csv_response["ETag"]},
    )
    assert repeat.status_code == 304


# Throttle


def test_anonymous_reads_are_throttled_with_retry_after(client, db, settings):
    settings.REGISTRY_API_ANON_RATE = "3/minute"

    statuses = [client.get(API + "sectors/").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    response = client.get(API + "sectors/")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60


def test_officers_are_not_throttled_as_anonymous(client, officer, settings):
    settings.REGISTRY_API_ANON_RATE = "1/minute"
    client.force_login(officer)

    statuses = {client.get(API + "sectors/").status_code for _ in range(3)}

    assert statuses == {200}


# Permissions


def token_client(client, user):
    _token, key = AuthToken.objects.create(user=user)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {key}"
    return client


@pytest.fixture
def outsider(db):
    """A signed-in staff account without any registry permission."""
    return UserFactory(username="outsider", is_staff=True)


NEW_SECTOR = {
    "slug": "example-sector",
    "name_en": "Example sector",
    "name_zh": "示例行业",
}


def test_anonymous_can_read(client, seed):
    assert client.get(API + "sectors/").status_code == 200
    assert client.get(API + "sectors/it/").json()["name_en"]
    assert client.get(API + "organizations/xnode/").status_code == 200


def test_anonymous_write_is_refused_with_401(client, seed):
    response = client.post(
        API + "sectors/", NEW_SECTOR, content_type="application/json"
    )

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")
    organization = client.patch(
        API + "organizations/xnode/",
        {"name_en": "Taken"},
        content_type="application/json",
    )
    assert organization.status_code == 401
    assert Organization.objects.get(slug="xnode").name_en == "XNode"


def test_officer_without_permission_gets_403(client, outsider):
    response = token_client(client, outsider).post(
        API + "sectors/", NEW_SECTOR, content_type="application/json"
    )

    assert response.status_code == 403


def test_officer_with_only_view_permission_cannot_add(client, outsider):
    outsider.user_permissions.add(Permission.objects.get(codename="view_sector"))

    response = token_client(client, outsider).post(
        API + "sectors/", NEW_SECTOR, content_type="application/json"
    )

    assert response.status_code == 403


def test_officer_with_permission_creates_and_updates_with_a_token(client, officer):
    client = token_client(client, officer)
    sector = client.post(API + "sectors/", NEW_SECTOR, content_type="application/json")
    assert sector.status_code == 201, sector.content
    assert (
        sector.json()["api_url"] == "http://testserver/api/v1/sectors/example-sector/"
    )

    created = client.post(
        API + "organizations/",
        {
            "name_en": "Example Firm Created",
            "kind": "enterprise",
            "sectors": ["example-sector"],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    slug = created.json()["id"]
    assert created.json()["sectors"][0]["id"] == "example-sector"

    updated = client.patch(
        API + f"organizations/{slug}/",
        {"name_zh": "示例企业", "slug": "renamed"},
        content_type="application/json",
    )
    assert updated.status_code == 200, updated.content
    organization = Organization.objects.get(slug=slug)
    assert organization.name_zh == "示例企业"


def test_officer_session_can_write_too(officer_client, db):
    response = officer_client.post(
        API + "sectors/", NEW_SECTOR, content_type="application/json"
    )

    assert response.status_code == 201


def test_writes_are_validated_by_the_model(client, officer):
    client = token_client(client, officer)
    bad_code = client.post(
        API + "organizations/",
        {"name_en": "Example Firm", "kind": "enterprise", "uscc": "123"},
        content_type="application/json",
    )
    no_name = client.post(
        API + "organizations/", {"kind": "enterprise"}, content_type="application/json"
    )
    recognition = RecognitionFactory()
    twice = client.post(
        API + "recognitions/",
        {
            "award": recognition.award.slug,
            "organization": recognition.organization.slug,
            "year": recognition.year,
        },
        content_type="application/json",
    )

    assert bad_code.status_code == 400 and "uscc" in bad_code.json()
    assert no_name.status_code == 400
    assert twice.status_code == 400
    assert Recognition.objects.count() == 1


def test_nothing_can_be_deleted_through_the_api(client, officer, seed):
    response = token_client(client, officer).delete(API + "organizations/xnode/")

    assert response.status_code == 405
    assert Organization.objects.filter(slug="xnode").exists()


# Schema and docs


def test_schema_is_valid_openapi_3_and_describes_everything(client, db):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = json.loads(response.content)
    validate_schema(schema)

    assert {path.split("/")[3] for path in schema["paths"]} == set(RESOURCES)
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert operation.get("description"), f"{method} {path}"
            for parameter in operation.get("parameters", []):
                assert parameter.get("description"), f"{method} {path} {parameter}"
    for name, component in schema["components"]["schemas"].items():
        for field, spec in component.get("properties", {}).items():
            assert spec.get("description"), f"{name}.{field}"


def test_docs_page_uses_only_local_assets(client, db):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets
    assert all(url.startswith("/") and not url.startswith("//") for url in assets)
    assert "cdn" not in html.lower()
    for url in assets:
        if url.startswith(settings.STATIC_URL) or url.startswith("/static/"):
            # Swagger UI from the sidecar package; the page's own styles are ours.
            assert "drf_spectacular_sidecar" in url or "/registry/" in url


# schemathesis: every operation, with a bounded number of examples.

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


class UnnestedSettings(Settings):
    """pytest-django's `settings`, but setting a setting to the value it has
    already changes nothing. A fuzzed test's body runs once per example, and
    each assignment nested one more override that every later read of any
    setting walked through: hundreds deep by an operation's last example."""

    def __setattr__(self, attr, value):
        if getattr(settings, attr, Settings) == value:
            return
        super().__setattr__(attr, value)


@pytest.fixture(name="settings")
def unnested_settings():
    wrapper = UnnestedSettings(_is_pytest_django=True)
    yield wrapper
    wrapper._finalize()


@pytest.fixture
def keep_test_connection():
    """Calling the WSGI app directly, as Django's test client does: the end of a
    request must not close the connection holding the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@hypothesis_settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case, seed, settings, keep_test_connection):
    settings.REGISTRY_API_ANON_RATE = "100000/hour"
    case.call_and_validate(excluded_checks=[positive_data_acceptance])


@pytest.mark.browser
def test_docs_work_with_the_network_cut(page, live_server):
    """Swagger UI loads from the app alone and renders every operation."""
    outside = []

    def only_local(route):
        if route.request.url.startswith(live_server.url + "/"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    page.goto("/api/docs/")
    page.wait_for_selector(".opblock", timeout=15000)

    assert outside == []
    assert page.locator(".opblock").count() >= len(RESOURCES) * 2
    assert page.get_by_text("/api/v1/organizations/", exact=True).first.is_visible()


writes = schema.include(method=["POST", "PUT", "PATCH"])


@pytest.fixture
def officer_token(officer):
    """One token for all of an operation's examples: knox reads every token of
    the user on each request, so a token per example made each request slower."""
    _token, key = AuthToken.objects.create(user=officer)
    return key


@writes.parametrize()
@hypothesis_settings(
    max_examples=3,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_officer_writes_never_fail_with_a_server_error(
    case, seed, officer_token, settings, keep_test_connection
):
    case.call_and_validate(
        headers={"Authorization": f"Token {officer_token}"},
        checks=[
            not_a_server_error,
            status_code_conformance,
            response_schema_conformance,
        ],
    )


def test_an_update_answers_with_the_sectors_it_set(client, officer):
    client = token_client(client, officer)
    before, after = SectorFactory(slug="before"), SectorFactory(slug="after")
    organization = OrganizationFactory(sectors=[before])
    response = client.patch(
        API + f"organizations/{organization.slug}/",
        {"sectors": ["after"]},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert [sector["id"] for sector in response.json()["sectors"]] == [after.slug]
    shown = client.get(API + f"organizations/{organization.slug}/").json()
    assert [sector["id"] for sector in shown["sectors"]] == [after.slug]
