"""The officers' tools in the admin: import preview, export, ROR, history, quality."""

import io

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from registry.installation import load_seed_data
from registry.models import ImportRun, Membership, Organization, Recognition
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    RecognitionFactory,
    UserFactory,
)
from tests.sources import SOURCES

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/registry/organization/import/"


def upload(content: bytes, name="firms.csv"):
    return SimpleUploadedFile(name, content)


def test_import_preview_then_confirm(officer_client, officer):
    OrganizationFactory(slug="xnode", name_en="XNode", kind="incubator")
    content = (
        "slug,kind,name_en,name_zh\n"
        "xnode,incubator,XNode,创新节点\n"
        "new-one,enterprise,New One,\n"
    ).encode()
    preview = officer_client.post(IMPORT_URL, {"file": upload(content)})
    assert preview.status_code == 200
    text = preview.content.decode()
    assert "Preview: nothing has been written yet" in text
    assert "创新节点" in text and "Changed" in text and "New" in text
    assert not Organization.objects.filter(slug="new-one").exists()
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.PREVIEWED

    confirmed = officer_client.post(IMPORT_URL, {"run": run.pk, "confirm": "1"})
    assert confirmed.status_code == 302
    assert Organization.objects.get(slug="xnode").name_zh == "创新节点"
    assert Organization.objects.filter(slug="new-one").exists()
    imported = ImportRun.objects.get(status=ImportRun.Status.IMPORTED)
    assert (imported.new_count, imported.changed_count, imported.user) == (
        1,
        1,
        officer,
    )
    # The preview cannot be imported twice.
    again = officer_client.post(IMPORT_URL, {"run": run.pk, "confirm": "1"})
    assert again.status_code == 302
    assert Organization.objects.count() == 2


def test_import_preview_in_chinese_with_errors_offers_no_confirm(officer_client):
    content = "slug,kind,uscc,name_en\nbad,enterprise,123,Bad\n".encode("gb18030")
    response = officer_client.post(
        IMPORT_URL, {"file": upload(content)}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert 'name="confirm"' not in text
    assert "信用代码" in text
    assert not Organization.objects.exists()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "a.csv", "empty"),
        (b"\x00\x01", "a.csv", "This is not a CSV file."),
        (b"nope", "a.xlsx", "This is not an XLSX file."),
        (b"slug,colour\nx,y\n", "a.csv", "Unknown columns: colour"),
    ],
)
def test_bad_files_are_a_form_error_not_a_500(officer_client, content, name, message):
    response = officer_client.post(IMPORT_URL, {"file": upload(content, name)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportRun.objects.exists()


def test_export_downloads_xlsx_and_csv(officer_client):
    OrganizationFactory(slug="xnode", name_en="XNode", name_zh="节点")
    url = "/admin/registry/organization/export/"
    xlsx = officer_client.get(url, {"format": "xlsx"})
    assert xlsx.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert "节点" in [c.value for row in sheet.iter_rows() for c in row]
    csv = officer_client.get(url, {"format": "csv"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert csv.content.startswith(b"\xef\xbb\xbf")
    assert "名称（中文）" in csv.content.decode() or "节点" in csv.content.decode()


def test_a_staff_user_with_view_permission_only_cannot_import(client):
    viewer = UserFactory(username="viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_organization"))
    client.force_login(viewer)
    content = b"slug,kind,name_en\nx,enterprise,X\n"
    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(IMPORT_URL, {"file": upload(content)}).status_code == 403
    assert client.get("/admin/registry/organization/import-ror/").status_code == 403
    assert not Organization.objects.exists()
    export = client.get("/admin/registry/organization/export/")
    assert export.status_code == 200


def test_ror_import_page_previews_then_imports(officer_client):
    path = SOURCES / "ror-shanghai" / "ror_shanghai_subset_v2schema.json"
    url = "/admin/registry/organization/import-ror/"
    preview = officer_client.post(
        url, {"file": upload(path.read_bytes(), path.name), "dry_run": "on"}
    )
    assert "89 created" in preview.content.decode()
    assert not Organization.objects.exists()
    done = officer_client.post(url, {"file": upload(path.read_bytes(), path.name)})
    assert "89 created" in done.content.decode()
    assert Organization.objects.count() == 89
    assert not Organization.objects.published().exists()
    bad = officer_client.post(url, {"file": upload(b"[1, 2]", "x.json")})
    assert bad.status_code == 200 and "holds no ROR records" in bad.content.decode()


def test_history_page_shows_changes_who_and_reason(officer_client, officer):
    organization = OrganizationFactory(name_en="Old Name")
    change_url = reverse("admin:registry_organization_change", args=[organization.pk])
    form = officer_client.get(change_url).context["adminform"].form
    data = {
        **{k: v for k, v in form.initial.items() if v is not None},
        "name_en": "New Name",
        "history_reason": "Name in the business licence",
        "sectors": [],
        "memberships-TOTAL_FORMS": 0,
        "memberships-INITIAL_FORMS": 0,
        "recognitions-TOTAL_FORMS": 0,
        "recognitions-INITIAL_FORMS": 0,
        "units-TOTAL_FORMS": 0,
        "units-INITIAL_FORMS": 0,
    }
    data.pop("parent", None)
    saved = officer_client.post(change_url, data)
    assert saved.status_code == 302, saved.context["adminform"].form.errors
    history = officer_client.get(
        reverse("admin:registry_organization_history", args=[organization.pk])
    )
    text = history.content.decode()
    assert "Old Name" in text and "New Name" in text
    assert "Name in the business licence" in text
    assert officer.username in text
    assert "Admin" in text


def test_revert_goes_through_validation_and_is_recorded(officer_client):
    organization = OrganizationFactory(name_en="First")
    first = organization.history.latest()
    organization.name_en = "Second"
    organization.save()
    url = reverse(
        "admin:registry_organization_simple_history",
        args=[organization.pk, first.history_id],
    )
    page = officer_client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v not in (None, [])}
    data.update(
        {
            "memberships-TOTAL_FORMS": 0,
            "memberships-INITIAL_FORMS": 0,
            "recognitions-TOTAL_FORMS": 0,
            "recognitions-INITIAL_FORMS": 0,
            "units-TOTAL_FORMS": 0,
            "units-INITIAL_FORMS": 0,
        }
    )
    bad = officer_client.post(url, {**data, "uscc": "123"})
    assert bad.status_code == 200
    organization.refresh_from_db()
    assert organization.name_en == "Second"
    response = officer_client.post(url, data)
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.name_en == "First"
    latest = organization.history.latest()
    assert latest.history_change_reason.startswith("Reverted to the version of")
    assert latest.history_source == "admin"


def test_data_quality_page_counts_and_links(officer_client):
    OrganizationFactory(name_en="Zhangjiang Lab", name_zh="")
    OrganizationFactory(name_en="", name_zh="张江实验室")
    OrganizationFactory(name_en="ZJ Lab", name_zh="", aliases="Zhangjiang Lab")
    parent = OrganizationFactory(name_en="Hidden Parent", is_published=False)
    OrganizationFactory(name_en="Visible Unit", parent=parent, kind="innovation_unit")
    OrganizationFactory(name_en="No ROR", kind="rd_institution")
    MembershipFactory(joined_on=None)
    RecognitionFactory(source="")
    page = officer_client.get("/admin/registry/organization/data-quality/")
    assert page.status_code == 200
    lines = {str(line["label"]): line for line in page.context["lines"]}
    assert lines["Organizations without a Chinese name"]["count"] == 7
    assert lines["Organizations without an English name"]["count"] == 1
    assert lines["Published units whose parent is unpublished"]["count"] == 1
    assert lines["Institutions without a ROR id"]["count"] == 1
    assert lines["Members with no joining date"]["count"] == 1
    assert lines["Recognitions that cite no source"]["count"] == 1
    duplicates = next(v for k, v in lines.items() if k.startswith("Likely"))
    assert duplicates["count"] == 2
    changelist = officer_client.get(duplicates["url"])
    assert {o.name_en for o in changelist.context["cl"].result_list} == {
        "Zhangjiang Lab",
        "ZJ Lab",
    }
    members = officer_client.get(lines["Members with no joining date"]["url"])
    assert members.context["cl"].result_count == 1
    assert Membership.objects.count() == 1 and Recognition.objects.count() == 1


def test_same_pinyin_is_a_likely_duplicate(officer_client):
    OrganizationFactory(name_en="", name_zh="张江")
    OrganizationFactory(name_en="", name_zh="章江")
    OrganizationFactory(name_en="", name_zh="浦东")
    page = officer_client.get(
        "/admin/registry/organization/data-quality/", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    counts = [line["count"] for line in page.context["lines"]]
    assert 2 in counts
    assert "数据质量" in page.content.decode()


def test_seeded_admin_pages_answer_with_the_new_tools(officer_client):
    load_seed_data()
    for url in (
        "/admin/registry/organization/",
        "/admin/registry/membership/",
        "/admin/registry/recognition/",
        "/admin/registry/importrun/",
        "/admin/registry/organization/import/",
        "/admin/registry/membership/import/",
        "/admin/registry/recognition/import/",
    ):
        assert officer_client.get(url).status_code == 200, url
    changelist = officer_client.get("/admin/registry/organization/").content.decode()
    assert "Export XLSX" in changelist and "Data quality" in changelist


def test_a_newer_preview_expires_the_older_one(officer_client):
    content = b"slug,kind,name_en\nx,enterprise,X\n"
    officer_client.post(IMPORT_URL, {"file": upload(content)})
    officer_client.post(IMPORT_URL, {"file": upload(content)})
    first, second = ImportRun.objects.order_by("pk")
    officer_client.post(IMPORT_URL, {"run": first.pk, "confirm": "1"})
    assert not Organization.objects.exists()
    officer_client.post(IMPORT_URL, {"run": second.pk, "confirm": "1"})
    assert Organization.objects.filter(slug="x").exists()


def test_another_officer_cannot_confirm_my_preview(client, officer_client):
    officer_client.post(IMPORT_URL, {"file": upload(b"slug,kind\nx,enterprise\n")})
    from registry.installation import create_officer

    other, _password = create_officer(username="other-officer")
    client.force_login(other)
    run = ImportRun.objects.get()
    response = client.post(IMPORT_URL, {"run": run.pk, "confirm": "1"})
    assert response.status_code == 404
    assert not Organization.objects.exists()


@pytest.mark.parametrize("size", [3, 30])
def test_data_quality_page_makes_a_constant_number_of_queries(
    officer_client, django_assert_max_num_queries, size
):
    for n in range(size):
        MembershipFactory(joined_on=None, organization__name_en=f"Firm {n}")
        RecognitionFactory(source="")
    # One count per check (11), whatever the number of records, and the page's own.
    with django_assert_max_num_queries(19):
        page = officer_client.get("/admin/registry/organization/data-quality/")
    assert page.status_code == 200
