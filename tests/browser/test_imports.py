"""An officer imports a spreadsheet in a real browser: preview, then confirm."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from registry.installation import create_officer
from registry.models import ImportRun, Organization
from tests.paths import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = ROOT / "docs" / "screenshots"

# As Excel in Chinese saves it: GB18030, Chinese labels as headers.
OFFICERS_FILE = (
    "网址标识,类型,名称（英文）,名称（中文）,别名\n"
    'xnode,incubator,XNode,创新节点,"XNode 浦东\nX节点"\n'
    "zhangjiang-lab,rd_institution,Zhangjiang Laboratory,张江实验室,\n"
    "comac,enterprise,Commercial Aircraft Corporation of China,"
    "中国商用飞机有限责任公司,COMAC\n"
).encode("gb18030")


def sign_in(page, language="en"):
    _officer, password = create_officer(username="importer")
    page.goto("/admin/login/")
    page.get_by_label("Username" if language == "en" else "用户名").fill("importer")
    page.get_by_label("Password" if language == "en" else "密码").fill(password)
    page.get_by_role("button", name="Log in" if language == "en" else "登录").click()


def upload_preview(page, tmp_path, content):
    path = tmp_path / "成员名单.csv"
    path.write_bytes(content)
    page.goto("/admin/registry/organization/")
    page.get_by_role("link", name="Import", exact=True).click()
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_role("button", name="Preview").click()


def test_officer_previews_then_confirms_a_chinese_excel_file(page, tmp_path):
    call_command("loaddata", "registry", verbosity=0)
    sign_in(page)
    upload_preview(page, tmp_path, OFFICERS_FILE)

    expect(page.get_by_text("Preview: nothing has been written yet")).to_be_visible()
    expect(page.locator("#import-summary")).to_contain_text(
        "1 new, 1 changed, 1 unchanged, 0 in error"
    )
    expect(page.locator("table.import-preview")).to_contain_text("创新节点")
    assert not Organization.objects.filter(slug="zhangjiang-lab").exists()

    page.get_by_role("button", name="Confirm the import").click()
    expect(page.locator(".messagelist")).to_contain_text("Imported: 1 new, 1 changed")
    assert Organization.objects.get(slug="xnode").name_zh == "创新节点"
    assert Organization.objects.get(slug="zhangjiang-lab").name_zh == "张江实验室"
    assert ImportRun.objects.filter(status="imported").count() == 1


def test_a_file_with_an_error_cannot_be_confirmed(page, tmp_path):
    sign_in(page)
    upload_preview(page, tmp_path, OFFICERS_FILE + b"xnode,incubator,Twice,,\n")
    expect(page.locator(".errornote")).to_contain_text(
        "A file with an error imports nothing"
    )
    expect(page.get_by_role("button", name="Confirm the import")).to_have_count(0)
    assert not Organization.objects.exists()


@pytest.mark.screenshots
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_screenshot_of_the_import_preview(chromium, live_server, tmp_path, language):
    """`make screenshots`: the preview an officer sees before confirming."""
    call_command("loaddata", "registry", verbosity=0)
    context = chromium.new_context(
        base_url=live_server.url,
        viewport={"width": 1280, "height": 900},
        locale="zh-CN" if language == "zh-hans" else "en-US",
        extra_http_headers={"Accept-Language": language},
    )
    page = context.new_page()
    sign_in(page, language)
    path = tmp_path / "成员名单.csv"
    path.write_bytes(OFFICERS_FILE)
    page.goto("/admin/registry/organization/import/")
    page.locator("input[type=file]").set_input_files(str(path))
    page.locator("input[type=submit]").last.click()
    page.locator("table.import-preview").wait_for()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"import-preview-{language}.png", full_page=True)
    context.close()
