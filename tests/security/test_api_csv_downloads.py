"""Item 12: the API's `?format=csv` streams, throttled and refused like any read.

A list's CSV used to be built whole in memory and hashed for its ETag, so one
download of a large filtered list held every row in a worker at once. It now
leaves a chunk of rows at a time, as the pages' downloads do.
"""

import pytest
from django.core.cache import cache

from registry.models import Organization
from tests.factories import ApplicationFactory
from tests.responses import body
from tests.security.test_bad_input import VALUES, api_parameters, assert_safe

pytestmark = pytest.mark.django_db

LISTS = [
    "organizations",
    "programs",
    "sectors",
    "memberships",
    "awards",
    "recognitions",
    "events",
    "reported-figures",
]


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize("name", LISTS)
def test_every_list_streams_its_csv(client, seed, name):
    response = client.get(f"/api/v1/{name}/", {"format": "csv"})

    assert response.status_code == 200
    assert response.streaming
    lines = body(response).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("id,")
    assert len(lines) == 1 + client.get(f"/api/v1/{name}/").json()["count"]


@pytest.mark.parametrize(
    "path, headers",
    [
        ("/api/v1/organizations/", {"accept": "text/csv"}),
        ("/api/v1/organizations.csv", {}),
    ],
)
def test_a_csv_asked_for_otherwise_streams_too(client, seed, path, headers):
    response = client.get(path, headers=headers)

    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"


def test_a_streamed_csv_is_never_hashed_for_an_etag(client, seed):
    response = client.get("/api/v1/organizations/", {"format": "csv"})
    first = body(response)

    assert "ETag" not in response
    # No validator, so no 304: a client holding an old tag gets the file.
    again = client.get(
        "/api/v1/organizations/",
        {"format": "csv"},
        headers={"if-none-match": '"anything"'},
    )
    assert again.status_code == 200
    assert body(again) == first


@pytest.mark.parametrize(
    "query, name",
    [
        ("page=99999999999999999999", "page"),
        ("page=9" + "9" * 5000, "page"),
        ("page_size=0", "page_size"),
        ("page=a%00b", "page"),
        ("kind=dragon", "kind"),
        ("sector=no-such-sector", "sector"),
        ("sector=a%00b", "sector"),
        ("q=a%00b", "q"),
        ("award=a%00b", "award"),
        ("ordering=password", "ordering"),
        ("ordering=a%00b", "ordering"),
        ("updated_since=a%00b", "updated_since"),
        ("joined=99999999999999999999", "joined"),
    ],
)
def test_bad_input_with_csv_is_a_json_400_naming_it(client, seed, query, name):
    response = client.get(f"/api/v1/organizations/?{query}&format=csv")

    assert response.status_code == 400
    assert not response.streaming
    assert response["Content-Type"] == "application/json"
    assert name in response.json()


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/memberships/?organization=a%00b",
        "/api/v1/memberships/?status=dragon",
        "/api/v1/recognitions/?year=99999999999999999999",
        "/api/v1/recognitions/?event=no-such-event",
        "/api/v1/events/?ordering=a%00b",
        "/api/v1/reported-figures/?program=a%00b",
        "/api/v1/sectors/?page_size=-1",
    ],
)
def test_every_list_refuses_bad_input_before_it_streams(client, seed, path):
    response = client.get(path + "&format=csv")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"


def test_every_list_parameter_with_bad_values_and_csv_is_never_a_5xx(client, seed):
    for path, parameters in api_parameters(client).items():
        for name in parameters:
            if name == "format":
                continue
            for label in ("huge-integer", "negative", "nul", "invalid-utf8"):
                cache.clear()
                response = client.get(f"{path}?{name}={VALUES[label]}&format=csv")
                assert_safe(response)  # Read to the end, streamed or not.
                assert response.status_code in (200, 400), (path, name, label)
                if response.status_code == 400:
                    assert name in response.json(), (path, name, label)


def test_csv_downloads_count_against_the_same_allowance_as_any_read(
    client, seed, settings
):
    settings.REGISTRY_API_ANON_RATE = "3/hour"
    path = "/api/v1/organizations/"

    answers = [
        client.get(path, {"format": "csv"}),
        client.get(path),
        client.get(path, {"format": "csv"}),
        client.get(path, {"format": "csv"}),
    ]

    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    refused = answers[-1]
    assert not refused.streaming
    assert refused["Content-Type"] == "application/json"
    assert int(refused["Retry-After"]) > 0


def test_a_streamed_csv_is_never_kept_in_the_page_cache(client, seed, settings):
    settings.REGISTRY_PAGE_CACHE_SECONDS = 300
    for path, headers in [
        ("/api/v1/organizations/", {"accept": "text/csv"}),
        ("/api/v1/organizations.csv", {}),
    ]:
        body(client.get(path, headers=headers))
        # A change that bumps nothing: only an uncached answer can show it.
        Organization.objects.filter(slug="xnode").update(name_en="XNode Renamed")
        again = client.get(path, headers=headers)
        assert "XNode Renamed" in body(again).decode("utf-8-sig")
        Organization.objects.filter(slug="xnode").update(name_en="XNode")


def test_no_applicant_data_in_any_csv(client, seed):
    application = ApplicationFactory(
        contact_name="Example Contact Wang", contact_phone="13900001111"
    )
    everything = b"".join(
        body(client.get(f"/api/v1/{name}/", {"format": "csv"})) for name in LISTS
    ).decode("utf-8-sig")

    for private in (
        application.contact_name,
        application.contact_email,
        application.contact_phone,
        application.reference,
        application.name_en,
    ):
        assert private not in everything
    assert client.get("/api/v1/applications/", {"format": "csv"}).status_code == 404
