"""Multi-step writes. Admin actions, views, the API and commands all call these."""

import secrets

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import transaction
from django.db.models import Q

OFFICERS_GROUP = "Program officers"
SEED_FIXTURE = "registry"


def ensure_officer_group() -> Group:
    """The group whose members may edit every record of the registry."""
    group, _ = Group.objects.get_or_create(name=OFFICERS_GROUP)
    registry_models = Q(content_type__app_label="registry")
    tokens = Q(content_type__app_label="authtoken")
    history = Q(content_type__app_label="admin", codename="view_logentry")
    group.permissions.set(Permission.objects.filter(registry_models | tokens | history))
    return group


@transaction.atomic
def create_officer(*, username: str, email: str = "") -> tuple[object, str]:
    """A staff account in the officers' group, with a fresh random password."""
    password = secrets.token_urlsafe(12)
    user = get_user_model().objects.create_user(
        username=username, email=email, password=password, is_staff=True
    )
    user.groups.add(ensure_officer_group())
    return user, password


def load_seed_data() -> bool:
    """Load the sourced seed records, but only into an empty registry."""
    Organization = apps.get_model("registry", "Organization")
    if Organization.objects.exists():
        return False
    call_command("loaddata", SEED_FIXTURE, verbosity=0)
    return True
