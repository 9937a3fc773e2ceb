from registry.models.applications import (
    Application,
    ApplicationAttempt,
    ApplicationMessage,
)
from registry.models.awards import Award, Event, Recognition
from registry.models.history import ImportRun
from registry.models.organizations import (
    District,
    Institution,
    MemberFirm,
    Organization,
    Sector,
)
from registry.models.programs import Membership, Program, ReportedFigure
from registry.models.versions import RegistryVersion

__all__ = [
    "Application",
    "ApplicationAttempt",
    "ApplicationMessage",
    "Award",
    "District",
    "Event",
    "ImportRun",
    "Institution",
    "MemberFirm",
    "Membership",
    "Organization",
    "Program",
    "Recognition",
    "RegistryVersion",
    "ReportedFigure",
    "Sector",
]
