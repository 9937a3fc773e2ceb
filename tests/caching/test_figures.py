"""Figures: computed once per registry version, in the reader's language."""

import pytest
from django.utils import translation

from registry.caching.figures import cached_figure, forget_figures
from registry.caching.version import bump_version
from tests.factories import SectorFactory

pytestmark = pytest.mark.django_db


class Counting:
    """A figure's computation that counts how often it ran."""

    def __init__(self, value="figure"):
        self.value, self.runs = value, 0

    def __call__(self):
        self.runs += 1
        return f"{self.value} {self.runs}"


def test_a_figure_is_computed_once_until_the_registry_changes():
    compute = Counting()

    first = cached_figure("test-figure", compute)
    again = cached_figure("test-figure", compute)

    assert (first, again, compute.runs) == ("figure 1", "figure 1", 1)


def test_a_write_to_the_registry_makes_every_figure_stale():
    compute = Counting()
    cached_figure("test-figure", compute)

    SectorFactory()  # any write to a public record bumps the version

    assert cached_figure("test-figure", compute) == "figure 2"


def test_another_process_reads_the_shared_cache_not_its_own_computation():
    compute = Counting()
    cached_figure("test-figure", compute)

    forget_figures()  # as a second server process, with no copy of its own

    assert cached_figure("test-figure", compute) == "figure 1"
    assert compute.runs == 1


def test_a_translated_figure_is_kept_per_language_and_a_plain_one_is_shared():
    compute = Counting()
    with translation.override("en"):
        english = cached_figure("test-words", compute)
        plain = cached_figure("test-number", compute, translated=False)
    with translation.override("zh-hans"):
        chinese = cached_figure("test-words", compute)
        shared = cached_figure("test-number", compute, translated=False)

    assert english != chinese
    assert plain == shared


def test_bumping_the_version_by_hand_recomputes_too():
    compute = Counting()
    cached_figure("test-figure", compute)

    bump_version()

    assert cached_figure("test-figure", compute) == "figure 2"
