"""The back office's roles, as Django groups that `manage.py setup_roles` keeps.

Each role is a rule over the permissions that exist, not a fixed list, so a
model added later (its history table, say) lands in the right roles the next
time `setup_roles` runs. Running it again changes nothing.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

PROGRAM_OFFICER = "Program officers"
APPLICATION_REVIEWER = "Application reviewers"
AUDITOR = "Auditors"
ROLES = (PROGRAM_OFFICER, APPLICATION_REVIEWER, AUDITOR)

# Applications hold applicants' personal data: only reviewers (and auditors,
# who read everything) see them.
APPLICATION_MODELS = (
    "application",
    "applicationmessage",
    "applicationattempt",
    "historicalapplication",
    "historicalapplicationmessage",
)
OWN_API_TOKENS = Q(
    content_type__app_label="knox",
    codename__in=["add_authtoken", "view_authtoken", "delete_authtoken"],
)
REGISTRY = Q(content_type__app_label="registry")
APPLICATIONS = REGISTRY & Q(content_type__model__in=APPLICATION_MODELS)
HISTORY = REGISTRY & Q(content_type__model__startswith="historical")
VIEW = Q(codename__startswith="view_")


def role_permissions(role: str):
    """The permissions a role grants."""
    if role == PROGRAM_OFFICER:
        # Every registry record, its imports and the open-data dump (a
        # permission of the organization); history only to read.
        rule = (
            (REGISTRY & ~APPLICATIONS & ~HISTORY)
            | (HISTORY & ~APPLICATIONS & VIEW)
            | Q(content_type__app_label="admin", codename="view_logentry")
            | OWN_API_TOKENS
        )
    elif role == APPLICATION_REVIEWER:
        # Read the registry; review applications and write to applicants.
        rule = (REGISTRY & ~APPLICATIONS & VIEW) | (
            APPLICATIONS
            & Q(
                codename__in=[
                    "view_application",
                    "change_application",
                    "view_applicationmessage",
                    "add_applicationmessage",
                    "view_historicalapplication",
                ]
            )
        )
    elif role == AUDITOR:
        rule = VIEW & Q(
            content_type__app_label__in=["registry", "admin", "auth", "axes"]
        )
    else:
        raise ValueError(f"Unknown role {role!r}")
    return Permission.objects.filter(rule)


@transaction.atomic
def setup_roles() -> dict[str, Group]:
    """Create or update the three groups; their permissions are set exactly."""
    groups = {}
    for role in ROLES:
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.set(role_permissions(role))
        groups[role] = group
    return groups
