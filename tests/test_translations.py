"""The Chinese catalogue is complete, and the committed .mo matches the .po."""

from pathlib import Path

import polib
import pytest
from django.utils import translation

CATALOGUE = (
    Path(__file__).resolve().parent.parent / "locale" / "zh_Hans" / "LC_MESSAGES"
)


@pytest.fixture(scope="module")
def po():
    return polib.pofile(str(CATALOGUE / "django.po"))


def test_no_entry_is_untranslated_or_fuzzy(po):
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


def test_compiled_catalogue_matches_the_po_file(po):
    compiled = {
        (e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural)
        for e in polib.mofile(str(CATALOGUE / "django.mo"))
    }
    for entry in po.translated_entries():
        assert compiled.get((entry.msgctxt, entry.msgid)) == (
            entry.msgstr,
            entry.msgstr_plural,
        ), f"django.mo is stale for {entry.msgid!r}: run `make messages`"


def test_django_uses_the_chinese_catalogue():
    with translation.override("zh-hans"):
        assert translation.gettext("unified social credit code") == "统一社会信用代码"
