"""Search by index finds exactly what the plain rule finds, and the index keeps up.

The rule (registry/search/names.py): every word of the query occurs in the
organization's search key. The index (registry/search/index.py)
only helps the database find those rows; these tests compare what a search
finds with the rule applied to every record in Python, for names in both
scripts, pinyin, initials, aliases and characters that mean something to LIKE
or to FTS5, and check that every way of writing an organization keeps the
index right.
"""

import importlib

import pytest
from django.apps import apps
from django.db import connection

from registry.models import Organization
from registry.search.index import SQLITE_TRIGGERS, repair_search_index
from registry.search.names import build_search_key, query_terms
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

NAMES = [
    # (English name, Chinese name, aliases)
    ("Zhangjiang Quantum Technology Co., Ltd.", "张江量子科技有限公司", ""),
    ("", "張江生物醫藥", ""),  # Traditional characters
    ("", "量", ""),  # a name of one character
    ("Tsung-Dao Lee Institute", "李政道研究所", "TDLI\n李所"),
    ("CAS Star", "中科创星", "ＣＡＳ Star Shanghai"),  # full-width letters
    ('100% Natural_Foods "Quoted" Co.', "", "50%_off\nback\\slash"),
    ("NEAR Protocol Labs", "", 'a*b\n-minus\nkey:value\n^caret\n"near"\nAND OR NOT'),
    ("(Paren) {Brace} [Bracket] Co.", "", "col:umn\nx-y-z\nq^r"),
    ("O'Brien & Partners", "", "r&d\n'quoted'"),
    ("Straße Engineering GmbH", "", "Σίσυφος"),  # ß, final sigma
    ("🚀 Rocket Lab", "火箭实验室", "🚀🚀"),  # characters beyond the BMP
    ("ZJ", "", ""),  # a key of two characters
    ("X", "", ""),  # and of one
    ("Lujiazui Finance Hub", "陆家嘴金融城", "LJZ"),
]
FIXED_QUERIES = [
    "zhangjiang",
    "zj",
    "李政",
    "張江",
    "量",
    "quantum",
    "张江 量子",  # every word must occur
    "zhangjiang lujiazui",  # no record has both
    "tdli 李",
    "%",
    "_",
    "%_",
    "50%",
    "l_b",
    '"',
    '""',
    '"near"',
    "near",
    "NEAR(a b)",
    "a*b",
    "*",
    "-",
    "-minus",
    ":",
    "key:value",
    "col:",
    "^",
    "^caret",
    "'",
    "o'brien",
    "\\",
    "back\\",
    "and or not",
    "OR",
    "(",
    "{brace}",
    "[",
    "&",
    "r&d",
    "ß",
    "straß",
    "strasse",
    "ς",
    "ος",
    "φος",
    "σίσυφος",
    "🚀",
    "🚀🚀",
    "rocket 🚀",
    "ｃａｓ",
    "x",
    "xx",
    "nobody has this name",
]


@pytest.fixture
def records(db):
    made = [
        OrganizationFactory(name_en=en, name_zh=zh, aliases=aliases)
        for en, zh, aliases in NAMES
    ]
    OrganizationFactory(name_en="Hidden Zhangjiang Lab", is_published=False)
    return made


def by_the_rule(query: str) -> set[int]:
    """The organizations whose search key holds every word, by Python alone."""
    terms = query_terms(query)
    return {
        pk
        for pk, key in Organization.objects.values_list("pk", "search_key")
        if all(term in key for term in terms)
    }


def by_plain_like(query: str) -> set[int]:
    """What the search found before it had an index: LIKE on every key."""
    queryset = Organization.objects.all()
    for term in query_terms(query):
        queryset = queryset.filter(search_key__contains=term)
    return set(queryset.values_list("pk", flat=True))


def found(query: str) -> set[int]:
    return set(Organization.objects.search(query).values_list("pk", flat=True))


def every_word_piece() -> list[str]:
    """Every piece of one to four characters of every word of every key: each
    beginning, middle and end, and the pieces at the ends of keys."""
    pieces = set()
    for key in Organization.objects.values_list("search_key", flat=True):
        for word in key.split():
            for size in range(1, 5):
                pieces.update(word[i : i + size] for i in range(len(word)))
            pieces.add(word)
    return sorted(pieces)


def test_fixed_queries_find_what_the_rule_finds(records):
    for query in FIXED_QUERIES:
        expected = by_the_rule(query)
        assert found(query) == expected == by_plain_like(query), query


def test_every_piece_of_every_name_finds_what_the_rule_finds(records):
    pieces = every_word_piece()
    assert len(pieces) > 500
    wrong = [piece for piece in pieces if found(piece) != by_the_rule(piece)]
    assert wrong == []


def test_pairs_of_pieces_find_what_the_rule_finds(records):
    pieces = every_word_piece()[::37]
    queries = [f"{a} {b}" for a in pieces[:12] for b in pieces[-12:]]
    wrong = [query for query in queries if found(query) != by_the_rule(query)]
    assert wrong == []


def test_any_of_several_words_finds_what_the_rule_finds(records):
    """The reconciliation service's second try: any word may do."""
    pieces = every_word_piece()[::53]
    for words in [pieces[:3], pieces[-3:], ["zj", "quantum"], ["量", "%", '"']]:
        keys = Organization.objects.values_list("pk", "search_key")
        expected = {pk for pk, key in keys if any(word in key for word in words)}
        holding = Organization.objects.holding_any_word(words)
        assert set(holding.values_list("pk", flat=True)) == expected, words


def test_the_bench_searches_find_the_records_they_should(records):
    names = {o.pk: o.name_en or o.name_zh for o in records}

    def named(query):
        return sorted(names[pk] for pk in found(query) if pk in names)

    zhangjiang = ["Zhangjiang Quantum Technology Co., Ltd.", "張江生物醫藥"]
    assert named("zhangjiang") == named("张江") == named("張江") == zhangjiang
    assert {"ZJ", *zhangjiang} <= set(named("zj"))  # and Lujiazui's "ljzjrc"
    assert named("zjlzkjyxgs") == ["Zhangjiang Quantum Technology Co., Ltd."]
    assert named("李政") == ["Tsung-Dao Lee Institute"]
    assert named("量") == ["Zhangjiang Quantum Technology Co., Ltd.", "量"]
    assert named("quantum") == ["Zhangjiang Quantum Technology Co., Ltd."]
    assert named("张江 生物") == ["張江生物醫藥"]


# The index keeps up with every way of writing ------------------------------------


def test_a_new_organization_is_found_by_its_names(db):
    firm = OrganizationFactory(name_en="Qingpu Widgets", name_zh="青浦部件")
    for query in ["qingpu", "widgets", "青浦", "部", "qpbj", "QP"]:
        assert found(query) == {firm.pk}, query


def test_a_renamed_organization_is_found_by_its_new_name_only(db):
    firm = OrganizationFactory(name_en="Old Widget Works", name_zh="旧部件")
    firm.name_en = "New Gadget Works"
    firm.name_zh = "新器件"
    firm.save()
    for query in ["gadget", "新器", "新", "xqj", "works"]:
        assert found(query) == {firm.pk}, query
    for query in ["widget", "旧部件", "旧", "jbj"]:
        assert found(query) == set(), query


def test_changed_aliases_are_found(db):
    firm = OrganizationFactory(name_en="Alias Holder", aliases="Oldie")
    firm.aliases = "Brandnew\n新名"
    firm.save(update_fields=["aliases"])
    assert found("brandnew") == found("新名") == found("xm") == {firm.pk}
    assert found("oldie") == set()


def test_a_deleted_organization_is_no_longer_found(db):
    firm = OrganizationFactory(name_en="Short Lived Venture", name_zh="昙花")
    kept = OrganizationFactory(name_en="Long Lived Venture")
    firm.delete()
    assert found("venture") == {kept.pk}
    assert found("昙") == found("short") == set()


def test_bulk_created_organizations_are_found(db):
    made = Organization.objects.bulk_create(
        Organization(
            slug=f"bulk-{n}",
            kind=Organization.Kind.ENTERPRISE,
            name_en=f"Bulk Firm {n}",
            name_zh=f"批量{n}号",
            search_key=build_search_key(f"Bulk Firm {n}", f"批量{n}号"),
        )
        for n in range(3)
    )
    assert found("bulk") == found("批量") == found("pl") == {o.pk for o in made}
    assert found("批量2") == {made[2].pk}


def test_a_key_changed_by_update_is_found(db):
    firm = OrganizationFactory(name_en="Before Update")
    Organization.objects.filter(pk=firm.pk).update(
        search_key=build_search_key("After Update", "更新后")
    )
    assert found("after") == found("更新") == found("gxh") == {firm.pk}
    assert found("before") == set()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's triggers")
def test_lost_triggers_are_put_back_and_the_index_rebuilt(db):
    firm = OrganizationFactory(name_en="Before Rebuild")
    with connection.cursor() as cursor:  # as a rebuilt table would have them
        for name in SQLITE_TRIGGERS:
            cursor.execute(f"DROP TRIGGER {name}")
    firm.name_en = "Renamed Meanwhile"
    firm.save()
    unseen = OrganizationFactory(name_en="Added Meanwhile")
    assert found("meanwhile") == set()  # the index did not see them

    assert repair_search_index(connection) is True

    assert found("meanwhile") == {firm.pk, unseen.pk}
    firm.name_en = "Renamed Again"
    firm.save()
    assert found("again") == {firm.pk}
    assert repair_search_index(connection) is False  # nothing missing now


@pytest.mark.django_db(transaction=True)
def test_the_index_migration_indexes_every_organization():
    migration = importlib.import_module("registry.migrations.0010_search_trigram_index")
    with connection.schema_editor() as editor:
        migration.remove(apps, editor)
    try:
        firm = OrganizationFactory(name_en="Existing Before", name_zh="先有")
    finally:
        with connection.schema_editor() as editor:
            migration.install(apps, editor)
    assert found("existing") == found("先") == found("xy") == {firm.pk}


# Whatever a visitor types -----------------------------------------------------

ODD_QUERIES = [
    '"',
    '"""',
    "*",
    "***",
    "-",
    "--",
    ":",
    "^",
    "'",
    "%",
    "%%",
    "_",
    "\\",
    "!!!",
    "。，、",
    "()",
    "{}",
    "NEAR(",
    'NEAR("a" "b", 2)',
    "AND",
    "a OR b NOT c",
    "col:umn",
    "x" * 100,
    "张" * 100,
    " ".join(["z"] * 50),
]


@pytest.mark.parametrize("query", ODD_QUERIES)
def test_odd_queries_give_the_page_and_what_the_rule_finds(client, records, query):
    for path in ("/members/", "/zh-hans/institutions/"):
        response = client.get(path, {"q": query})
        assert response.status_code == 200, path
    response = client.get("/api/v1/organizations/", {"q": query})
    assert response.status_code == 200
    published = set(Organization.objects.published().filter(pk__in=by_the_rule(query)))
    assert response.json()["count"] == len(published)


@pytest.mark.parametrize(("query", "status"), [("a\0b", 400), ("x" * 101, 400)])
def test_a_nul_or_an_overlong_query_is_refused_not_an_error(
    client, records, query, status
):
    for path in ("/members/", "/api/v1/organizations/"):
        assert client.get(path, {"q": query}).status_code == status, path
