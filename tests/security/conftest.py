"""Accounts in each back-office role, and the application tests' fixtures, shared."""

import pytest

from registry.installation import create_officer
from registry.roles import APPLICATION_REVIEWER, AUDITOR, PROGRAM_OFFICER
from tests.applications.conftest import form_data, program, sector
from tests.factories import UserFactory


def role_user(username: str, *roles):
    user, _password = create_officer(username=username, roles=roles)
    return user


@pytest.fixture
def program_officer(db):
    return role_user("program-officer", PROGRAM_OFFICER)


@pytest.fixture
def reviewer(db):
    return role_user("reviewer", APPLICATION_REVIEWER)


@pytest.fixture
def auditor(db):
    return role_user("auditor", AUDITOR)


@pytest.fixture
def no_group(db):
    """A staff account in no group: it may sign in and do nothing."""
    return UserFactory(username="no-group", is_staff=True)


@pytest.fixture
def viewer(db):
    """Staff who may only view applications (the case of the original report)."""
    from django.contrib.auth.models import Permission

    user = UserFactory(username="viewer", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="registry", codename="view_application"
        )
    )
    return user


__all__ = ["form_data", "program", "sector"]
