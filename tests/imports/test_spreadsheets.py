"""Spreadsheet import and export: natural keys, preview, real files, bad files."""

import hashlib
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.utils import translation

from registry.imports.files import ImportFileError
from registry.imports.runner import export_file, import_file
from registry.models import ImportRun, Membership, Organization, Recognition
from tests.factories import (
    AwardFactory,
    EventFactory,
    MembershipFactory,
    OrganizationFactory,
    ProgramFactory,
    RecognitionFactory,
    SectorFactory,
)
from tests.sources import ROR_IDS, USCC_CODES

pytestmark = pytest.mark.django_db

HEADER = "slug,uscc,kind,name_en,name_zh,aliases,sectors"


def csv_bytes(text: str, encoding: str = "utf-8") -> bytes:
    return text.encode(encoding)


def xlsx_bytes(rows, sheet="组织") -> bytes:
    book = openpyxl.Workbook()
    book.active.title = sheet
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def preview(resource, content, name="file.csv", **kwargs):
    return import_file(
        resource, content=content, file_name=name, dry_run=True, **kwargs
    )


def run(resource, content, name="file.csv", **kwargs):
    return import_file(
        resource, content=content, file_name=name, dry_run=False, **kwargs
    )


@pytest.fixture
def rich_registry():
    """Records with Chinese text, empty values, aliases on several lines, formulas."""
    sector = SectorFactory(slug="healthcare", name_en="Healthcare", name_zh="医疗")
    SectorFactory(slug="new-energy", name_en="New energy", name_zh="新能源")
    parent = OrganizationFactory(
        slug="comac",
        name_en="COMAC",
        name_zh="中国商用飞机有限责任公司",
        aliases="=HYPERLINK(1)\n中国商飞\nCommercial Aircraft Corporation of China",
        ror_id=ROR_IDS[0],
        established_year=2008,
    )
    firm = OrganizationFactory(
        slug="chemexpress",
        name_en="",
        name_zh="上海皓元医药股份有限公司",
        uscc=USCC_CODES[0],
        parent=parent,
        is_star_listed=True,
        stock_code="688131",
    )
    firm.sectors.set([sector])
    program = ProgramFactory()
    MembershipFactory(organization=firm, program=program, joined_on="2021-07-01")
    MembershipFactory(
        organization=parent,
        program=ProgramFactory(code="PIL", slug="pil", name_en="Pilot"),
        status=Membership.Status.ENDED,
        joined_on="2020-01-01",
        left_on="2022-06-30",
    )
    award = AwardFactory(slug="exemplar", name_en="Exemplar", name_zh="示范")
    event = EventFactory(slug="conf-2024")
    RecognitionFactory(
        award=award,
        organization=firm,
        event=event,
        citation_zh="创新\n示范",
        source="-2024 notice",
    )
    RecognitionFactory(award=award, organization=parent, year=2023, source="")
    return firm


@pytest.mark.parametrize("resource", ["organizations", "memberships", "recognitions"])
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_export_then_import_changes_nothing(
    rich_registry, resource, file_format, language
):
    with translation.override(language):
        content = export_file(resource, file_format=file_format)
        report = run(resource, content, name=f"export.{file_format}")
    assert report.rows
    assert {row.status for row in report.rows} == {"unchanged"}
    assert report.run.changed_count == report.run.new_count == 0


def test_exported_formulas_stay_text(rich_registry):
    book = openpyxl.load_workbook(
        io.BytesIO(export_file("organizations", file_format="xlsx"))
    )
    cells = [c for row in book.active.iter_rows() for c in row]
    assert all(cell.data_type != "f" for cell in cells)
    csv_text = export_file("organizations", file_format="csv").decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in csv_text


def test_formula_in_a_cell_is_stored_as_text():
    content = xlsx_bytes(
        [["slug", "kind", "name_en"], ["calc", "enterprise", "=1+1"]], sheet="表一"
    )
    run("organizations", content, name="组织.xlsx")
    assert Organization.objects.get(slug="calc").name_en == "=1+1"


def test_preview_writes_nothing_and_lists_every_row(rich_registry):
    content = csv_bytes(
        f"{HEADER}\n"
        "chemexpress,,enterprise,ChemExpress,上海皓元医药股份有限公司,,healthcare\n"
        "new-firm,,enterprise,New Firm,新公司,,\n"
        "comac,,enterprise,,,,\n"
    )
    report = preview("organizations", content)
    assert [(r.number, r.status) for r in report.rows] == [
        (2, "changed"),
        (3, "new"),
        (4, "error"),
    ]
    assert ("name (English)", "", "ChemExpress") in report.rows[0].changes
    assert not Organization.objects.filter(slug="new-firm").exists()
    assert Organization.objects.get(slug="chemexpress").name_en == ""
    assert report.run.status == ImportRun.Status.PREVIEWED


def test_a_file_with_one_bad_row_writes_nothing(rich_registry):
    content = csv_bytes(
        f"{HEADER}\nnew-firm,,enterprise,New Firm,,,\nbad,12345,enterprise,Bad,,,\n"
    )
    report = run("organizations", content)
    assert report.has_errors
    assert "credit code" in " ".join(report.rows[1].messages)
    assert not Organization.objects.filter(slug="new-firm").exists()
    assert report.run.status == ImportRun.Status.FAILED


def test_confirmed_import_writes_and_is_recorded(officer, rich_registry):
    content = csv_bytes(f'{HEADER}\nnew-firm,,enterprise,New Firm,新公司,"一\n二",\n')
    report = run("organizations", content, name="firms.csv", user=officer)
    firm = Organization.objects.get(slug="new-firm")
    assert firm.alias_list == ["一", "二"]
    imported = report.run
    assert imported.user == officer
    assert imported.sha256 == hashlib.sha256(content).hexdigest()
    assert (imported.new_count, imported.changed_count) == (1, 0)
    latest = firm.history.latest()
    assert latest.import_run == imported
    assert latest.history_user == officer
    assert latest.history_source == "import"


def test_organization_matches_on_credit_code_then_ror_id_then_slug(rich_registry):
    content = csv_bytes(
        "slug,uscc,ror_id,name_en\n"
        f"other-slug,{USCC_CODES[0]},,ChemExpress\n"
        f"another-slug,,{ROR_IDS[0].removeprefix('https://ror.org/')},COMAC\n"
    )
    run("organizations", content)
    assert Organization.objects.get(uscc=USCC_CODES[0]).name_en == "ChemExpress"
    assert Organization.objects.get(slug="comac").name_en == "COMAC"
    assert Organization.objects.count() == 2


def test_membership_and_recognition_match_on_natural_keys(rich_registry):
    run(
        "memberships",
        csv_bytes("organization,program,joined_on\nchemexpress,GOI,2021-08-01\n"),
    )
    membership = Membership.objects.get(organization__slug="chemexpress")
    assert str(membership.joined_on) == "2021-08-01"
    run(
        "recognitions",
        csv_bytes("award,organization,year,source\nexemplar,chemexpress,2024,No. 7\n"),
    )
    assert Recognition.objects.get(organization__slug="chemexpress").source == "No. 7"
    assert Recognition.objects.count() == 2


def test_gb18030_csv_is_detected_and_read_without_mojibake():
    content = csv_bytes("slug,kind,name_zh\nshangfei,enterprise,中国商飞\n", "gb18030")
    run("organizations", content)
    assert Organization.objects.get(slug="shangfei").name_zh == "中国商飞"


def test_gbk_encoding_may_be_chosen():
    content = csv_bytes("slug,kind,name_zh\nshangfei,enterprise,浦东\n", "gbk")
    run("organizations", content, encoding="gb18030")
    assert Organization.objects.get(slug="shangfei").name_zh == "浦东"


def test_utf8_with_bom_and_chinese_labels_as_headers():
    content = "\ufeff标识,类型,名称（中文）\nshangfei,enterprise,中国商飞\n".encode()
    with translation.override("zh-hans"):
        from registry.imports.files import column_names
        from registry.imports.resources import OrganizationResource

        labels = column_names(OrganizationResource())
    slug_label = next(k for k, v in labels.items() if v == "slug" and k != "slug")
    name_label = next(
        k for k, v in labels.items() if v == "name_zh" and not k.isascii()
    )
    kind_label = next(k for k, v in labels.items() if v == "kind" and not k.isascii())
    content = (
        f"\ufeff{slug_label},{kind_label},{name_label}\nshangfei,enterprise,中国商飞\n"
    ).encode()
    run("organizations", content)
    assert Organization.objects.get(slug="shangfei").name_zh == "中国商飞"


def test_xlsx_with_chinese_sheet_name_and_english_labels():
    content = xlsx_bytes(
        [
            ["Slug", "Kind", "Name (Chinese)", "Year established"],
            ["shangfei", "enterprise", "中国商飞", 2008.0],
        ],
        sheet="成员名单",
    )
    run("organizations", content, name="名单.xlsx")
    assert Organization.objects.get(slug="shangfei").established_year == 2008


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "a.csv", "empty"),
        (b"\x00\x01\x02binary", "a.csv", "not a CSV"),
        (b"slug,kind\nx,enterprise\n", "a.xlsx", "not an XLSX"),
        (b"PK\x03\x04broken zip", "a.xlsx", "not an XLSX"),
        (b"slug,colour\nx,red\n", "a.csv", "Unknown columns: colour"),
        (b"slug,Slug\nx,y\n", "a.csv", "twice"),
        ("slug\n\xe9".encode("latin-1") + b"\xff\xfe", "a.csv", "neither UTF-8"),
    ],
)
def test_bad_files_get_a_clear_error_and_write_nothing(content, name, message):
    with pytest.raises(ImportFileError, match=message):
        run("organizations", content, name=name)
    assert not ImportRun.objects.exists()
    assert not Organization.objects.exists()


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.REGISTRY_IMPORT_MAX_BYTES = 100
    with pytest.raises(ImportFileError, match="larger than"):
        run("organizations", b"slug,kind\n" + b"x,enterprise\n" * 20)


@pytest.mark.parametrize(
    ("resource", "content", "message"),
    [
        (
            "organizations",
            "slug,kind,name_en\nx,enterprise,A\nx,enterprise,B\n",
            "same record",
        ),
        (
            "organizations",
            "slug,kind,name_en,ror_id\nx,enterprise,A,https://ror.org/05gxmms52\n",
            "ROR id",
        ),
        (
            "organizations",
            "slug,kind,name_en,sectors\nx,enterprise,A,no-such-sector\n",
            "no-such-sector",
        ),
        (
            "memberships",
            "organization,program,status,joined_on,left_on\nchemexpress,GOI,ended,2022-01-01,2021-01-01\n",
            "cannot end before",
        ),
        ("memberships", "organization,program\nnobody,GOI\n", "nobody"),
    ],
)
def test_bad_rows_are_errors_and_nothing_is_written(
    rich_registry, resource, content, message
):
    before = Organization.objects.count(), Membership.objects.count()
    report = run(resource, content.encode())
    assert report.has_errors
    assert message in " ".join(m for row in report.rows for m in row.messages)
    assert (Organization.objects.count(), Membership.objects.count()) == before


def test_error_messages_are_in_the_officers_language(rich_registry):
    with translation.override("zh-hans"):
        report = preview(
            "organizations", b"slug,kind,uscc,name_en\nx,enterprise,123,A\n"
        )
    text = " ".join(report.rows[0].messages)
    assert "统一社会信用代码" in text or "信用代码" in text


def test_import_and_export_commands(tmp_path, rich_registry):
    out = tmp_path / "orgs.xlsx"
    call_command("export_records", "organizations", "--format", "xlsx", "-o", str(out))
    stdout = io.StringIO()
    call_command("import_records", "organizations", str(out), stdout=stdout)
    assert "0 new, 0 changed, 2 unchanged, 0 errors" in stdout.getvalue()
    source = tmp_path / "new.csv"
    source.write_text("slug,kind,name_en\ncli-firm,enterprise,CLI Firm\n")
    stdout = io.StringIO()
    call_command(
        "import_records", "organizations", str(source), "--dry-run", stdout=stdout
    )
    assert "1 new" in stdout.getvalue()
    assert not Organization.objects.filter(slug="cli-firm").exists()
    call_command("import_records", "organizations", str(source), stdout=io.StringIO())
    firm = Organization.objects.get(slug="cli-firm")
    assert firm.history.latest().history_source == "import"
