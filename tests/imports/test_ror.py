"""ROR import on the real Shanghai records of data/sources/ror-shanghai/."""

import io
import json
import zipfile

import pytest
from django.core.management import call_command

from registry.imports.ror import RorFileError, import_ror, normalized_name
from registry.installation import load_seed_data
from registry.models import Organization
from tests.factories import OrganizationFactory
from tests.sources import SOURCES

pytestmark = pytest.mark.django_db

ROR = SOURCES / "ror-shanghai"
V1 = ROR / "ror_shanghai_subset_v1schema.json"
V2 = ROR / "ror_shanghai_subset_v2schema.json"
COMAC = ROR / "named" / "ror_05gxmms51_COMAC_v2.8.json"


def files(*paths):
    return [(path.name, path.read_bytes()) for path in paths]


def chinese_labels(path) -> dict[str, str]:
    labels = {}
    for item in json.loads(path.read_text()):
        if "names" in item:
            zh = [
                n["value"]
                for n in item["names"]
                if n.get("lang") == "zh" and "label" in n["types"]
            ]
        else:
            zh = [label["label"] for label in item["labels"] if label["iso639"] == "zh"]
        if zh:
            labels[item["id"]] = zh[0]
    return labels


def test_every_shanghai_record_imports_with_its_chinese_name():
    summary = import_ror(files(V1, V2))
    records = {item["id"] for path in (V1, V2) for item in json.loads(path.read_text())}
    assert summary.created == len(records) == 201
    assert not summary.skipped
    assert Organization.objects.filter(ror_id__in=records).count() == 201
    for ror_id, name_zh in {**chinese_labels(V1), **chinese_labels(V2)}.items():
        assert Organization.objects.get(ror_id=ror_id).name_zh == name_zh
    tongji = Organization.objects.get(ror_id="https://ror.org/03rc6as71")
    assert (tongji.name_en, tongji.name_zh) == ("Tongji University", "同济大学")
    assert tongji.kind == Organization.Kind.UNIVERSITY
    assert tongji.wikidata_id == "Q16947"
    assert tongji.established_year == 1907
    assert "同濟大學" in tongji.alias_list


def test_imported_records_are_unpublished_unless_asked():
    import_ror(files(V2))
    assert not Organization.objects.published().exists()
    import_ror(files(V1), publish=True)
    assert Organization.objects.published().count() == 112


def test_running_the_same_files_again_changes_nothing():
    import_ror(files(V1, V2))
    history_rows = sum(o.history.count() for o in Organization.objects.all())
    again = import_ror(files(V1, V2))
    assert (again.created, again.updated, again.linked) == (0, 0, 0)
    assert again.unchanged == 201
    assert Organization.objects.count() == 201
    assert sum(o.history.count() for o in Organization.objects.all()) == history_rows


def test_comac_matches_the_seed_record_and_keeps_the_officers_name():
    load_seed_data()
    comac = Organization.objects.get(slug="comac")
    before = Organization.objects.count()
    summary = import_ror(files(COMAC, V2))
    assert Organization.objects.filter(ror_id="https://ror.org/05gxmms51").count() == 1
    records = {item["id"] for item in json.loads(V2.read_text())}
    assert "https://ror.org/05gxmms51" in records
    # COMAC is among the Shanghai records: every other one is new.
    assert Organization.objects.count() == before + len(records) - 1
    assert summary.created == len(records) - 1
    comac.refresh_from_db()
    assert comac.name_zh == "中国商用飞机有限责任公司"
    assert comac.is_published  # the seed's published record stays public
    assert ("https://ror.org/05gxmms51", "name_en") in summary.kept
    assert comac.wikidata_id == "Q1115363"


def test_hand_edited_fields_are_kept_and_reported_unless_overwrite():
    import_ror(files(V2))
    tongji = Organization.objects.get(ror_id="https://ror.org/03rc6as71")
    tongji.name_en = "Tongji University (Shanghai)"
    tongji.save()
    summary = import_ror(files(V2))
    tongji.refresh_from_db()
    assert tongji.name_en == "Tongji University (Shanghai)"
    assert ("https://ror.org/03rc6as71", "name_en") in summary.kept
    import_ror(files(V2), overwrite=True)
    tongji.refresh_from_db()
    assert tongji.name_en == "Tongji University"


def test_a_name_match_with_another_ror_id_is_reported_not_merged():
    OrganizationFactory(
        name_en="TONGJI  University", ror_id="https://ror.org/05gxmms51"
    )
    summary = import_ror(files(V2))
    assert any(
        ror_id == "https://ror.org/03rc6as71" and "not merged" in why
        for ror_id, why in summary.skipped
    )
    assert not Organization.objects.filter(ror_id="https://ror.org/03rc6as71").exists()


def test_a_name_match_without_ror_id_is_the_same_record():
    existing = OrganizationFactory(name_en="", name_zh="同济大学", kind="university")
    import_ror(files(V2))
    existing.refresh_from_db()
    assert existing.ror_id == "https://ror.org/03rc6as71"
    assert normalized_name("Ｔｏｎｇｊｉ  University") == "tongji university"


def test_parents_and_children_are_linked_across_files_and_runs():
    import_ror(files(V2))
    summary = import_ror(
        files(
            ROR / "named" / "ror_00729wd66_SKL_Civil_Aircraft_Flight_Sim_v1.41.json",
            COMAC,
        )
    )
    lab = Organization.objects.get(ror_id="https://ror.org/00729wd66")
    assert lab.parent.ror_id == "https://ror.org/05gxmms51"
    assert summary.linked >= 1
    assert Organization.objects.filter(parent__isnull=False).count() >= 1


def test_a_dump_zip_and_a_dry_run():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as dump:
        dump.writestr("v2.0-ror-data_schema_v2.json", V2.read_bytes())
        dump.writestr("v2.0-ror-data.json", V1.read_bytes())
    content = [("dump.zip", archive.getvalue())]
    preview = import_ror(content, dry_run=True)
    assert preview.created == 89
    assert not Organization.objects.exists()
    import_ror(content)
    assert Organization.objects.count() == 89


@pytest.mark.parametrize("content", [b"not json", b'{"a": 1}', b"PK\x03\x04junk"])
def test_files_that_are_not_ror_records_are_refused(content):
    with pytest.raises(RorFileError):
        import_ror([("bad.json", content)])
    assert not Organization.objects.exists()


def test_the_command_prints_a_summary(tmp_path):
    out = io.StringIO()
    call_command("import_ror", str(V1), str(V2), stdout=out)
    assert "201 created, 0 updated, 0 unchanged, 0 skipped" in out.getvalue()
    out = io.StringIO()
    call_command("import_ror", str(V1), "--dry-run", stdout=out)
    assert "0 created, 0 updated, 112 unchanged" in out.getvalue()
    assert (
        Organization.objects.get(ror_id="https://ror.org/01hv94n30")
        .history.latest()
        .history_source
        == "import"
    )
