"""What a page says about itself: its meta description and its breadcrumbs,
and counts that say "Not recorded" rather than a 0 that means "unknown"."""

import html as html_module
import re

import pytest
from django.utils import translation

from registry.models import Membership, Organization
from tests.factories import MembershipFactory, OrganizationFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def description(response) -> str:
    found = re.findall(
        r'<meta name="description" content="([^"]*)">', response.content.decode()
    )
    assert len(found) == 1
    return html_module.unescape(found[0])


def path_of(record) -> str:
    """The record's English address (a request leaves its language active)."""
    with translation.override("en"):
        return record.get_absolute_url()


def breadcrumbs(response) -> list[str]:
    html = response.content.decode()
    nav = re.search(r'<nav class="breadcrumbs"[^>]*>(.*?)</nav>', html, re.S)
    assert nav, "the page has breadcrumbs"
    return re.findall(r'<a href="([^"]+)"', nav.group(1))


# Meta descriptions ------------------------------------------------------------


@pytest.fixture
def records(db):
    program = ProgramFactory()
    firm = OrganizationFactory(
        name_en="Harbour Robotics",
        name_zh="港湾机器人",
        kind=Organization.Kind.ENTERPRISE,
        district="pudong",
    )
    MembershipFactory(organization=firm, program=program)
    institute = OrganizationFactory(
        name_en="Lingang Materials Lab",
        name_zh="临港材料实验室",
        kind=Organization.Kind.RD_INSTITUTION,
        district="xuhui",
    )
    return firm, institute


def test_organization_description_names_it_its_kind_and_district(client, records):
    firm, institute = records
    english = description(client.get(path_of(firm)))
    assert "Harbour Robotics" in english
    assert "Enterprise" in english or "enterprise" in english
    assert "Pudong New Area" in english

    chinese = description(client.get("/zh-hans" + path_of(firm)))
    assert "港湾机器人" in chinese
    assert "企业" in chinese
    assert "浦东新区" in chinese
    assert "Pudong" not in chinese

    other = description(client.get(path_of(institute)))
    assert "Lingang Materials Lab" in other
    assert "Xuhui" in other
    assert other != english


def test_each_list_and_the_home_page_describe_themselves(client, records):
    seen = {}
    for path in ("/", "/members/", "/institutions/", "/awards/"):
        for prefix in ("", "/zh-hans"):
            seen[prefix + path] = description(client.get(prefix + path))
    assert len(set(seen.values())) == len(seen), seen
    assert "Group Open Innovation" in seen["/"]
    assert "Group Open Innovation" in seen["/members/"]


# Breadcrumbs --------------------------------------------------------------------


def test_institution_breadcrumbs_lead_to_the_institutions(client, records):
    _firm, institute = records
    for prefix in ("", "/zh-hans"):
        response = client.get(prefix + path_of(institute))
        assert breadcrumbs(response) == [f"{prefix}/", f"{prefix}/institutions/"]


def test_current_member_breadcrumbs_lead_to_the_members(client, records):
    firm, _institute = records
    for prefix in ("", "/zh-hans"):
        response = client.get(prefix + path_of(firm))
        assert breadcrumbs(response) == [f"{prefix}/", f"{prefix}/members/"]


def test_an_organization_that_is_not_a_member_has_only_home(client, records):
    program = ProgramFactory()
    other_program = ProgramFactory(code="OTHER", slug="other", name_en="Other")
    never = OrganizationFactory(kind=Organization.Kind.ENTERPRISE)
    former = OrganizationFactory(kind=Organization.Kind.ENTERPRISE)
    MembershipFactory(
        organization=former, program=program, status=Membership.Status.ENDED
    )
    elsewhere = OrganizationFactory(kind=Organization.Kind.INNOVATION_UNIT)
    MembershipFactory(organization=elsewhere, program=other_program)
    for organization in (never, former, elsewhere):
        for prefix in ("", "/zh-hans"):
            response = client.get(prefix + path_of(organization))
            assert breadcrumbs(response) == [f"{prefix}/"], organization


# "Not recorded" ---------------------------------------------------------------------


def foreign_members_figure(response) -> str:
    html = response.content.decode()
    found = re.search(
        r"<dt>(?:Foreign-invested members|外资成员)</dt><dd>([^<]*)</dd>", html
    )
    assert found, "the page shows the foreign-invested members"
    return found.group(1)


def test_home_says_not_recorded_when_no_member_ownership_is_known(client, db):
    program = ProgramFactory()
    for _ in range(3):
        MembershipFactory(
            organization=OrganizationFactory(ownership=""), program=program
        )
    assert foreign_members_figure(client.get("/")) == "Not recorded"
    assert foreign_members_figure(client.get("/zh-hans/")) == "未记录"
    assert foreign_members_figure(client.get("/programs/goi/")) == "Not recorded"


def test_home_gives_a_number_when_ownership_is_known(client, db):
    program = ProgramFactory()
    MembershipFactory(
        organization=OrganizationFactory(ownership=Organization.Ownership.FOREIGN),
        program=program,
    )
    MembershipFactory(
        organization=OrganizationFactory(ownership=Organization.Ownership.DOMESTIC),
        program=program,
    )
    MembershipFactory(organization=OrganizationFactory(ownership=""), program=program)
    assert foreign_members_figure(client.get("/")) == "1"
    assert foreign_members_figure(client.get("/zh-hans/")) == "1"


def test_no_foreign_member_among_known_ownerships_is_a_zero(client, db):
    program = ProgramFactory()
    MembershipFactory(
        organization=OrganizationFactory(ownership=Organization.Ownership.DOMESTIC),
        program=program,
    )
    assert foreign_members_figure(client.get("/")) == "0"
