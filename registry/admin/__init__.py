"""The back office: every record of the registry, for program officers.

One module per concept; importing them registers their admin classes.
"""

from . import applications, awards, history, organizations, programs

__all__ = ["applications", "awards", "history", "organizations", "programs"]
