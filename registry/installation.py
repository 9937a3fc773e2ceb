"""Setting up an installation: the sourced seed records and officer accounts."""

import secrets

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.utils.translation import gettext

from registry.database import refresh_planner_statistics
from registry.history import acting, record_first_versions
from registry.models import Organization
from registry.models.history import Source
from registry.roles import APPLICATION_REVIEWER, PROGRAM_OFFICER, setup_roles

SEED_FIXTURE = "registry"


@transaction.atomic
def create_officer(
    *, username: str, email: str = "", roles=(PROGRAM_OFFICER, APPLICATION_REVIEWER)
) -> tuple[object, str]:
    """A staff account in the given roles, with a fresh random password.

    By default it both keeps the registry and reviews applications, as the one
    officer of a local installation does.
    """
    password = secrets.token_urlsafe(16)
    user = get_user_model().objects.create_user(
        username=username, email=email, password=password, is_staff=True
    )
    groups = setup_roles()
    user.groups.add(*(groups[role] for role in roles))
    return user, password


def load_seed_data() -> bool:
    """Load the sourced seed records, but only into an empty registry.

    Each record's history begins with the load, made by a command.
    """
    if Organization.objects.exists():
        return False
    reason = gettext("Loaded from the seed records.")
    with transaction.atomic(), acting(source=Source.COMMAND, reason=reason):
        call_command("loaddata", SEED_FIXTURE, verbosity=0)
        record_first_versions()
    # Statistics for the planner now that the tables hold rows.
    refresh_planner_statistics()
    return True
