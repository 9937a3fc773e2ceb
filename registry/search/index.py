"""The database's half of search: indexes that find an organization's words fast.

`registry.search.names` decides what matches: every word of the query occurs in the
organization's `search_key`. `contains_word` keeps exactly that test
(`search_key__contains`, `LIKE '%word%'`) and adds a list of candidates that an
index gives, so the database reads the few rows that may match instead of every
key. Each index gives every matching row (and perhaps a few more), and the exact
test decides: what a search finds never depends on the index.

SQLite: an FTS5 table with the trigram tokenizer, `registry_organization_search`,
holds no text, only which organization (rowid = id) has which three-character
pieces of its key (case folded). Triggers on `registry_organization` keep it
right for every write: `save`, `bulk_create`, `update` and raw SQL alike. The
key is indexed with two line breaks after it, so that every one- or
two-character word of a key begins some indexed trigram:

- a word of three characters or more: the rows holding the trigrams that tile
  it (an FTS5 `MATCH`, each trigram a quoted string, so nothing a visitor types
  is read as query syntax);
- a shorter word: the rows holding a trigram that begins with it, a range of the
  index's terms read through the `fts5vocab` table
  `registry_organization_search_trigrams`.

PostgreSQL: pg_trgm's GIN index on `search_key` serves `LIKE '%word%'` for words
of three characters or more. Shorter words have no trigram: a second GIN index
holds each key's one- and two-character pieces
(`registry_search_grams(search_key)`), and the word is looked up among them.

On both, the candidates are a list the database reads first (SQLite
`id IN (SELECT ...)`, PostgreSQL `ctid = ANY(ARRAY(SELECT ctid ...))`, which
both planners take for a short list). A sorted page then sorts the few rows found
instead of walking the sort index and testing row after row until the page is
full, which reads nearly the whole table when the matches sort late ("张江" on
the English pages: "Zhangjiang ...").

Django's SQLite schema editor rebuilds a table to alter some of its columns, and
the triggers go with the old table: `repair_search_index`, run after every
`migrate`, puts them back and indexes every key again.
"""

from functools import reduce
from operator import and_, or_

from django.db import connections, models, transaction
from django.db.models import F, Func, Q
from django.db.models.expressions import Col, RawSQL

# A trigram is three characters; shorter words take the other path.
TRIGRAM = 3

# The index holds each key, without NUL characters (the trigram tokenizer stops
# at one), followed by two line breaks (no word has one: `query_terms` splits
# on white space).
SQLITE_TABLES = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS registry_organization_search USING fts5("
    "search_key, content='', tokenize='trigram', detail='none')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS registry_organization_search_trigrams "
    "USING fts5vocab(registry_organization_search, 'instance')",
]
SQLITE_TRIGGERS = {
    "registry_organization_search_insert": """
        CREATE TRIGGER IF NOT EXISTS registry_organization_search_insert
        AFTER INSERT ON registry_organization BEGIN
            INSERT INTO registry_organization_search(rowid, search_key)
            VALUES (new.id, replace(new.search_key, char(0), '') || char(10, 10));
        END""",
    "registry_organization_search_update": """
        CREATE TRIGGER IF NOT EXISTS registry_organization_search_update
        AFTER UPDATE ON registry_organization
        WHEN old.search_key IS NOT new.search_key OR old.id IS NOT new.id BEGIN
            INSERT INTO registry_organization_search(
                registry_organization_search, rowid, search_key
            ) VALUES (
                'delete', old.id, replace(old.search_key, char(0), '') || char(10, 10)
            );
            INSERT INTO registry_organization_search(rowid, search_key)
            VALUES (new.id, replace(new.search_key, char(0), '') || char(10, 10));
        END""",
    "registry_organization_search_delete": """
        CREATE TRIGGER IF NOT EXISTS registry_organization_search_delete
        AFTER DELETE ON registry_organization BEGIN
            INSERT INTO registry_organization_search(
                registry_organization_search, rowid, search_key
            ) VALUES (
                'delete', old.id, replace(old.search_key, char(0), '') || char(10, 10)
            );
        END""",
}
SQLITE_REINDEX = [
    "INSERT INTO registry_organization_search(registry_organization_search) "
    "VALUES ('delete-all')",
    "INSERT INTO registry_organization_search(rowid, search_key) "
    "SELECT id, replace(search_key, char(0), '') || char(10, 10) "
    "FROM registry_organization",
]
# The highest character: each trigram that begins with a word sorts between the
# word and the word followed by as many of these as the trigram has room for.
LAST_CHARACTER = "\U0010ffff"

PG_TRIGRAM_INDEX = "registry_org_search_trgm"
PG_GRAMS_INDEX = "registry_org_search_grams"
PG_GRAMS_FUNCTION = "registry_search_grams"


def holding_words(model, using: str, words: list[str], *, every: bool = True) -> Q:
    """The condition "the search key holds every (or any) one of `words`".

    The exact test as `registry.search.names` states it, for each word, and the
    candidates an index gives, which never leave out a row that passes it.
    """
    combine = and_ if every else or_
    vendor = connections[using].vendor
    if vendor == "sqlite":  # a list of candidates for each word
        return reduce(
            combine,
            (Q(search_key__contains=word) & _sqlite_candidates(word) for word in words),
        )
    exact = reduce(combine, (Q(search_key__contains=word) for word in words))
    if vendor == "postgresql":  # one list for all the words
        return exact & Q(_postgresql_candidates(model, words, combine))
    return exact


def _sqlite_candidates(term: str) -> Q:
    if "\0" in term:  # the index holds no NUL (and LIKE ends its word there)
        return Q()
    if len(term) >= TRIGRAM:
        holding_trigrams = RawSQL(
            "SELECT rowid FROM registry_organization_search "
            "WHERE registry_organization_search MATCH %s",
            [_match_expression(term)],
        )
        return Q(pk__in=holding_trigrams)
    # The index's trigrams are case folded: a shorter word is looked up among
    # them as written, so only a word that folding leaves as it is.
    if term != term.casefold():
        return Q()
    last = term + LAST_CHARACTER * (TRIGRAM - len(term))
    holding_a_trigram_in_range = RawSQL(
        "SELECT doc FROM registry_organization_search_trigrams "
        "WHERE term >= %s AND term <= %s",
        [term, last],
    )
    return Q(pk__in=holding_a_trigram_in_range)


def _match_expression(term: str) -> str:
    """An FTS5 query for the rows holding the trigrams that tile `term`.

    Each trigram is a quoted string (a quote in it doubled), so nothing in the
    word (`"`, `*`, `NEAR`, `-`, `:`, `^`, `AND`) is read as query syntax.
    """
    starts = list(range(0, len(term) - TRIGRAM + 1, TRIGRAM))
    if starts[-1] != len(term) - TRIGRAM:
        starts.append(len(term) - TRIGRAM)
    pieces = (term[start : start + TRIGRAM] for start in starts)
    return " ".join('"{}"'.format(piece.replace('"', '""')) for piece in pieces)


def _postgresql_candidates(model, words: list[str], combine):
    """`ctid = ANY(ARRAY(SELECT ctid ...))`: the rows the indexes give for the words.

    One array for all the words: the planner combines the indexes inside
    (BitmapAnd, BitmapOr), and the outer query reads those rows where they lie
    (a TID scan; by `id` it would descend the primary key's index once per
    row, a quarter more time). Both run on the statement's one snapshot.
    """
    from django.contrib.postgres.expressions import ArraySubquery
    from django.contrib.postgres.fields import ArrayField

    grams = Func(
        F("search_key"),
        function=PG_GRAMS_FUNCTION,
        output_field=ArrayField(models.TextField()),
    )
    by_index = reduce(
        combine,
        (
            Q(search_key__contains=word)  # pg_trgm serves LIKE
            if len(word) >= TRIGRAM
            else Q(search_grams__contains=[word])
            for word in words
        ),
    )
    rows = model._base_manager.order_by().alias(search_grams=grams).filter(by_index)
    addresses = rows.annotate(address=_RowAddress()).values("address")
    return _IsAnyOf(_RowAddress(), ArraySubquery(addresses))


class _IsAnyOf(Func):
    """`value = ANY(array)`: PostgreSQL's "is in this list" for an array."""

    arg_joiner = " = ANY("
    template = "%(expressions)s)"
    output_field = models.BooleanField()


class _RowAddress(F):
    """PostgreSQL's `ctid` of the query's own row (the organization's, not a
    joined one's): the column of the primary key's table and alias."""

    column = models.TextField()
    column.set_attributes_from_name("ctid")

    def __init__(self):
        super().__init__("pk")

    def resolve_expression(self, *args, **kwargs):
        pk = super().resolve_expression(*args, **kwargs)
        return Col(pk.alias, self.column)


def _install_sqlite(execute) -> None:
    for statement in SQLITE_TABLES + SQLITE_REINDEX + list(SQLITE_TRIGGERS.values()):
        execute(statement)


def repair_search_index(connection) -> bool:
    """Put back the SQLite triggers if a rebuilt table lost them, and re-index.

    Returns whether it had to. Does nothing before the index's migration, nor
    on PostgreSQL, whose indexes belong to the table and survive its changes.
    """
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master")
        present = {name for (name,) in cursor.fetchall()}
        if "registry_organization_search" not in present:
            return False
        if present >= set(SQLITE_TRIGGERS):
            return False
        with transaction.atomic(using=connection.alias):
            _install_sqlite(cursor.execute)
    return True
