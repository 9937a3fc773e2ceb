"""Roles: `manage.py setup_roles` makes the three groups exactly, run after run."""

import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from registry.roles import APPLICATION_REVIEWER, AUDITOR, PROGRAM_OFFICER

pytestmark = pytest.mark.django_db


def codenames(role: str) -> set[str]:
    return {
        f"{app}.{codename}"
        for app, codename in Group.objects.get(name=role).permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


def test_setup_roles_is_idempotent_and_exact():
    call_command("setup_roles", stdout=io.StringIO())
    first = {role: codenames(role) for role in (PROGRAM_OFFICER, AUDITOR)}
    # A hand-made change to a group is undone by the next run.
    Group.objects.get(name=AUDITOR).permissions.add(
        Permission.objects.get(codename="change_organization")
    )

    call_command("setup_roles", stdout=io.StringIO())

    assert Group.objects.filter(name__in=[PROGRAM_OFFICER, AUDITOR]).count() == 2
    assert {role: codenames(role) for role in first} == first
    assert "registry.change_organization" not in codenames(AUDITOR)


ROLE_EXAMPLES = {
    # Program officers keep the registry, but see no application.
    PROGRAM_OFFICER: (
        {
            "registry.add_organization",
            "registry.change_membership",
            "registry.delete_recognition",
            "registry.publish_open_data",
            "admin.view_logentry",
            "knox.add_authtoken",
        },
        {"registry.view_application", "auth.view_user", "auth.change_user"},
    ),
    # Reviewers decide applications and only read the registry.
    APPLICATION_REVIEWER: (
        {
            "registry.view_application",
            "registry.change_application",
            "registry.add_applicationmessage",
            "registry.view_organization",
        },
        {
            "registry.change_organization",
            "registry.delete_application",
            "registry.publish_open_data",
        },
    ),
    # Auditors read everything and change nothing (checked for every one below).
    AUDITOR: (
        {
            "registry.view_application",
            "registry.view_organization",
            "admin.view_logentry",
            "auth.view_user",
        },
        {"registry.change_application", "registry.publish_open_data"},
    ),
}


@pytest.mark.parametrize("role", list(ROLE_EXAMPLES))
def test_each_role_grants_what_it_says_and_nothing_it_must_not(role):
    call_command("setup_roles", stdout=io.StringIO())
    granted = codenames(role)
    must, must_not = ROLE_EXAMPLES[role]

    assert must <= granted
    assert not must_not & granted
    if role == PROGRAM_OFFICER:
        assert not {p for p in granted if "application" in p}
    if role == AUDITOR:
        assert all(p.split(".")[1].startswith("view_") for p in granted)
