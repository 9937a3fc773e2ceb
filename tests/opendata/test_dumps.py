"""Open-data dumps: the command, the manifest's checksums, /data/ and the admin."""

import csv
import hashlib
import io
import json

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.urls import reverse

from registry.opendata import dumps as opendata
from tests.factories import OrganizationFactory, RecognitionFactory, UserFactory


@pytest.fixture(autouse=True)
def dump_dir(tmp_path, settings):
    settings.REGISTRY_OPEN_DATA_DIR = tmp_path / "opendata"
    return settings.REGISTRY_OPEN_DATA_DIR


def export() -> opendata.Dump:
    out = io.StringIO()
    call_command("export_open_data", stdout=out)
    assert "written" in out.getvalue()
    return opendata.list_dumps()[0]


def test_dump_checksums_match_its_files(seed, dump_dir):
    dump = export()
    folder = dump_dir / dump.version
    manifest = json.loads((folder / "manifest.json").read_text())

    assert {f["name"] for f in manifest["files"]} == {
        f"{resource}.{fmt}"
        for resource in opendata.RESOURCES
        for fmt in ("json", "csv")
    }
    for entry in manifest["files"]:
        content = (folder / entry["name"]).read_bytes()
        assert hashlib.sha256(content).hexdigest() == entry["sha256"]
        assert len(content) == entry["bytes"]
    sums = (folder / "SHA256SUMS").read_text().splitlines()
    assert len(sums) == len(manifest["files"])
    assert manifest["licence"]["name"] and manifest["generated_at"]


def test_dump_holds_the_published_records_with_counts(seed, dump_dir):
    OrganizationFactory(name_en="Example Firm Hidden", is_published=False)

    dump = export()
    folder = dump_dir / dump.version

    organizations = json.loads((folder / "organizations.json").read_text())
    assert dump.counts["organizations"] == len(organizations) == 16
    assert "Example Firm Hidden" not in (folder / "organizations.json").read_text()
    assert dump.counts["recognitions"] == 12
    rows = list(
        csv.reader(io.StringIO((folder / "organizations.csv").read_text("utf-8-sig")))
    )
    assert len(rows) == 1 + 16
    assert (folder / "organizations.csv").read_bytes().startswith("\ufeff".encode())


def test_dump_has_no_personal_data(seed, dump_dir):
    dump = export()

    for file in dump.files:
        text = (dump_dir / dump.version / file.name).read_text("utf-8-sig")
        for key in ("email", "phone", "contact", "notes"):
            assert key not in text.splitlines()[0]
            assert f'"{key}' not in text


def test_data_page_lists_dumps_newest_first_with_checksums(client, seed):
    first = export()
    RecognitionFactory()
    second = export()

    response = client.get("/data/")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.index(f'id="dump-{second.version}"') < html.index(
        f'id="dump-{first.version}"'
    )
    for file in second.files:
        assert file.sha256 in html
        assert f"/data/{second.version}/{file.name}" in html


def test_data_page_in_chinese(client, seed):
    export()

    response = client.get("/zh-hans/data/")

    assert response.status_code == 200
    assert "开放数据" in response.content.decode()


def test_data_page_without_dumps_says_so(client, db):
    response = client.get("/data/")

    assert response.status_code == 200
    assert "No dump has been published yet." in response.content.decode()


def test_downloaded_file_matches_its_checksum(client, seed):
    dump = export()
    file = dump.file("organizations.csv")

    response = client.get(f"/data/{dump.version}/organizations.csv")

    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert hashlib.sha256(body).hexdigest() == file.sha256
    assert "attachment" in response["Content-Disposition"]


@pytest.mark.parametrize(
    "path",
    [
        "/data/{version}/..%2F..%2Fsettings.py",
        "/data/{version}/%2Fetc%2Fpasswd",
        "/data/..%2F{version}/manifest.json",
        "/data/{version}/.hidden",
        "/data/20990101T000000Z/manifest.json",
        "/data/not-a-version/manifest.json",
    ],
)
def test_only_files_listed_in_a_manifest_are_served(client, seed, dump_dir, path):
    dump = export()
    (dump_dir / dump.version / ".hidden").write_text("secret")

    response = client.get(path.format(version=dump.version))

    assert response.status_code == 404


ADMIN_OPEN_DATA = "/admin/registry/organization/open-data/"


def test_officer_regenerates_the_dump_from_the_admin(officer_client, seed):
    assert reverse("admin:registry_open_data") == ADMIN_OPEN_DATA
    page = officer_client.get(ADMIN_OPEN_DATA)
    assert page.status_code == 200
    assert "Regenerate the open-data dump" in page.content.decode()
    assert ADMIN_OPEN_DATA in officer_client.get("/admin/").content.decode()

    response = officer_client.post(ADMIN_OPEN_DATA, follow=True)

    assert response.status_code == 200
    assert len(opendata.list_dumps()) == 1
    assert opendata.list_dumps()[0].version in response.content.decode()


def test_visitors_cannot_regenerate_the_dump(client, db):
    UserFactory(username="visitor")
    response = client.post(ADMIN_OPEN_DATA)

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert opendata.list_dumps() == []


def test_staff_without_the_publish_permission_cannot_write_a_dump(client, seed):
    """Any staff account may sign in; only `publish_open_data` writes dumps."""
    clerk = UserFactory(username="clerk", is_staff=True)
    clerk.user_permissions.add(
        Permission.objects.get(codename="view_organization"),
    )
    client.force_login(clerk)

    assert client.get(ADMIN_OPEN_DATA).status_code == 403
    assert client.post(ADMIN_OPEN_DATA).status_code == 403
    assert ADMIN_OPEN_DATA not in client.get("/admin/").content.decode()
    assert opendata.list_dumps() == []

    clerk.user_permissions.add(Permission.objects.get(codename="publish_open_data"))
    clerk = type(clerk).objects.get(pk=clerk.pk)  # Permissions are cached per object.
    client.force_login(clerk)
    response = client.post(ADMIN_OPEN_DATA, follow=True)

    assert response.status_code == 200
    assert len(opendata.list_dumps()) == 1


def test_writing_a_dump_keeps_only_the_newest(settings, seed, dump_dir):
    settings.REGISTRY_OPEN_DATA_KEEP = 2
    written = [opendata.export_dump().version for _ in range(4)]

    kept = [dump.version for dump in opendata.list_dumps()]

    assert kept == written[:-3:-1]  # The last two, newest first.
    assert sorted(p.name for p in dump_dir.iterdir()) == sorted(kept)


def test_prune_dumps_deletes_all_but_the_newest_n(seed, dump_dir, settings):
    settings.REGISTRY_OPEN_DATA_KEEP = 10
    written = [opendata.export_dump().version for _ in range(3)]

    deleted = opendata.prune_dumps(keep=1)

    assert sorted(deleted) == sorted(written[:2])
    assert [dump.version for dump in opendata.list_dumps()] == [written[-1]]
