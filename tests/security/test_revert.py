"""Reverting a record to an earlier version is a change: it needs the change
permission, edits only what the change form edits, and applications cannot be
reverted at all (their decision is a workflow, not a field).

Every history admin and every role is tried: a role that may not change a
record gets 403 on the revert POST, and the record stays as it was.
"""

import pytest
from django.contrib import admin
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from registry.models import Application, Organization, Program
from tests.factories import ApplicationFactory
from tests.security.test_permission_matrix import ROLES, allowed, an_object, snapshot

HISTORY_MODELS = sorted(
    (
        model
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, SimpleHistoryAdmin)
    ),
    key=lambda m: m._meta.label,
)


def revert_url(obj, version) -> str:
    opts = obj._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_simple_history",
        args=[obj.pk, version.history_id],
    )


def posted_form(client, path) -> dict:
    """What a browser would post back from the revert page, unchanged."""
    form = client.get(path).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None or value is False:
            continue
        if isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
        elif value is True:
            data[name] = "on"
        else:
            data[name] = field.widget.format_value(value) or value
    return data


@pytest.fixture
def seeded(db):
    from registry.installation import load_seed_data

    load_seed_data()
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("root", password="x" * 16)


def text_field_of(form_data: dict, model) -> str | None:
    for field in model._meta.concrete_fields:
        if field.get_internal_type() == "CharField" and field.name in form_data:
            if not field.choices and field.name != "slug" and not field.unique:
                return field.name
    return None


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", HISTORY_MODELS, ids=lambda m: m._meta.label)
def test_revert_writes_only_for_roles_that_may_change(
    client, request, seeded, role, model
):
    if model is Application:
        ApplicationFactory()
    user = request.getfixturevalue(role)
    obj = an_object(model, seeded, {"superuser": seeded})
    if obj is None:
        pytest.fail(f"no {model._meta.label} to revert in the seed")
    version = obj.history.first()
    client.force_login(seeded)
    data = posted_form(client, revert_url(obj, version))
    field = text_field_of(data, model)
    if field is not None:
        data[field] = f"Written by {role}"
    before = snapshot(model, obj.pk)

    client.force_login(user)
    response = client.post(revert_url(obj, version), data)

    may_change = "change" in allowed(role, model) and model is not Application
    if may_change:
        assert response.status_code == 302, response.content[:2000]
    else:
        assert response.status_code == 403
        assert snapshot(model, obj.pk) == before


def test_no_one_reverts_an_application_not_even_a_superuser(client, seeded):
    application = ApplicationFactory()
    version = application.history.first()
    client.force_login(seeded)
    path = revert_url(application, version)
    data = posted_form(client, path)
    data["contact_email"] = "attacker@example.com"

    response = client.post(path, data)

    application.refresh_from_db()
    assert response.status_code == 403
    assert application.contact_email != "attacker@example.com"


def test_the_revert_page_of_an_application_offers_no_revert_button(client, seeded):
    application = ApplicationFactory()
    client.force_login(seeded)

    page = client.get(revert_url(application, application.history.first()))

    assert page.status_code == 200
    assert b'name="_save"' not in page.content


def test_a_reviewer_cannot_lift_an_embargo_through_revert(client, seeded, reviewer):
    program = Program.objects.main()
    version = program.history.first()
    client.force_login(seeded)
    data = posted_form(client, revert_url(program, version))
    data.pop("accepts_applications", None)
    client.force_login(reviewer)

    response = client.post(revert_url(program, version), data)

    program.refresh_from_db()
    assert response.status_code == 403
    assert program.accepts_applications


def test_a_revert_keeps_the_fields_the_change_form_does_not_edit(
    client, seeded, program_officer
):
    organization = Organization.objects.order_by("pk").first()
    first = organization.history.order_by("history_date").first()
    organization.slug = "a-slug-set-since"
    organization.name_en = "Renamed since"
    organization.save()
    client.force_login(seeded)
    data = posted_form(client, revert_url(organization, first))
    client.force_login(program_officer)

    response = client.post(revert_url(organization, first), data)

    organization.refresh_from_db()
    assert response.status_code == 302
    assert organization.name_en == first.name_en
    assert organization.slug == "a-slug-set-since"
