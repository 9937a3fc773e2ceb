"""Atom feeds of new members and of recognitions, in English and Chinese."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from tests.factories import (
    AwardFactory,
    MembershipFactory,
    OrganizationFactory,
    RecognitionFactory,
)

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response) -> list[ET.Element]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content).findall(f"{ATOM}entry")


def titles(response) -> list[str]:
    return [entry.findtext(f"{ATOM}title") for entry in entries(response)]


def test_members_feed_lists_current_members_of_published_organizations(client, db):
    MembershipFactory(organization=OrganizationFactory(name_en="Example Firm Joined"))
    MembershipFactory(
        organization=OrganizationFactory(
            name_en="Example Firm Hidden", is_published=False
        )
    )
    MembershipFactory(
        organization=OrganizationFactory(name_en="Example Firm Left"),
        status="ended",
        left_on=datetime.date(2024, 1, 1),
    )

    found = titles(client.get("/feeds/members/"))

    assert found == ["Example Firm Joined joined Group Open Innovation"]


def test_recognitions_feed_respects_embargo_and_publication(client, db):
    award = AwardFactory(name_en="Example Award")
    RecognitionFactory(
        award=award, organization=OrganizationFactory(name_en="Example Firm A")
    )
    RecognitionFactory(
        award=award,
        organization=OrganizationFactory(name_en="Example Firm Later"),
        publish_at=timezone.now() + datetime.timedelta(days=2),
    )
    RecognitionFactory(
        award=award,
        organization=OrganizationFactory(
            name_en="Example Firm Hidden", is_published=False
        ),
    )

    found = titles(client.get("/feeds/recognitions/"))

    assert found == ["Example Firm A: Example Award 2024"]


def test_feed_entries_have_unique_absolute_ids_and_links(client, db):
    for _ in range(3):
        RecognitionFactory()

    items = entries(client.get("/feeds/recognitions/"))

    ids = [entry.findtext(f"{ATOM}id") for entry in items]
    assert len(set(ids)) == 3
    assert all(i.startswith("http://testserver/") for i in ids)
    for entry in items:
        assert (
            entry.find(f"{ATOM}link")
            .get("href")
            .startswith("http://testserver/organizations/")
        )


@pytest.mark.parametrize("path", ["/feeds/members/", "/feeds/recognitions/"])
def test_chinese_feeds_are_in_chinese(client, db, path):
    organization = OrganizationFactory(name_en="Example Firm", name_zh="示例企业")
    MembershipFactory(organization=organization)
    RecognitionFactory(organization=organization)

    response = client.get("/zh-hans" + path)

    root = ET.fromstring(response.content)
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-hans"
    assert "浦东" in root.findtext(f"{ATOM}title")
    entry = entries(response)[0]
    assert "示例企业" in entry.findtext(f"{ATOM}title")
    assert "/zh-hans/organizations/" in entry.find(f"{ATOM}link").get("href")


@pytest.mark.parametrize("path", ["/feeds/members/", "/feeds/recognitions/"])
def test_feed_query_count_does_not_grow(
    client, db, django_assert_max_num_queries, path
):
    def add(n):
        for _ in range(n):
            organization = OrganizationFactory()
            MembershipFactory(organization=organization)
            RecognitionFactory(organization=organization)

    add(2)
    with django_assert_max_num_queries(3) as small:
        assert len(entries(client.get(path))) == 2
    add(20)
    with django_assert_max_num_queries(len(small)):
        assert len(entries(client.get(path))) == 22
