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


def test_program_officers_keep_the_registry_but_not_applications():
    call_command("setup_roles", stdout=io.StringIO())
    officer = codenames(PROGRAM_OFFICER)

    assert {
        "registry.add_organization",
        "registry.change_membership",
        "registry.delete_recognition",
        "registry.publish_open_data",
        "admin.view_logentry",
        "knox.add_authtoken",
    } <= officer
    assert not {p for p in officer if "application" in p}
    assert not {p for p in officer if p.startswith("auth.")}


def test_reviewers_decide_applications_and_only_read_the_registry():
    call_command("setup_roles", stdout=io.StringIO())
    reviewer = codenames(APPLICATION_REVIEWER)

    assert {
        "registry.view_application",
        "registry.change_application",
        "registry.add_applicationmessage",
        "registry.view_organization",
    } <= reviewer
    assert "registry.change_organization" not in reviewer
    assert "registry.delete_application" not in reviewer
    assert "registry.publish_open_data" not in reviewer


def test_auditors_read_everything_and_change_nothing():
    call_command("setup_roles", stdout=io.StringIO())
    auditor = codenames(AUDITOR)

    assert {
        "registry.view_application",
        "registry.view_organization",
        "admin.view_logentry",
        "auth.view_user",
    } <= auditor
    assert all(p.split(".")[1].startswith("view_") for p in auditor)
