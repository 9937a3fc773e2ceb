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
