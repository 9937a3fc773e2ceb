"""generate_demo_data: synthetic, marked, removable records that stay out of dumps."""

import json

import pytest
from django.core.management import CommandError, call_command

from registry.installation import load_seed_data
from registry.models import Membership, Organization, Recognition, Sector
from registry.opendata.dumps import export_dump


@pytest.fixture
def seeded(db):
    load_seed_data()
    return {
        "organizations": Organization.objects.count(),
        "memberships": Membership.objects.count(),
        "recognitions": Recognition.objects.count(),
        "sectors": Sector.objects.count(),
    }


def generate(n, *args):
    call_command("generate_demo_data", "--organizations", str(n), *args, verbosity=0)


def test_refuses_with_debug_off_unless_allowed(seeded, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="allow-production"):
        generate(10)
    assert Organization.objects.count() == seeded["organizations"]
    generate(10, "--allow-production")
    assert Organization.objects.synthetic().count() == 10


def test_makes_marked_organizations_half_of_them_current_members(seeded, settings):
    settings.DEBUG = True
    generate(60)
    synthetic = Organization.objects.synthetic()
    assert synthetic.count() == 60
    assert Organization.objects.count() == seeded["organizations"] + 60
    members = synthetic.current_members(Membership.objects.first().program).count()
    assert members == 30
    assert all(1 <= org.sectors.count() <= 2 for org in synthetic)
    # Names in both scripts, with pinyin in the search key.
    assert synthetic.exclude(name_zh="").exclude(name_en="").exists()
    some = synthetic.exclude(name_zh="").first()
    assert some.search_key and some.name_zh in some.search_key
    assert Sector.objects.count() == seeded["sectors"]  # the real ones are used


def test_chinese_and_pinyin_searches_find_synthetic_names(seeded, settings):
    settings.DEBUG = True
    generate(300)
    zhangjiang = Organization.objects.synthetic().filter(name_zh__startswith="张江")
    assert zhangjiang.exists()
    assert set(zhangjiang) <= set(Organization.objects.search("zhangjiang"))
    assert set(zhangjiang) <= set(Organization.objects.search("張江"))


def test_remove_deletes_exactly_the_synthetic_records(seeded, settings):
    settings.DEBUG = True
    generate(80)
    assert Membership.objects.count() > seeded["memberships"]
    call_command("generate_demo_data", "--remove", verbosity=0)
    assert not Organization.objects.synthetic().exists()
    assert Organization.objects.count() == seeded["organizations"]
    assert Membership.objects.count() == seeded["memberships"]
    assert Recognition.objects.count() == seeded["recognitions"]
    assert Sector.objects.count() == seeded["sectors"]


def test_makes_its_own_marked_sectors_only_when_there_are_none(db, settings):
    from tests.factories import ProgramFactory

    settings.DEBUG = True
    ProgramFactory()
    generate(10)
    assert Sector.objects.exists()
    assert not Sector.objects.exclude_synthetic().exists()
    call_command("generate_demo_data", "--remove", verbosity=0)
    assert not Sector.objects.exists()


def test_needs_a_program(db, settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="load the seed"):
        generate(5)


def test_open_data_dump_leaves_synthetic_records_out(seeded, settings, tmp_path):
    settings.DEBUG = True
    generate(40)
    dump = export_dump(directory=tmp_path)
    assert dump.counts["organizations"] == seeded["organizations"]
    assert (
        dump.counts["memberships"]
        == Membership.objects.filter(
            organization__is_synthetic=False, organization__is_published=True
        ).count()
    )
    rows = json.loads((tmp_path / dump.version / "organizations.json").read_text())
    ids = {row["id"] for row in rows}
    assert not ids & set(Organization.objects.synthetic().values_list("pk", flat=True))
    # A benchmark asks for them explicitly.
    everything = export_dump(directory=tmp_path, include_synthetic=True)
    assert everything.counts["organizations"] == seeded["organizations"] + 40
