"""Search that works for this audience: Chinese, English, pinyin, both scripts."""

import pytest

from registry.lists.filters import OrganizationFilterSet
from registry.models import Organization
from tests.factories import member

pytestmark = pytest.mark.django_db


def found(query: str) -> list[str]:
    return sorted(o.slug for o in Organization.objects.published().search(query))


@pytest.mark.parametrize(
    "query",
    [
        "中科创星",  # the whole Chinese name
        "星",  # one character
        "创星",  # two characters
        "中科",
        "中科創星",  # Traditional characters
        "zhongkechuangxing",  # pinyin, in full
        "ZhongKe",  # part of it, in any case
        "zkcx",  # initials
        "ZKCX",
        "CAS Star",  # English words
        "cas star shanghai",
        "STAR",
        "ｃａｓ",  # full-width Latin letters
    ],
)
def test_cas_star_shanghai_is_found(seed, query):
    assert found(query) == ["cas-star-shanghai"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("李政道", ["tsung-dao-lee-institute"]),
        ("lizhengdao", ["tsung-dao-lee-institute"]),
        ("lzdyjs", ["tsung-dao-lee-institute"]),
        ("tdli", ["tsung-dao-lee-institute"]),  # an alias
        ("皓元", ["chemexpress"]),  # a Chinese alias
        ("haoyuan", ["chemexpress"]),
        ("openx", ["nokia-shanghai-bell-openx-lab"]),
        ("诺基亚", ["nokia-shanghai-bell"]),
        ("諾基亞", ["nokia-shanghai-bell"]),
        ("microsoft", ["microsoft", "microsoft-ai-iot-insider-lab"]),
        ("R&D", ["chemexpress-shanghai-rd-center"]),
        ("nobody-has-this-name", []),
    ],
)
def test_names_and_aliases_in_both_languages_are_found(seed, query, expected):
    assert found(query) == expected


def test_search_key_follows_a_changed_name(db):
    firm = member(name_en="Example Firm")
    assert found("张江") == []
    firm.name_zh = "張江示例公司"
    firm.save()
    assert found("张江") == [firm.slug]
    assert found("zjslgs") == [firm.slug]


def test_every_word_must_match(seed):
    assert found("cas 中科") == ["cas-star-shanghai"]
    assert found("cas nokia") == []


def test_like_wildcards_are_taken_literally(seed):
    assert found("%") == []
    assert found("_") == []


def test_filterset_search_rejects_overlong_queries(seed):
    filterset = OrganizationFilterSet(
        data={"q": "中" * 101}, queryset=Organization.objects.published()
    )
    assert not filterset.is_valid()
    assert "q" in filterset.errors


@pytest.mark.parametrize(
    ("path", "query", "expected"),
    [
        ("/institutions/", "中科", ["CAS Star Shanghai"]),
        ("/institutions/", "zkcx", ["CAS Star Shanghai"]),
        ("/institutions/", "xnode", ["XNode"]),
        ("/members/", "comac", ["COMAC Innovation Valley"]),
        ("/members/", "富士", ["FUJIFILM Business Innovation (China)"]),
    ],
)
def test_search_on_the_pages(client, seed, path, query, expected):
    response = client.get(path, {"q": query})
    assert [o.name_en for o in response.context["object_list"]] == expected
