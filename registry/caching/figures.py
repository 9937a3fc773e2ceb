"""Figures: values that would scan a table on every request, computed once per
registry version and kept in the shared cache (Redis when `REDIS_URL` names one,
else local memory) and in each process.

The names of the figures the pages show, and the queries behind them, are in
`registry.views.figures`; this module is the mechanism.
"""

from django.core.cache import cache
from django.utils.translation import get_language

from registry.caching.version import current_version


class _Figures:
    """This process's own copy of the figures of one registry version.

    A figure read here costs a dictionary lookup instead of a cache round trip
    and unpickling. It is exact: the version is read from the database on
    every request, and a new version empties the copy. Values are shared by
    the requests of one version, so nobody may change a figure in place.
    """

    MOST = 2000  # distinct figures (mostly list counts) kept per version

    def __init__(self):
        self.version = None
        self.values = {}

    def get(self, version: int, key: str):
        if version != self.version:
            return None
        return self.values.get(key)

    def put(self, version: int, key: str, value) -> None:
        if version != self.version or len(self.values) >= self.MOST:
            # Replaced, never emptied in place: a thread reading the old
            # dictionary keeps a consistent one.
            self.version, self.values = version, {}
        self.values[key] = value


_figures = _Figures()


def forget_figures() -> None:
    """Drop this process's copy of the figures, as `cache.clear()` drops the
    shared one (tests, whose databases start afresh at the same version)."""
    global _figures
    _figures = _Figures()


def cached_figure(name: str, compute, *, seconds: int = 3600, translated=True):
    """`compute()`, remembered until the registry changes (or an embargo ends).

    For counts and figures that would otherwise scan a table on every request.
    The shared cache holds them for every process; each process also keeps
    the current version's figures at hand (`_Figures`). A figure is kept per
    language unless `translated` is False (plain numbers).
    """
    version = current_version()
    language = get_language() if translated else "-"
    key = f"registry:figure:{version}:{language}:{name}"
    value = _figures.get(version, key)
    if value is None:
        value = cache.get(key)
        if value is None:
            value = compute()
            cache.set(key, value, timeout=seconds)
        _figures.put(version, key, value)
    return value
