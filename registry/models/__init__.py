from .applications import Application, ApplicationAttempt, ApplicationMessage
from .awards import Award, Event, Recognition
from .history import ImportRun
from .organizations import District, Institution, MemberFirm, Organization, Sector
from .programs import Membership, Program, ReportedFigure
from .versions import RegistryVersion

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
