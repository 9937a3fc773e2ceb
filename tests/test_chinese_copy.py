"""The Chinese catalogue follows Chinese typography and uses one word per term.

Chinese text takes full-width punctuation (：，；？！) and no spaces between a
Chinese character and a number, a Latin word or a placeholder. Placeholders,
URLs and HTML tags are left out of the punctuation rule: their own colons and
commas are code, not prose.
"""

import re
from pathlib import Path

import polib
import pytest

CATALOGUE = (
    Path(__file__).resolve().parent.parent
    / "locale"
    / "zh_Hans"
    / "LC_MESSAGES"
    / "django.po"
)

HAN = "\u4e00-\u9fff"
# A placeholder stands for one Latin word: %(name)s, %s, %d, {name}, {{ x }}.
PLACEHOLDER = re.compile(r"%\([^)]*\)[sdifr]|%[sdifr]|\{\{[^}]*\}\}|\{[\w.]*\}")
URL = re.compile(r"https?://\S+|mailto:\S+")
CODE = re.compile(r"`[^`]*`")
TAG = re.compile(r"<[^>]*>")

HALF_WIDTH = [
    re.compile(rf"[{HAN}]\s*[:,;?!]"),
    re.compile(rf"[:,;?!]\s*[{HAN}]"),
]
SPACED = [
    re.compile(rf"[{HAN}] +[%\w]"),
    re.compile(rf"[%\w)] +[{HAN}]"),
]


def _prose(text):
    """The text with placeholders, URLs and code as one Latin word, tags dropped."""
    text = PLACEHOLDER.sub("%X", text)
    text = URL.sub("%X", text)
    text = CODE.sub("%X", text)
    return TAG.sub("", text)


def _translations(entry):
    if entry.msgstr_plural:
        return list(entry.msgstr_plural.values())
    return [entry.msgstr]


@pytest.fixture(scope="module")
def po():
    return polib.pofile(str(CATALOGUE))


def _offending(po, patterns):
    found = []
    for entry in po.translated_entries():
        for text in _translations(entry):
            prose = _prose(text)
            if any(pattern.search(prose) for pattern in patterns):
                found.append(text)
    return found


def test_prose_takes_full_width_punctuation(po):
    assert _offending(po, HALF_WIDTH) == []


def test_no_space_between_chinese_and_latin_or_numbers(po):
    assert _offending(po, SPACED) == []


def test_years_are_written_without_a_space():
    assert _prose("%(year)s 年") == "%X 年"
    offending = []
    for entry in polib.pofile(str(CATALOGUE)).translated_entries():
        for text in _translations(entry):
            if re.search(r"[\w%] 年", _prose(text)):
                offending.append(text)
    assert offending == []


def test_the_rules_see_the_known_cases():
    assert _offending_text("已提交: 我们已于 %(date)s 收到", HALF_WIDTH)
    assert _offending_text("已提交: 我们已于 %(date)s 收到", SPACED)
    assert _offending_text("感谢 %(name)s 申请加入 Group Open Innovation。", SPACED)
    assert not _offending_text("已提交：我们已于%(date)s收到", HALF_WIDTH + SPACED)
    assert not _offending_text("请访问 https://a.cn/x?y=1,2 查看", HALF_WIDTH)
    assert not _offending_text("%(count)s个, 共%(total)s", [])


def _offending_text(text, patterns):
    prose = _prose(text)
    return any(pattern.search(prose) for pattern in patterns)


# One word per term. 组织 is an organization: any registered body, a company as
# much as a university. 机构 is an institution only (incubators, R&D
# institutions, universities). 单位 stays for a unit of an organization (下属单位)
# and for an administering or awarding body (主管单位, 颁发单位).


def _english(entry):
    """The English words of the entry: its placeholders name no term."""
    return PLACEHOLDER.sub("", f"{entry.msgid} {entry.msgid_plural}").lower()


def test_institution_is_the_only_english_for_jigou(po):
    offending = [
        (entry.msgid, text)
        for entry in po.translated_entries()
        for text in _translations(entry)
        if "机构" in text and "institution" not in _english(entry)
    ]
    assert offending == []


def test_organization_and_institution_have_their_own_words(po):
    offending = []
    for entry in po.translated_entries():
        english = _english(entry)
        for text in _translations(entry):
            if re.search(r"\borgani[sz]ations?\b", english) and "组织" not in text:
                offending.append((entry.msgid, text))
            if re.search(r"\binstitutions?\b", english) and "机构" not in text:
                offending.append((entry.msgid, text))
    assert offending == []
