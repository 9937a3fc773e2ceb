"""Each open-data dump is a valid Frictionless Data Package."""

import json

import pytest
from frictionless import Package, validate

from registry.opendata import dumps as opendata
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    RecognitionFactory,
)


@pytest.fixture(autouse=True)
def dump_dir(tmp_path, settings):
    settings.REGISTRY_OPEN_DATA_DIR = tmp_path / "opendata"
    return settings.REGISTRY_OPEN_DATA_DIR


def fresh_dump(dump_dir):
    dump = opendata.export_dump()
    return dump_dir / dump.version


def test_a_fresh_dump_is_a_valid_data_package(seed, dump_dir):
    # Records that exercise the foreign keys: a unit whose parent is hidden,
    # memberships and recognitions of published organizations only.
    hidden = OrganizationFactory(name_en="Example Hidden Parent", is_published=False)
    unit = OrganizationFactory(name_en="Example Unit", parent=hidden)
    MembershipFactory(organization=unit, program__code="EX", program__slug="ex")
    RecognitionFactory(organization=unit)
    folder = fresh_dump(dump_dir)

    report = validate(folder / "datapackage.json")

    assert report.valid, report.flatten(["resourceName", "rowNumber", "type", "note"])
    assert report.stats["tasks"] == 2 * len(opendata.RESOURCES)


def test_the_package_describes_every_file_licence_and_sources(seed, dump_dir):
    folder = fresh_dump(dump_dir)
    package = json.loads((folder / "datapackage.json").read_text())
    manifest = json.loads((folder / "manifest.json").read_text())

    by_path = {resource["path"]: resource for resource in package["resources"]}
    assert set(by_path) == {f["name"] for f in manifest["files"]}
    for entry in manifest["files"]:
        assert by_path[entry["name"]]["hash"] == f"sha256:{entry['sha256']}"
        assert by_path[entry["name"]]["bytes"] == entry["bytes"]
    assert package["version"] == manifest["version"]
    assert package["created"] == manifest["generated_at"]
    assert package["licenses"][0]["path"] == manifest["licence"]["url"]
    assert {source["path"] for source in package["sources"]} == {
        "https://www.shine.cn/news/metro/2412014885/",
        "https://ror.org/",
    }
    assert package["contributors"]
    assert (folder / "SHA256SUMS").is_file()


def test_table_schemas_state_types_keys_and_references(seed, dump_dir):
    package = Package(fresh_dump(dump_dir) / "datapackage.json")

    organizations = package.get_resource("organizations").schema
    assert organizations.primary_key == ["id"]
    assert organizations.get_field("established_year").type == "integer"
    assert organizations.get_field("is_star_listed").type == "boolean"
    assert organizations.get_field("updated_at").type == "datetime"
    assert organizations.get_field("kind").constraints["required"] is True
    assert "rd_institution" in organizations.get_field("kind").constraints["enum"]
    references = {
        (name, fk["fields"][0], fk["reference"]["resource"])
        for name in ("organizations", "memberships", "recognitions")
        for fk in package.get_resource(name).schema.foreign_keys
    }
    assert {
        ("organizations", "parent", ""),
        ("memberships", "organization", "organizations"),
        ("memberships", "program", "programs"),
        ("recognitions", "award", "awards"),
        ("recognitions", "organization", "organizations"),
    } <= references


def test_a_tampered_file_fails_validation(seed, dump_dir):
    folder = fresh_dump(dump_dir)
    with (folder / "sectors.csv").open("a", encoding="utf-8") as stream:
        stream.write("extra-sector,Extra,额外,,\n")

    report = validate(folder / "datapackage.json")

    assert not report.valid
    assert {"hash-count", "byte-count"} <= {row[0] for row in report.flatten(["type"])}


def test_a_reference_to_a_missing_record_fails_validation(seed, dump_dir):
    folder = fresh_dump(dump_dir)
    path = folder / "memberships.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) > 1
    header, first = lines[0], lines[1].split(",")
    first[header.split(",").index("organization")] = "no-such-organization"
    path.write_text("\n".join([header, ",".join(first), *lines[2:]]) + "\n")
    package = json.loads((folder / "datapackage.json").read_text())
    for resource in package["resources"]:
        # Only the reference is wrong: refresh the file's facts.
        if resource["path"] == "memberships.csv":
            del resource["hash"], resource["bytes"]
    (folder / "datapackage.json").write_text(json.dumps(package))

    report = validate(folder / "datapackage.json")

    assert not report.valid
    assert "foreign-key" in {row[0] for row in report.flatten(["type"])}


def test_data_page_links_each_datapackage(seed, client, dump_dir):
    folder = fresh_dump(dump_dir)
    version = folder.name

    page = client.get("/data/")
    download = client.get(f"/data/{version}/datapackage.json")

    assert f"/data/{version}/datapackage.json" in page.content.decode()
    assert download.status_code == 200
    assert json.loads(b"".join(download.streaming_content))["version"] == version
