"""The main program (REGISTRY_MAIN_PROGRAM): whose members /members/ lists, and
whose joining dates "year joined" and "joined" sorting mean."""

import datetime

import pytest
from django.utils import translation

from registry.models import Organization, Program
from tests.factories import MembershipFactory, OrganizationFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    return [organization.name for organization in response.context["object_list"]]


def test_main_program_follows_the_setting(settings):
    goi = ProgramFactory()
    other = ProgramFactory(code="SPARK", slug="spark", name_en="Spark Program")
    assert Program.objects.main() == goi

    settings.REGISTRY_MAIN_PROGRAM = "SPARK"

    assert Program.objects.main() == other


def test_without_the_main_program_members_lists_nobody_and_says_why(client, settings):
    other = ProgramFactory(code="SPARK", slug="spark", name_en="Spark Program")
    MembershipFactory(organization__name_en="Example Spark Member", program=other)
    settings.REGISTRY_MAIN_PROGRAM = "GOI"  # Not recorded.

    english = client.get("/members/")
    chinese = client.get("/zh-hans/members/")

    assert english.status_code == chinese.status_code == 200
    assert names(english) == names(chinese) == []
    assert "does not hold the main program yet" in english.content.decode()
    with translation.override("zh-hans"):
        assert "尚未收录主项目" in chinese.content.decode()
    assert "Example Spark Member" not in english.content.decode()
    assert client.get("/").context["counts"]["members"] == 0


def test_members_and_nav_follow_the_main_program(client, settings):
    ProgramFactory()
    spark = ProgramFactory(code="SPARK", slug="spark", name_en="Spark Program")
    MembershipFactory(organization__name_en="Example Spark Member", program=spark)
    settings.REGISTRY_MAIN_PROGRAM = "SPARK"

    response = client.get("/members/")

    assert names(response) == ["Example Spark Member"]
    assert 'href="/programs/spark/"' in response.content.decode()


def test_joined_means_joining_the_main_program(client):
    goi = ProgramFactory()
    spark = ProgramFactory(code="SPARK", slug="spark", name_en="Spark Program")
    early = OrganizationFactory(name_en="Example Early Elsewhere")
    # Joined another program long ago, and GOI only recently.
    MembershipFactory(
        organization=early, program=spark, joined_on=datetime.date(2015, 3, 1)
    )
    MembershipFactory(
        organization=early, program=goi, joined_on=datetime.date(2024, 5, 1)
    )
    steady = OrganizationFactory(name_en="Example Steady Member")
    MembershipFactory(
        organization=steady, program=goi, joined_on=datetime.date(2022, 1, 10)
    )

    oldest_first = client.get("/members/?ordering=joined")
    assert names(oldest_first) == ["Example Steady Member", "Example Early Elsewhere"]
    assert names(client.get("/members/?joined=2015")) == []
    assert names(client.get("/members/?joined=2024")) == ["Example Early Elsewhere"]
    listed = Organization.objects.for_listing().get(pk=early.pk)
    assert listed.first_joined_on == datetime.date(2024, 5, 1)
    html = client.get(early.get_absolute_url()).content.decode()
    assert "2015" in html  # The other membership is still shown on its page.
