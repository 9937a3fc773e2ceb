"""API naming: html_url for the public page, one `ordering` vocabulary, page sizes."""

import datetime
import itertools

import pytest
from django.db.models import QuerySet
from django.test import override_settings
from django.utils import timezone

from registry.api.resources import RESOURCES
from registry.api.views import VIEWSETS
from registry.models import Award, Event
from tests.api.test_views import API, results
from tests.factories import (
    AwardFactory,
    EventFactory,
    MembershipFactory,
    OrganizationFactory,
    ProgramFactory,
    RecognitionFactory,
    ReportedFigureFactory,
    SectorFactory,
)


def numbered_program(**kwargs):
    number = next(PROGRAMS)
    return ProgramFactory(code=f"EX{number}", slug=f"example-{number}", **kwargs)


PROGRAMS = itertools.count(1)

NAMED = {
    "programs": numbered_program,
    "sectors": SectorFactory,
    "awards": AwardFactory,
    "events": EventFactory,
}
TIMED = {
    "programs": numbered_program,
    "memberships": MembershipFactory,
    "awards": AwardFactory,
    "recognitions": RecognitionFactory,
    "events": EventFactory,
    "reported-figures": ReportedFigureFactory,
}
VOCABULARY = {"name", "joined", "left", "status", "code", "launched", "year", "date"}
VOCABULARY |= {"position", "value", "created", "updated"}


def test_organization_links_its_page_as_html_url_and_itself_as_api_url(client, db):
    organization = OrganizationFactory(slug="example-firm")

    (row,) = results(client.get(API + "organizations/"))

    assert row["html_url"] == "http://testserver/organizations/example-firm/"
    assert row["api_url"] == "http://testserver/api/v1/organizations/example-firm/"
    assert row["url"] == row["html_url"]  # Deprecated alias, for one release.
    assert client.get(row["html_url"]).status_code == 200
    assert organization.get_absolute_url() in row["html_url"]


@pytest.mark.parametrize("resource", NAMED)
def test_every_named_list_sorts_by_name(client, db, resource):
    for name in ("Example B", "Example A", "Example C"):
        NAMED[resource](name_en=name)

    rows = results(client.get(API + resource + "/", {"ordering": "-name"}))

    assert [row["name_en"] for row in rows] == ["Example C", "Example B", "Example A"]


def test_name_falls_back_to_chinese_like_the_pages(client, db):
    AwardFactory(name_en="Example B")
    AwardFactory(name_en="", name_zh="Example A 奖")

    rows = results(client.get(API + "awards/", {"ordering": "name"}))

    assert [row["name_zh"] or row["name_en"] for row in rows] == [
        "Example A 奖",
        "Example B",
    ]


@pytest.mark.parametrize("resource", TIMED)
def test_every_list_with_change_times_sorts_by_updated(client, db, resource):
    older, newer = TIMED[resource](), TIMED[resource]()
    model = type(older)
    model.objects.filter(pk=newer.pk).update(
        updated_at=timezone.now() + datetime.timedelta(days=1)
    )

    rows = results(client.get(API + resource + "/", {"ordering": "-updated"}))

    assert [row["id"] for row in rows][:2] == [
        getattr(record, "slug", record.pk) for record in (newer, older)
    ]


def test_field_names_of_the_last_release_still_sort(client, db):
    for name in ("Example B", "Example A"):
        AwardFactory(name_en=name)

    rows = results(client.get(API + "awards/", {"ordering": "name_en"}))

    assert [row["name_en"] for row in rows] == ["Example A", "Example B"]


@pytest.mark.parametrize("resource", [*NAMED, *TIMED, "organizations"])
def test_unknown_ordering_word_is_a_400_naming_the_parameter(client, db, resource):
    response = client.get(API + resource + "/", {"ordering": "-password"})

    assert response.status_code == 400
    assert list(response.json()) == ["ordering"]


def test_schema_offers_only_the_shared_words(client, db):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    offered = set()
    for path in schema["paths"].values():
        for parameter in path.get("get", {}).get("parameters", []):
            if parameter["name"] == "ordering":
                pattern = parameter["schema"].get("pattern", "")
                choices = parameter["schema"].get("enum", [])
                words = pattern.split("(-?(")[1].split(")")[0] if pattern else ""
                offered |= set(words.split("|")) - {""}
                offered |= {choice.lstrip("-") for choice in choices}

    assert offered == VOCABULARY | {"joined"}
    assert {"name", "updated"} <= offered


@override_settings(REGISTRY_API_PAGE_SIZE=3, REGISTRY_API_MAX_PAGE_SIZE=5)
def test_page_sizes_come_from_the_settings(client, db):
    for n in range(7):
        EventFactory(name_en=f"Example Event {n}")

    assert len(results(client.get(API + "events/"))) == 3
    assert len(results(client.get(API + "events/", {"page_size": 100}))) == 5
    assert Event.objects.count() == 7 and Award.objects.count() == 0


def test_no_viewset_holds_a_queryset_built_at_import(db):
    # A queryset built once would freeze `.published()` at start-up (embargoes).
    assert list(VIEWSETS) == list(RESOURCES)
    for viewset in VIEWSETS.values():
        assert not isinstance(getattr(viewset, "queryset", None), QuerySet)
    for resource in RESOURCES.values():
        assert resource.queryset() is not resource.queryset()
