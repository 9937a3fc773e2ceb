"""The page cache: anonymous readers get cached pages, never stale ones."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from registry.installation import load_seed_data
from registry.models import (
    Organization,
    Program,
    Recognition,
)
from registry.opendata import dumps as opendata
from tests.conftest import let_the_embargoes_pass
from tests.factories import AwardFactory, MembershipFactory, OrganizationFactory


@pytest.fixture
def cached(settings, db):
    settings.REGISTRY_PAGE_CACHE_SECONDS = 300
    load_seed_data()


@pytest.fixture
def member(cached):
    program = Program.objects.get(code="GOI")
    return MembershipFactory(
        program=program,
        organization=OrganizationFactory(name_en="Zhangjiang Cache Probe Ltd."),
    ).organization


def test_a_second_anonymous_reader_gets_the_page_from_the_cache(
    client, member, django_assert_max_num_queries
):
    first = client.get("/members/")
    assert "Zhangjiang Cache Probe" in first.text
    with django_assert_max_num_queries(1):  # the registry's version, nothing else
        second = client.get("/members/")
    assert second.status_code == 200
    assert second.content == first.content
    assert second["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    "path", ["/members/", "/zh-hans/members/", "/api/v1/organizations/"]
)
def test_after_unpublishing_no_cached_page_shows_the_organization(client, member, path):
    assert "Zhangjiang Cache Probe" in client.get(path).text
    member.is_published = False
    member.save()
    assert "Zhangjiang Cache Probe" not in client.get(path).text


@pytest.mark.parametrize("path", ["/", "/zh-hans/", "/programs/goi/"])
def test_after_unpublishing_the_cached_counts_are_not_shown(client, member, path):
    before = client.get(path).content
    assert client.get(path).content == before  # from the cache
    member.is_published = False
    member.save()
    assert client.get(path).content != before


def test_after_an_officer_deletes_it_in_the_admin_no_cached_page_shows_it(
    client, officer_client, member
):
    assert "Zhangjiang Cache Probe" in client.get("/members/").text
    officer_client.post(
        reverse("admin:registry_organization_delete", args=[member.pk]),
        {"post": "yes"},
    )
    assert "Zhangjiang Cache Probe" not in client.get("/members/").text


def test_a_bulk_update_by_an_officer_request_makes_pages_stale(
    client, officer_client, member
):
    """Admin actions update rows without saving each; the request still counts."""
    assert "Zhangjiang Cache Probe" in client.get("/members/").text
    Organization.objects.filter(pk=member.pk).update(is_published=False)
    officer_client.post(reverse("set_language"), {"language": "en"})
    assert "Zhangjiang Cache Probe" not in client.get("/members/").text


def test_after_an_embargo_passes_the_cached_page_shows_the_recognition(client, member):
    award = AwardFactory(name_en="Embargoed Prize")
    Recognition.objects.create(
        award=award,
        organization=member,
        year=2025,
        publish_at=timezone.now() + datetime.timedelta(seconds=2),
    )
    path = award.get_absolute_url()
    assert "Zhangjiang Cache Probe" not in client.get(path).text
    assert "Zhangjiang Cache Probe" not in client.get(path).text  # from the cache
    # The embargo is judged by the database's clock: let it pass.
    let_the_embargoes_pass()
    assert "Zhangjiang Cache Probe" in client.get(path).text


def test_logged_in_officers_never_get_a_cached_page(officer_client, member):
    assert "Zhangjiang Cache Probe" in officer_client.get("/members/").text
    # A change that bumps nothing: only an uncached page can show it.
    Organization.objects.filter(pk=member.pk).update(name_en="Renamed Probe Ltd.")
    assert "Renamed Probe" in officer_client.get("/members/").text


@pytest.mark.parametrize("path", ["/apply/", "/zh-hans/apply/"])
def test_the_application_form_is_never_cached(client, cached, path):
    first = client.get(path)
    assert first.status_code == 200
    Program.objects.filter(code="GOI").update(accepts_applications=False)
    assert client.get(path).content != first.content


def test_csv_downloads_are_not_cached(client, member):
    client.get("/members/?format=csv")
    Organization.objects.filter(pk=member.pk).update(name_en="Renamed Probe Ltd.")
    response = client.get("/members/?format=csv")
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    assert "Renamed Probe" in body.decode("utf-8-sig")


def test_the_language_is_part_of_the_key(client, member):
    english = client.get("/api/v1/", HTTP_ACCEPT_LANGUAGE="en")
    chinese = client.get("/api/v1/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert english.status_code == chinese.status_code == 200
    assert client.get("/members/").content != client.get("/zh-hans/members/").content


def test_a_cached_api_answer_still_counts_against_the_throttle(
    client, member, settings
):
    settings.REGISTRY_API_ANON_RATE = "2/hour"
    statuses = [client.get("/api/v1/organizations/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_a_cached_page_stays_while_hundreds_of_others_are_read(client, member):
    """Without Redis each server keeps its cache in memory; Django's default
    room (300 entries, a third dropped when full) lost the member list after
    a couple of hundred searches."""
    assert "Zhangjiang Cache Probe" in client.get("/members/").text
    for n in range(400):
        assert client.get(f"/members/?q=probe{n}").status_code == 200
    # A change that bumps nothing: only a page still in the cache hides it.
    Organization.objects.filter(pk=member.pk).update(name_en="Renamed Probe Ltd.")
    assert "Zhangjiang Cache Probe" in client.get("/members/").text


def test_paths_never_cached_stay_so_under_a_script_prefix(
    client, cached, tmp_path, settings
):
    """A site served under a prefix (/registry/data/) still never caches the
    paths that must stay fresh: the open-data page lists a dump as soon as it
    is written, though that is no write to the registry."""
    settings.REGISTRY_OPEN_DATA_DIR = tmp_path
    before = client.get("/data/", SCRIPT_NAME="/registry")
    assert before.status_code == 200
    version = opendata.export_dump().version
    after = client.get("/data/", SCRIPT_NAME="/registry")
    assert version not in before.text
    assert version in after.text
