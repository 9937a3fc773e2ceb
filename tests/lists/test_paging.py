"""Paging: every page holds the rows Django's own paginator gives, and the
row count is read once per registry version."""

import re

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry.lists.paging import RegistryPaginator
from registry.models import Organization
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organizations():
    for n in range(23):
        OrganizationFactory(name_en=f"Firm {n:02d}")
    return Organization.objects.order_by("name_en", "pk")


def names(page) -> list[str]:
    return [organization.name_en for organization in page.object_list]


@pytest.mark.parametrize("per_page", [5, 7])
def test_every_page_near_and_far_holds_what_djangos_paginator_gives(
    organizations, per_page
):
    ours = RegistryPaginator(organizations, per_page)
    django = Paginator(organizations, per_page)

    assert ours.num_pages == django.num_pages
    for number in django.page_range:
        assert names(ours.page(number)) == names(django.page(number)), number


@pytest.mark.parametrize("every", [3, 4, 10])
def test_pages_that_start_at_a_bookmark_hold_the_same_rows(
    organizations, monkeypatch, every
):
    monkeypatch.setattr(RegistryPaginator, "BOOKMARK_EVERY", every)
    for per_page in (2, 5):
        ours = RegistryPaginator(organizations, per_page)
        django = Paginator(organizations, per_page)
        for number in django.page_range:
            assert names(ours.page(number)) == names(django.page(number)), number


def test_a_page_in_the_middle_skips_at_most_a_bookmark_step(organizations, monkeypatch):
    monkeypatch.setattr(RegistryPaginator, "BOOKMARK_EVERY", 4)
    paginator = RegistryPaginator(organizations, 2)
    paginator.page(5)  # reads the bookmarks once

    with CaptureQueriesContext(connection) as queries:
        page = paginator.page(6)  # rows 10 and 11: two rows after a bookmark

    offsets = [
        int(offset)
        for query in queries
        for offset in re.findall(r"OFFSET (\d+)", query["sql"])
    ]
    assert names(page) == ["Firm 10", "Firm 11"]
    assert offsets and max(offsets) < 4


def test_orphans_join_the_last_page_as_in_django(organizations):
    ours = RegistryPaginator(organizations, 10, orphans=3)
    django = Paginator(organizations, 10, orphans=3)

    assert ours.num_pages == django.num_pages == 2
    assert names(ours.page(2)) == names(django.page(2))


def test_the_count_is_read_once_until_the_registry_changes(organizations):
    assert RegistryPaginator(organizations, 5, count_key="firms").count == 23

    with CaptureQueriesContext(connection) as queries:
        again = RegistryPaginator(organizations, 5, count_key="firms").count
    OrganizationFactory(name_en="Firm 23")
    after_a_write = RegistryPaginator(organizations, 5, count_key="firms").count

    assert again == 23
    assert not any("COUNT(" in query["sql"].upper() for query in queries)
    assert after_a_write == 24
