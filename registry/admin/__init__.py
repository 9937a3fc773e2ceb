"""The back office: every record of the registry, its admin site, two-factor
sign-in and the officers' tools (imports, ROR, history, data quality).

One module per concept; importing them registers their admin classes.
"""

from registry.admin import (
    access,
    applications,
    awards,
    imports,
    logentries,
    organizations,
    programs,
)

__all__ = [
    "access",
    "applications",
    "awards",
    "imports",
    "logentries",
    "organizations",
    "programs",
]
