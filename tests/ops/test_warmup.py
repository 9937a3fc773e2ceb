"""A server process builds its URL patterns, translations and templates before
its first request, without touching the database (a connection must not cross
gunicorn's fork)."""

from django.template import engines
from django.utils import translation

from registry.ops.warmup import TEMPLATES, warm_up


def test_warm_up_reads_no_database_and_leaves_the_language_alone():
    # Without the db fixture, any database access here fails the test.
    with translation.override("zh-hans"):
        warm_up()
        assert translation.get_language() == "zh-hans"


def test_every_template_warm_up_names_exists():
    engine = engines["django"]
    for name in TEMPLATES:
        assert engine.get_template(name)
