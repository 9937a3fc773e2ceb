"""The one table of the site's paths that are not ordinary public pages.

Each rule names a path (and everything under it) within the site, without its
language prefix: /zh-hans/apply/ is /apply/. A path may be never cached (it is
personal, a form, or changes without a registry write) and may be read from
the primary database only (it writes, or must see a write at once). The page
cache and the replica routing both read this table.
"""

from typing import NamedTuple

from django.utils.translation import get_language_from_path


class PathRule(NamedTuple):
    path: str
    cached: bool
    from_replica: bool


RULES = (
    PathRule("/admin", cached=False, from_replica=False),
    PathRule("/apply", cached=False, from_replica=False),
    PathRule("/i18n", cached=False, from_replica=False),
    PathRule("/healthz", cached=False, from_replica=False),
    PathRule("/readyz", cached=False, from_replica=False),
    # The dumps are files written outside the registry's version; the page
    # that lists them reads nothing a replica could hold back.
    PathRule("/data", cached=False, from_replica=True),
)


def within_site(path_info: str) -> str:
    """The path without its language prefix."""
    language = get_language_from_path(path_info)
    return path_info[len(language) + 1 :] if language else path_info


def rule_for(path_info: str) -> PathRule | None:
    path = within_site(path_info)
    for rule in RULES:
        if path == rule.path or path.startswith(rule.path + "/"):
            return rule
    return None


def never_cached(path_info: str) -> bool:
    rule = rule_for(path_info)
    return rule is not None and not rule.cached


def reads_primary(path_info: str) -> bool:
    rule = rule_for(path_info)
    return rule is not None and not rule.from_replica
