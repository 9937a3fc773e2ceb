"""The public pages, in English and in Chinese."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.utils import timezone, translation

from registry.models import Membership, Organization
from tests.factories import (
    AwardFactory,
    EventFactory,
    MembershipFactory,
    OrganizationFactory,
    ProgramFactory,
    RecognitionFactory,
    ReportedFigureFactory,
    SectorFactory,
    member,
)

pytestmark = pytest.mark.django_db

GOI_EXEMPLARS = [
    "ChemExpress Shanghai R&D Center",
    "COMAC Innovation Valley",
    "FUJIFILM Business Innovation (China)",
    "Microsoft AI & IoT Insider Lab",
    "Nokia Shanghai Bell OpenX Lab",
]


def card_titles(response) -> list[str]:
    return [organization.name for organization in response.context["object_list"]]


def body(response) -> bytes:
    """The whole response, streamed or not."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body(response).decode("utf-8-sig"))))


# Every page, in both languages -------------------------------------------------

SEED_PAGES = [
    ("/", "Pudong Innovation Registry", "浦东创新名录"),
    ("/members/", "Members", "成员"),
    ("/institutions/", "Institutions", "机构"),
    (
        "/organizations/tsung-dao-lee-institute/",
        "Tsung-Dao Lee Institute",
        "李政道研究所",
    ),
    ("/awards/", "Awards", "奖项"),
    ("/awards/goi-exemplar/", "GOI Exemplar", "GOI Exemplar"),
    (
        "/events/pudong-innovation-entrepreneurship-conference-2024/",
        "2024 Pudong Innovation and Entrepreneurship Conference",
        "2024 Pudong Innovation and Entrepreneurship Conference",
    ),
    ("/programs/goi/", "Group Open Innovation", "Group Open Innovation"),
]


@pytest.mark.parametrize(("path", "english", "chinese"), SEED_PAGES)
def test_every_page_shows_in_english_and_in_chinese(
    client, seed, path, english, chinese
):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert english in html
    assert "Skip to content" in html

    response = client.get(f"/zh-hans{path}")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-Hans">' in html
    assert chinese in html
    assert "跳到正文" in html


@pytest.mark.parametrize(("path", "english", "chinese"), SEED_PAGES)
def test_language_switch_leads_to_the_same_page(client, seed, path, english, chinese):
    html = client.get(f"{path}?q=x").content.decode()
    assert f'class="lang-switch" href="/zh-hans{path}?q=x"' in html
    html = client.get(f"/zh-hans{path}?q=x").content.decode()
    assert f'class="lang-switch" href="{path}?q=x"' in html


def test_members_page_lists_the_five_goi_exemplars(client, seed):
    response = client.get("/members/")
    assert sorted(card_titles(response), key=str.lower) == GOI_EXEMPLARS
    assert "5 organizations found" in response.content.decode()


def test_chinese_members_page_shows_the_same_members_in_chinese(client, seed):
    response = client.get("/zh-hans/members/")
    html = response.content.decode()
    assert len(response.context["object_list"]) == 5
    assert "富士胶片商业创新（中国）有限公司" in html
    assert "FUJIFILM Business Innovation (China)" in html  # the other name, beneath
    assert "ChemExpress Shanghai R&amp;D Center" in html  # no Chinese name: English
    assert "共5个组织" in html
    assert "GOI 典范" not in html  # award names are records, not interface text


def test_institutions_page_lists_incubators_and_rd_institutions(client, seed):
    response = client.get("/institutions/")
    assert len(response.context["object_list"]) == 7
    assert {o.kind for o in response.context["object_list"]} == {
        "incubator",
        "rd_institution",
    }


def test_organization_page_shows_what_the_registry_knows(client, seed):
    html = client.get("/organizations/comac/").content.decode()
    assert "中国商用飞机有限责任公司" in html
    assert "COMAC" in html  # alias
    assert 'href="https://ror.org/05gxmms51"' in html
    assert 'href="https://www.wikidata.org/wiki/Q1115363"' in html
    assert 'href="http://english.comac.cc/"' in html
    assert 'href="/organizations/comac-innovation-valley/"' in html  # its unit
    assert "Last updated: " in html

    html = client.get("/organizations/comac-innovation-valley/").content.decode()
    assert 'href="/organizations/comac/"' in html  # its parent
    assert "GOI Exemplar" in html and "2024" in html
    assert "Membership history" in html and "Active" in html


def test_organization_page_shows_sectors_ownership_and_membership_dates(client):
    sector = SectorFactory(slug="healthcare", name_en="Healthcare", name_zh="医疗健康")
    firm = OrganizationFactory(
        name_en="Example Firm A",
        ownership=Organization.Ownership.FOREIGN,
        investor_country="US",
        sectors=[sector],
    )
    MembershipFactory(organization=firm, joined_on=datetime.date(2022, 3, 1))
    html = client.get(firm.get_absolute_url()).content.decode()
    assert "Healthcare" in html and "Foreign-invested (US)" in html
    assert 'datetime="2022-03-01"' in html
    html = client.get(f"/zh-hans{firm.get_absolute_url()}").content.decode()
    assert "医疗健康" in html and "外资" in html


def test_award_page_lists_recipients_by_year(client):
    award = AwardFactory(name_en="Example Award", slug="example-award")
    RecognitionFactory(
        award=award, year=2023, organization=OrganizationFactory(name_en="Firm 2023")
    )
    RecognitionFactory(
        award=award, year=2024, organization=OrganizationFactory(name_en="Firm 2024")
    )
    html = client.get("/awards/example-award/").content.decode()
    assert html.index(">2024</h3>") < html.index("Firm 2024") < html.index(">2023</h3>")
    assert html.index(">2023</h3>") < html.index("Firm 2023")


def test_event_page_lists_what_was_given_there(client, seed):
    html = client.get(
        "/events/pudong-innovation-entrepreneurship-conference-2024/"
    ).content.decode()
    for name in ["Outstanding Innovation Incubator", "CAS Star Shanghai", "XNode"]:
        assert name in html


def test_program_page_draws_charts_with_tables(client):
    program = ProgramFactory()
    health = SectorFactory(name_en="Healthcare", name_zh="医疗健康")
    for year, ownership in [(2021, "foreign"), (2022, "domestic"), (2022, "")]:
        firm = OrganizationFactory(ownership=ownership, sectors=[health])
        MembershipFactory(
            organization=firm, program=program, joined_on=datetime.date(year, 5, 1)
        )
    award = AwardFactory(program=program)
    RecognitionFactory(award=award, year=2024)
    ReportedFigureFactory(program=program, label_en="GOI member companies", value=103)

    response = client.get("/programs/goi/")
    html = response.content.decode()
    assert html.count("<svg") == 4
    assert html.count('role="img"') == 4
    assert html.count("<table") == 4
    charts = {chart.slug: chart for chart in response.context["charts"]}
    assert [(b.label, b.value) for b in charts["sectors"].bars] == [("Healthcare", 3)]
    assert [(b.label, b.value, b.percent) for b in charts["ownership"].bars] == [
        ("Domestic", 1, 33),
        ("Foreign-invested", 1, 33),
        ("Joint venture", 0, 0),
        ("Not recorded", 1, 33),
    ]
    assert [(b.label, b.value) for b in charts["joined"].bars] == [
        ("2021", 1),
        ("2022", 2),
    ]
    assert [(b.label, b.value) for b in charts["recognitions"].bars] == [("2024", 1)]
    # Counts from the registry and reported figures, each labelled.
    assert "In this registry" in html and "Reported by sources" in html
    assert "GOI member companies" in html and "103" in html
    assert "News report, 2024-12-01" in html


def test_links_to_records_follow_the_language_of_each_page(client):
    program = ProgramFactory()
    firm = OrganizationFactory(slug="link-firm", name_en="Link Firm")
    MembershipFactory(organization=firm, program=program)
    for _ in range(2):  # the second time from the kept shapes of the URLs
        english = client.get("/members/").content.decode()
        chinese = client.get("/zh-hans/members/").content.decode()
        assert 'href="/organizations/link-firm/"' in english
        assert 'href="/zh-hans/organizations/link-firm/"' in chinese
        assert "/zh-hans/organizations/" not in english
    api = client.get("/api/v1/organizations/link-firm/").json()
    assert api["html_url"] == "http://testserver/organizations/link-firm/"
    assert api["api_url"] == "http://testserver/api/v1/organizations/link-firm/"


def test_each_filter_counts_its_own_list_whatever_the_order_or_language(client):
    program = ProgramFactory()
    chips = SectorFactory(slug="chips", name_en="Chips")
    health = SectorFactory(slug="health", name_en="Health")
    for n, sectors in enumerate([[chips], [chips, health], [health], []]):
        firm = OrganizationFactory(name_en=f"Count Firm {n}", sectors=sectors)
        MembershipFactory(organization=firm, program=program)

    def count(path):
        return client.get(path).context["paginator"].count

    assert count("/members/") == 4
    assert count("/members/?sector=chips") == 2
    assert count("/members/?sector=chips&ordering=-name") == 2
    assert count("/zh-hans/members/?sector=chips&ordering=-joined") == 2
    assert count("/members/?sector=health") == 2
    assert count("/members/?sector=health&q=firm+2") == 1
    assert count("/institutions/?sector=chips") == 0
    OrganizationFactory(name_en="Count Firm 9", sectors=[chips]).memberships.create(
        program=program
    )
    assert count("/members/?sector=chips&ordering=-name") == 3


def test_program_charts_count_each_current_member_once_per_sector(client):
    program = ProgramFactory()
    other = ProgramFactory(code="OTHER", slug="other", name_en="Other Program")
    health = SectorFactory(name_en="Healthcare", name_zh="医疗健康")
    chips = SectorFactory(name_en="Chips", name_zh="芯片")
    both = OrganizationFactory(ownership="foreign", sectors=[health, chips])
    MembershipFactory(organization=both, program=program)  # date not recorded
    MembershipFactory(organization=both, program=other, joined_on="2020-01-01")
    none = OrganizationFactory(ownership="domestic", sectors=[])
    MembershipFactory(organization=none, program=program, joined_on="2023-02-01")
    not_counted = [
        MembershipFactory(program=program, status=Membership.Status.SUSPENDED),
        MembershipFactory(
            program=program, status=Membership.Status.ENDED, left_on="2024-01-01"
        ),
        MembershipFactory(
            program=program, organization=OrganizationFactory(is_published=False)
        ),
        MembershipFactory(program=other),
    ]
    for membership in not_counted:
        membership.organization.sectors.add(health)

    response = client.get("/programs/goi/")
    charts = {chart.slug: chart for chart in response.context["charts"]}
    assert response.context["counts"]["members"] == 2
    assert response.context["counts"]["foreign_members"] == 1
    assert [(b.label, b.value) for b in charts["sectors"].bars] == [
        ("Chips", 1),
        ("Healthcare", 1),
        ("No sector recorded", 1),
    ]
    assert [(b.label, b.value) for b in charts["ownership"].bars] == [
        ("Domestic", 1),
        ("Foreign-invested", 1),
        ("Joint venture", 0),
    ]
    assert [(b.label, b.value) for b in charts["joined"].bars] == [
        ("2023", 1),
        ("Date not recorded", 1),
    ]
    chinese = client.get("/zh-hans/programs/goi/").context["charts"]
    assert [b.label for b in chinese[0].bars] == ["芯片", "医疗健康", "未记录行业"]


def test_home_page_sets_counts_beside_reported_figures(client, seed):
    response = client.get("/")
    assert response.context["counts"] == {
        "members": 5,
        # The seed records no member's ownership: not known, rather than none.
        "foreign_members": None,
        "institutions": 7,
        "recognitions": 12,
    }
    html = response.content.decode()
    assert "103" in html and "As of Dec. 1, 2024" in html
    assert "News report on Pudong" in html
    assert 'href="/apply/"' in html
    assert 'href="/zh-hans/apply/"' in client.get("/zh-hans/").content.decode()


def test_each_reported_figure_shows_its_date_and_source(client):
    ReportedFigureFactory(label_en="Example figure A", as_of="2024-12-01")
    ReportedFigureFactory(label_en="Example figure B", as_of="2023-06-30")
    ReportedFigureFactory(
        label_en="Example figure C",
        source_title="Example yearbook",
        source_url="https://example.org/yearbook",
    )
    html = client.get("/").content.decode()
    assert html.count("As of Dec. 1, 2024.") == 2  # once per source
    assert "As of June 30, 2023." in html  # figure B differs from its group
    assert "Source: News report, 2024-12-01" in html
    assert (
        '<a href="https://example.org/yearbook" rel="external">Example yearbook</a>'
        in html
    )


def test_home_page_says_when_applications_are_closed(client):
    ProgramFactory(accepts_applications=False)
    html = client.get("/").content.decode()
    assert "not accepting applications" in html
    # The navigation still leads to /apply/, which says so too; the call-out
    # does not invite anyone to apply.
    callout = html.split('aria-labelledby="apply"', 1)[1].split("</section>", 1)[0]
    assert 'href="/apply/"' not in callout


# Filters, sorting and paging ---------------------------------------------------


@pytest.fixture
def catalogue(db):
    """Members and institutions that differ in every filtered attribute."""
    health = SectorFactory(slug="healthcare", name_en="Healthcare")
    energy = SectorFactory(slug="new-energy", name_en="New energy")
    award = AwardFactory(slug="example-award")
    alpha = member(
        name_en="Alpha Example Firm",
        ownership=Organization.Ownership.FOREIGN,
        sectors=[health],
    )
    beta = member(
        name_en="Beta Example Firm",
        kind=Organization.Kind.INNOVATION_UNIT,
        ownership=Organization.Ownership.DOMESTIC,
        sectors=[energy],
    )
    gamma = member(name_en="Gamma Example Firm", sectors=[health, energy])
    Membership.objects.filter(organization=alpha).update(
        joined_on=datetime.date(2021, 7, 1)
    )
    Membership.objects.filter(organization=beta).update(
        joined_on=datetime.date(2023, 1, 9)
    )
    RecognitionFactory(award=award, organization=beta)
    incubator = OrganizationFactory(
        name_en="Example Incubator", kind=Organization.Kind.INCUBATOR, sectors=[health]
    )
    RecognitionFactory(award=award, organization=incubator)
    return {"alpha": alpha, "beta": beta, "gamma": gamma, "incubator": incubator}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Alpha Example Firm", "Beta Example Firm", "Gamma Example Firm"]),
        ("sector=healthcare", ["Alpha Example Firm", "Gamma Example Firm"]),
        ("sector=new-energy", ["Beta Example Firm", "Gamma Example Firm"]),
        ("kind=innovation_unit", ["Beta Example Firm"]),
        ("ownership=foreign", ["Alpha Example Firm"]),
        ("ownership=domestic", ["Beta Example Firm"]),
        ("award=example-award", ["Beta Example Firm"]),
        ("joined=2021", ["Alpha Example Firm"]),
        ("joined=2022", []),
        ("q=gamma", ["Gamma Example Firm"]),
        (
            "q=EXAMPLE+firm",
            ["Alpha Example Firm", "Beta Example Firm", "Gamma Example Firm"],
        ),
        ("sector=healthcare&ownership=foreign", ["Alpha Example Firm"]),
        (
            "ordering=-name",
            ["Gamma Example Firm", "Beta Example Firm", "Alpha Example Firm"],
        ),
        (
            "ordering=joined",
            ["Alpha Example Firm", "Beta Example Firm", "Gamma Example Firm"],
        ),
        (
            "ordering=-joined",
            ["Beta Example Firm", "Alpha Example Firm", "Gamma Example Firm"],
        ),
    ],
)
def test_member_filters(client, catalogue, query, expected):
    response = client.get(f"/members/?{query}")
    assert response.status_code == 200
    assert card_titles(response) == expected


def test_member_cards_say_when_the_member_joined(client, catalogue):
    html = client.get("/members/").content.decode()
    assert "Member since July 1, 2021" in html
    assert "Date joined not recorded" in html  # Gamma
    html = client.get("/zh-hans/members/").content.decode()
    assert "2021年7月1日起为成员" in html


def test_institutions_sort_by_name_only(client, catalogue):
    html = client.get("/institutions/").content.decode()
    assert '<option value="-name">' in html
    assert "Joined, newest first" not in html
    response = client.get("/institutions/?ordering=-joined")
    assert response.status_code == 400


def test_institution_filters(client, catalogue):
    response = client.get("/institutions/?sector=healthcare&award=example-award")
    assert card_titles(response) == ["Example Incubator"]
    response = client.get("/institutions/?kind=rd_institution")
    assert card_titles(response) == []
    assert "No organization matches these filters." in response.content.decode()


def test_filtered_view_is_in_the_url_and_the_form_keeps_it(client, catalogue):
    html = client.get("/members/?sector=healthcare&q=alpha").content.decode()
    assert '<option value="healthcare" selected>' in html
    assert 'value="alpha"' in html
    assert 'href="?sector=healthcare&amp;q=alpha&amp;format=csv"' in html


def test_chinese_names_sort_in_chinese_pages(client):
    member(name_en="A Example Firm", name_zh="乙公司")
    member(name_en="B Example Firm", name_zh="甲公司")
    assert card_titles(client.get("/members/")) == ["A Example Firm", "B Example Firm"]
    with translation.override("zh-hans"):
        titles = card_titles(client.get("/zh-hans/members/"))
        assert titles == sorted(["乙公司", "甲公司"])


def test_list_is_paged_with_a_visible_count(client):
    for n in range(30):
        member(name_en=f"Example Firm {n:02d}")
    first = client.get("/members/")
    assert len(first.context["object_list"]) == 25
    html = first.content.decode()
    assert "30 organizations found, showing 1–25" in html
    assert 'href="?page=2" rel="next"' in html
    second = client.get("/members/?page=2")
    assert card_titles(second) == [f"Example Firm {n:02d}" for n in range(25, 30)]
    assert "showing 26–30" in second.content.decode()


# CSV -----------------------------------------------------------------------------


def test_csv_holds_exactly_the_filtered_rows_with_a_bom(client, catalogue):
    response = client.get("/members/?sector=healthcare&format=csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="goi-members-'
    )
    content = body(response)
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Name (English)", "Name (Chinese)", "Kind"]
    assert [row[0] for row in rows[1:]] == ["Alpha Example Firm", "Gamma Example Firm"]
    assert rows[1][3] == "Foreign-invested"
    assert rows[1][5] == "2021-07-01"
    assert rows[1][-1] == f"http://testserver{catalogue['alpha'].get_absolute_url()}"


def test_csv_holds_every_row_not_one_page(client):
    for n in range(30):
        member(name_en=f"Example Firm {n:02d}")
    rows = csv_rows(client.get("/members/?format=csv&page=2"))
    assert len(rows) == 1 + 30


def test_csv_in_chinese_keeps_chinese_names_readable(client):
    member(name_en="Example Firm", name_zh="示例公司")
    response = client.get("/zh-hans/members/?format=csv")
    rows = csv_rows(response)
    assert rows[0][:2] == ["英文名称", "中文名称"]
    assert rows[1][:3] == ["Example Firm", "示例公司", "企业"]


def test_csv_cells_never_start_a_formula(client):
    member(name_en="=HYPERLINK(1)")
    rows = csv_rows(client.get("/members/?format=csv"))
    assert rows[1][0] == "'=HYPERLINK(1)"


def test_institutions_csv(client, catalogue):
    rows = csv_rows(client.get("/institutions/?format=csv"))
    assert [row[0] for row in rows[1:]] == ["Example Incubator"]


# Bad input -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("sector=no-such-sector", "Select a valid choice"),
        ("kind=spaceship", "Select a valid choice"),
        ("ownership=unknown", "Select a valid choice"),
        ("award=no-such-award", "Select a valid choice"),
        ("joined=abc", "Enter a number"),
        ("joined=1066", "greater than or equal to 1990"),
        ("ordering=price", "Select a valid choice"),
        ("q=" + "x" * 10000, "at most 100 characters"),
        ("q=%00", "Null characters are not allowed"),
        ("joined=NaN", "Enter a number"),
        ("joined=1e400", "less than or equal to 2100"),
        ("format=xml", "Unknown format"),
    ],
)
def test_bad_filter_values_give_400_with_a_clear_message(
    client, catalogue, query, message
):
    for path in ("/members/", "/institutions/"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 400
        html = response.content.decode()
        assert message in html
        assert 'role="alert"' in html
        assert "Alpha Example Firm" not in html


def test_bad_filter_values_on_csv_give_400(client, catalogue):
    response = client.get("/members/?format=csv&sector=nope")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


def test_bad_filter_message_is_translated(client, catalogue):
    html = client.get("/zh-hans/members/?kind=spaceship").content.decode()
    assert "无法按这些条件显示列表" in html


@pytest.mark.parametrize("page", ["abc", "99999", "0", "-1", "1.5", "%00"])
def test_bad_page_numbers_give_404_with_a_clear_message(client, catalogue, page):
    response = client.get(f"/members/?page={page}")
    assert response.status_code == 404
    assert "There is no such page. This list has 1 page(s)." in (
        response.content.decode()
    )


def test_odd_query_strings_do_not_break_the_page(client, catalogue):
    for q in ["%", "_", "\\", "' OR 1=1 --", "<script>", "\u200b", "🙂", "  "]:
        response = client.get("/members/", {"q": q})
        assert response.status_code == 200
        assert "<script>" not in response.content.decode().split("</form>")[1]


@pytest.mark.parametrize(
    "path",
    [
        "/organizations/no-such-firm/",
        "/awards/no-such-award/",
        "/events/no-such-event/",
        "/programs/no-such-program/",
        "/no-such-page/",
    ],
)
def test_unknown_slugs_give_a_friendly_404_in_both_languages(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "We cannot find that page" in response.content.decode()
    response = client.get(f"/zh-hans{path}")
    assert response.status_code == 404
    assert "找不到这个页面" in response.content.decode()


def test_server_error_page_in_both_languages():
    with translation.override("en"):
        html = render_to_string("500.html")
    assert "Something went wrong on our side" in html
    with translation.override("zh-hans"):
        html = render_to_string("500.html")
    assert "我们这边出了问题" in html
    assert '<html lang="zh-Hans">' in html


# Visibility ------------------------------------------------------------------------


@pytest.fixture
def hidden(db):
    """A published member with an embargoed award, and an unpublished member."""
    program = ProgramFactory()
    award = AwardFactory(slug="example-award", name_en="Example Award", program=program)
    event = EventFactory(slug="example-event")
    visible = member(name_en="Visible Example Firm")
    secret = member(name_en="Unpublished Example Firm", is_published=False)
    RecognitionFactory(award=award, organization=secret, event=event, year=2023)
    RecognitionFactory(
        award=award,
        organization=visible,
        event=event,
        year=2025,
        publish_at=timezone.now() + datetime.timedelta(days=30),
    )
    return {"visible": visible, "secret": secret}


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/members/",
        "/members/?format=csv",
        "/institutions/",
        "/awards/",
        "/awards/example-award/",
        "/events/example-event/",
        "/programs/goi/",
        "/sitemap.xml",
    ],
)
def test_unpublished_organization_and_embargoed_recognition_appear_nowhere(
    client, hidden, path
):
    prefixes = [""] if path == "/sitemap.xml" else ["", "/zh-hans"]
    for prefix in prefixes:
        response = client.get(f"{prefix}{path}")
        assert response.status_code == 200
        text = body(response).decode()
        assert "Unpublished Example Firm" not in text
        assert "unpublished-example-firm" not in text
        assert "2025" not in text


def test_hidden_records_do_not_count(client, hidden):
    assert client.get("/").context["counts"] == {
        "members": 1,
        "foreign_members": None,  # its ownership is not recorded
        "institutions": 0,
        "recognitions": 0,
    }
    awards = client.get("/awards/").context["awards"]
    assert [award.recognition_count for award in awards] == [0]
    charts = {c.slug: c for c in client.get("/programs/goi/").context["charts"]}
    assert charts["sectors"].total == 1
    assert charts["recognitions"].bars == []
    member_page = client.get("/members/")
    assert card_titles(member_page) == ["Visible Example Firm"]
    assert "Example Award 2025" not in member_page.content.decode()


def test_unpublished_organization_page_is_404(client, hidden):
    assert client.get(hidden["secret"].get_absolute_url()).status_code == 404
    html = client.get(hidden["visible"].get_absolute_url()).content.decode()
    assert "Example Award" not in html


def test_recognition_shows_once_its_embargo_ends(client, hidden):
    from registry.models import Recognition

    Recognition.objects.filter(year=2025).update(
        publish_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert "2025" in client.get("/awards/example-award/").content.decode()


def test_unpublished_parent_is_not_shown_on_its_unit(client):
    parent = OrganizationFactory(name_en="Hidden Parent Firm", is_published=False)
    unit = member(name_en="Example Unit", parent=parent)
    assert (
        "Hidden Parent Firm" not in client.get(unit.get_absolute_url()).content.decode()
    )
    assert "Hidden Parent Firm" not in client.get("/members/").content.decode()
    assert "Hidden Parent Firm" not in body(client.get("/members/?format=csv")).decode()


# Search engines --------------------------------------------------------------------


def test_sitemap_lists_public_pages_in_both_languages(client, seed):
    xml = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/organizations/cas-star-shanghai/" in xml
    assert "http://testserver/zh-hans/organizations/cas-star-shanghai/" in xml
    assert "http://testserver/awards/goi-exemplar/" in xml
    assert "http://testserver/programs/goi/" in xml
    assert "http://testserver/zh-hans/members/" in xml
    assert 'hreflang="zh-hans"' in xml


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain"
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_pages_use_only_local_assets(client, seed):
    html = client.get("/").content.decode()
    assert 'href="/static/registry/site.css"' in html
    assert 'href="/static/registry/favicon.svg"' in html
    for tag in ("<script", "//fonts.", "cdn"):
        assert tag not in html


# Query counts ------------------------------------------------------------------------


def build_registry(size: int):
    """`size` members and institutions, with sectors, parents and recognitions."""
    program = ProgramFactory()
    sectors = [SectorFactory(slug=f"example-sector-{n}") for n in range(3)]
    award = AwardFactory(slug="example-award", program=program)
    event = EventFactory(slug="example-event", program=program)
    parent = OrganizationFactory(name_en="Example Parent Firm", slug="example-parent")
    for n in range(size):
        firm = OrganizationFactory(
            parent=parent, sectors=sectors[: n % 3 + 1], ownership="foreign"
        )
        MembershipFactory(
            organization=firm,
            program=program,
            joined_on=datetime.date(2021 + n % 4, 1, 1),
        )
        RecognitionFactory(award=award, organization=firm, event=event)
        institution = OrganizationFactory(kind="incubator", sectors=sectors[:1])
        RecognitionFactory(award=award, organization=institution, event=event)
        ReportedFigureFactory(program=program)
        OrganizationFactory(parent=parent, is_published=n % 2 == 0)


QUERY_COUNT_PAGES = [
    # Every HTML page also looks up the main program for its navigation, and
    # the registry's version, which names the cached counts and figures.
    ("/", 8),
    ("/members/", 8),
    ("/members/?sector=example-sector-0&ordering=-joined&q=firm", 9),
    ("/members/?format=csv", 5),
    ("/institutions/", 8),
    ("/institutions/?format=csv", 3),
    # One more than the page shows: the current memberships, for its JSON-LD.
    ("/organizations/example-parent/", 8),
    ("/awards/", 3),
    ("/awards/example-award/", 4),
    ("/events/example-event/", 4),
    ("/programs/goi/", 7),
    ("/sitemap.xml", 4),
]


@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize(("path", "queries"), QUERY_COUNT_PAGES)
def test_query_count_does_not_grow_with_the_rows(
    client, django_assert_max_num_queries, size, path, queries
):
    build_registry(size)
    if "format=csv" in path and connection.vendor == "postgresql":
        queries += 2  # the streamed read's transaction: a savepoint in the test's
    if "format=csv" in path and connection.vendor == "sqlite":
        queries += 1  # the streamed read asks whether SQLite maps its file
    with django_assert_max_num_queries(queries):
        response = client.get(path)
        body(response)  # a streamed download reads as it is sent
    assert response.status_code == 200
