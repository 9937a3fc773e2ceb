"""The back office: every record of the registry, for program officers.

One module per concept; importing them registers their admin classes.
"""

from registry.admin import (
    access,
    applications,
    awards,
    history,
    imports,
    organizations,
    programs,
)

__all__ = [
    "access",
    "applications",
    "awards",
    "history",
    "imports",
    "organizations",
    "programs",
]
