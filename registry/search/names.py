"""Name normalization for search: case, Simplified Chinese and pinyin.

An organization stores a search key built from its names and aliases. A query
is normalized the same way and each of its words must occur in the key, so
"张江", "張江", "zhangjiang", "zj" and "Zhangjiang" all find the same record.
"""

import re
import unicodedata
from functools import cache

from opencc import OpenCC
from pypinyin import Style, lazy_pinyin

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
SEPARATOR = "\n"


@cache
def _to_simplified() -> OpenCC:
    return OpenCC("t2s")


def normalize(text: str) -> str:
    """Fold width, case and Traditional characters; collapse white space."""
    text = unicodedata.normalize("NFKC", text or "")
    if HAN.search(text):
        text = _to_simplified().convert(text)
    return " ".join(text.lower().split())


def pinyin_forms(text: str) -> list[str]:
    """The pinyin of a Chinese name, in full and as initials, without spaces."""
    chars = "".join(HAN.findall(normalize(text)))
    if not chars:
        return []
    full = "".join(lazy_pinyin(chars, errors="ignore"))
    initials = "".join(lazy_pinyin(chars, style=Style.FIRST_LETTER, errors="ignore"))
    return [full, initials]


def build_search_key(*names: str) -> str:
    """Everything a visitor might type to find a record with these names."""
    parts: list[str] = []
    for name in names:
        normalized = normalize(name)
        if not normalized:
            continue
        parts.append(normalized)
        parts.extend(pinyin_forms(normalized))
    return SEPARATOR.join(dict.fromkeys(parts))


def query_terms(query: str, *, max_terms: int = 8) -> list[str]:
    """The words of a visitor's query, normalized like the stored key."""
    return normalize(query).split()[:max_terms]


# Legal-form endings that name the same firm whether written or not, longest
# first so that 股份有限公司 goes before 有限公司. Matched after normalize().
LEGAL_SUFFIXES = (
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "集团公司",
    "公司",
    "company limited",
    "co., ltd.",
    "co., ltd",
    "co.,ltd.",
    "co.,ltd",
    "co. ltd.",
    "co. ltd",
    "co ltd",
    "corporation",
    "limited",
    "company",
    "corp.",
    "corp",
    "inc.",
    "inc",
    "ltd.",
    "ltd",
    "llc",
    "gmbh",
    "s.a.",
    "ag",
)
NOT_WORD = re.compile(r"[^\w]+")


def strip_legal_suffix(text: str) -> str:
    """A normalized name without its legal form.

    "Nokia Shanghai Bell Co., Ltd." becomes "nokia shanghai bell", and
    "上海诺基亚贝尔股份有限公司" becomes "上海诺基亚贝尔".
    """
    name = normalize(text).rstrip(" ,")
    changed = True
    while changed:
        changed = False
        for suffix in LEGAL_SUFFIXES:
            # A Latin suffix must be a word of its own ("ag" ends "Sinopharmag"
            # only by accident); a Chinese one is simply the name's end.
            if name.endswith(suffix) and name != suffix:
                head = name[: -len(suffix)]
                if not HAN.search(suffix) and head[-1:].isalnum():
                    continue
                name, changed = head.rstrip(" ,"), True
                break
    return name


def compact(text: str) -> str:
    """A name reduced to its letters, digits and characters, for exact comparison."""
    return NOT_WORD.sub("", normalize(text)).replace("_", "")


def name_forms(name: str) -> set[str]:
    """The compact forms under which a name counts as written exactly: as given,
    without its legal form, and (for Chinese names) in pinyin, full or initials."""
    forms = set()
    for variant in (name, strip_legal_suffix(name)):
        if not compact(variant):
            continue
        forms.add(compact(variant))
        forms.update(pinyin_forms(variant))
    return forms
