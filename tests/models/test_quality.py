"""The data-quality checks: programs, awards and events without a Chinese name."""

import pytest
from django.utils.text import slugify

from registry.models import Award, Event, Program
from registry.models.quality import checks_for
from tests.factories import AwardFactory, EventFactory, ProgramFactory

pytestmark = pytest.mark.django_db

QUALITY_PAGE = "/admin/registry/organization/data-quality/"

CASES = [
    (
        Program,
        "Programs without a Chinese name",
        lambda **names: ProgramFactory(
            code=names["name_en"][:8], slug=slugify(names["name_en"]), **names
        ),
    ),
    (Award, "Awards without a Chinese name", lambda **names: AwardFactory(**names)),
    (Event, "Events without a Chinese name", lambda **names: EventFactory(**names)),
]


@pytest.mark.parametrize(("model", "label", "make"), CASES)
def test_records_without_a_chinese_name_are_counted_and_linked(
    officer_client, model, label, make
):
    make(name_en="Only English", name_zh="")
    make(name_en="Both names", name_zh="两种名称")
    assert [str(check.label) for check in checks_for(model)] == [label]

    page = officer_client.get(QUALITY_PAGE)
    assert page.status_code == 200
    lines = {str(line["label"]): line for line in page.context["lines"]}
    assert lines[label]["count"] == 1
    opts = model._meta
    assert lines[label]["url"].startswith(
        f"/admin/{opts.app_label}/{opts.model_name}/?quality="
    )

    changelist = officer_client.get(lines[label]["url"])
    assert changelist.status_code == 200
    assert [str(record) for record in changelist.context["cl"].result_list] == [
        "Only English"
    ]


def test_the_checks_read_in_chinese(officer_client):
    AwardFactory(name_en="Only English", name_zh="")
    page = officer_client.get(QUALITY_PAGE, headers={"accept-language": "zh-hans"})
    html = page.content.decode()
    for label in ["没有中文名称的计划", "没有中文名称的奖项", "没有中文名称的活动"]:
        assert label in html
