"""The sourced seed data loads and holds the facts of the article, and no more."""

import datetime

import pytest
from django.core.management import call_command

from registry.installation import load_seed_data
from registry.models import (
    Award,
    Event,
    Organization,
    Program,
    Recognition,
    ReportedFigure,
    Sector,
)
from registry.search.names import build_search_key

pytestmark = pytest.mark.django_db

EXEMPLARS = {
    "Microsoft AI & IoT Insider Lab",
    "FUJIFILM Business Innovation (China)",
    "COMAC Innovation Valley",
    "ChemExpress Shanghai R&D Center",
    "Nokia Shanghai Bell OpenX Lab",
}
INCUBATORS = {"Plug and Play Shanghai", "XNode", "CAS Star Shanghai"}
INSTITUTIONS = {
    "Tsung-Dao Lee Institute",
    "Shanghai Yangtze Delta Innovation Institute",
    "International Human Phenome Institute (Shanghai)",
    "WLA Laboratories",
}
PARENTS = {
    "Microsoft",
    "Commercial Aircraft Corporation of China",
    "ChemExpress",
    "Nokia Shanghai Bell",
}


def recipients(award_slug):
    return set(
        Recognition.objects.filter(award__slug=award_slug, year=2024).values_list(
            "organization__name_en", flat=True
        )
    )


def test_seed_loads_only_into_an_empty_registry(seed_with_history):
    assert load_seed_data() is False
    assert Organization.objects.count() == 16


def test_every_organization_is_named_by_the_article_or_is_a_named_parent(
    seed_with_history,
):
    names = set(Organization.objects.values_list("name_en", flat=True))
    assert names == EXEMPLARS | INCUBATORS | INSTITUTIONS | PARENTS


def test_the_five_exemplars_are_current_goi_members(seed_with_history):
    goi = Program.objects.get(code="GOI")
    members = Organization.objects.current_members(goi).values_list(
        "name_en", flat=True
    )
    assert set(members) == EXEMPLARS
    assert recipients("goi-exemplar") == EXEMPLARS


def test_the_named_incubators_and_institutions_are_recognized(seed_with_history):
    assert recipients("outstanding-innovation-incubator") == INCUBATORS
    assert recipients("novel-rd-institution") == INSTITUTIONS
    assert Award.objects.count() == 3
    event = Event.objects.get()
    assert (event.year, event.date) == (2024, None)
    assert Recognition.objects.exclude(event=event).count() == 0


def test_innovation_units_belong_to_their_companies(seed_with_history):
    units = Organization.objects.filter(kind=Organization.Kind.INNOVATION_UNIT)
    assert {(u.name_en, u.parent.name_en) for u in units} == {
        ("Microsoft AI & IoT Insider Lab", "Microsoft"),
        ("COMAC Innovation Valley", "Commercial Aircraft Corporation of China"),
        ("ChemExpress Shanghai R&D Center", "ChemExpress"),
        ("Nokia Shanghai Bell OpenX Lab", "Nokia Shanghai Bell"),
    }


def test_identifiers_come_from_the_public_sources(seed_with_history):
    comac = Organization.objects.get(slug="comac")
    assert comac.ror_id == "https://ror.org/05gxmms51"
    assert comac.name_zh == "中国商用飞机有限责任公司"
    chemexpress = Organization.objects.get(slug="chemexpress")
    assert (chemexpress.uscc, chemexpress.stock_code) == (
        "91310000794467963L",
        "688131",
    )
    assert Organization.objects.exclude(uscc="").count() == 1


def test_goi_launched_in_july_2021_without_an_invented_day(seed_with_history):
    goi = Program.objects.get(code="GOI")
    assert (goi.launch_year, goi.launch_month) == (2021, 7)
    assert not goi.memberships.exclude(joined_on=None).exists()


def test_the_article_figures_are_reported_figures_citing_it(seed_with_history):
    figures = dict(ReportedFigure.objects.values_list("slug", "value"))
    assert figures["goi-member-companies"] == 103
    assert figures["goi-foreign-invested-members"] == 35
    assert figures["star-market-listed-companies"] == 51
    assert figures["firm-run-rd-institutions"] == 884
    assert figures["national-key-laboratories"] == 3
    assert figures["major-scientific-facilities"] == 14
    assert set(ReportedFigure.objects.values_list("as_of", flat=True)) == {
        datetime.date(2024, 12, 1)
    }
    assert all("2024-12-01" in f.source_title for f in ReportedFigure.objects.all())


def test_the_article_sectors_are_loaded(seed_with_history):
    assert set(Sector.objects.values_list("name_en", flat=True)) == {
        "Healthcare",
        "Information technology",
        "New energy",
        "Advanced materials",
    }


def test_stored_search_keys_match_the_names(seed_with_history):
    for organization in Organization.objects.all():
        expected = build_search_key(
            organization.name_en, organization.name_zh, *organization.alias_list
        )
        assert organization.search_key == expected, organization.slug


def test_load_seed_command_reports_what_it_did(seed_with_history, capsys):
    call_command("load_seed")
    assert "already has records" in capsys.readouterr().out
