"""Roles, NetBox style: for each role and for staff in no group, every admin page,
action, custom URL and API write answers as the role allows, and nothing changes
where the answer is no.

The expectations below are written out by hand from the roles' description, not
read from the code that grants them.
"""

import pytest
from axes.models import AccessAttempt
from django.apps import apps as django_apps
from django.contrib import admin
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import NoReverseMatch, get_resolver, reverse
from knox.models import AuthToken

from registry.installation import load_seed_data
from registry.models import Application, Organization, Sector
from registry.roles import APPLICATION_REVIEWER, AUDITOR, PROGRAM_OFFICER
from tests.conftest import rows_for_the_module
from tests.factories import ApplicationFactory, UserFactory
from tests.security.conftest import role_user

ROLES = ["program_officer", "reviewer", "auditor", "no_group"]
ALL = {"view", "add", "change", "delete"}
ALLOWED = {
    "program_officer": {
        "registry": ALL,
        "logentry": {"view"},
        "tokens": {"view", "add", "delete"},
    },
    "reviewer": {"registry": {"view"}, "applications": {"view", "change"}},
    "auditor": {
        "registry": {"view"},
        "applications": {"view"},
        "logentry": {"view"},
        "auth": {"view"},
        "axes": {"view"},
    },
    "no_group": {},
}
# Custom actions and the verb each one needs; every action must be listed here.
ACTION_NEEDS = {
    "delete_selected": "delete",
    "accept_selected": "change",
    "start_review_selected": "change",
    "cleanup_expired_attempts": "delete",
}


def category(model) -> str:
    label, name = model._meta.app_label, model._meta.model_name
    if label == "registry":
        personal = name.startswith(("application", "historicalapplication"))
        return "applications" if personal else "registry"
    return {"admin": "logentry", "auth": "auth", "knox": "tokens", "axes": "axes"}.get(
        label, "other"
    )


def allowed(role: str, model) -> set[str]:
    return ALLOWED[role].get(category(model), set())


MODELS = sorted(admin.site._registry, key=lambda m: m._meta.label)


def url(model, view, *args) -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def snapshot(model, pk):
    return model._default_manager.filter(pk=pk).values().first()


def build_world():
    """Seed records, an application, a log entry, a lockout row, a superuser
    and an account in each role."""
    load_seed_data()
    superuser = get_user_model().objects.create_superuser("root", password="x" * 16)
    application = ApplicationFactory()
    LogEntry.objects.log_actions(
        user_id=superuser.pk,
        queryset=Organization.objects.all()[:1],
        action_flag=ADDITION,
    )
    AccessAttempt.objects.create(
        username="someone",
        ip_address="192.0.2.1",
        user_agent="test",
        http_accept="*/*",
        path_info="/admin/login/",
        get_data="",
        post_data="",
        failures_since_start=1,
    )
    users = {
        "program_officer": role_user("program-officer", PROGRAM_OFFICER),
        "reviewer": role_user("reviewer", APPLICATION_REVIEWER),
        "auditor": role_user("auditor", AUDITOR),
        "no_group": UserFactory(username="no-group", is_staff=True),
    }
    return {
        "superuser": superuser.pk,
        "application": application.pk,
        **{role: user.pk for role, user in users.items()},
    }


# Built once for the module (each test used to build it all again); every test
# still reads its own copies of the rows, and its writes are rolled back.
world_rows = rows_for_the_module(build_world)


def user_of(world_rows, role):
    return get_user_model().objects.get(pk=world_rows[role])


@pytest.fixture
def world(world_rows, db):
    return {
        "superuser": user_of(world_rows, "superuser"),
        "application": Application.objects.get(pk=world_rows["application"]),
    }


@pytest.fixture
def program_officer(world_rows, db):
    return user_of(world_rows, "program_officer")


@pytest.fixture
def reviewer(world_rows, db):
    return user_of(world_rows, "reviewer")


@pytest.fixture
def auditor(world_rows, db):
    return user_of(world_rows, "auditor")


@pytest.fixture
def no_group(world_rows, db):
    return user_of(world_rows, "no_group")


def an_object(model, user, world):
    """One row the changelist would show, for change and delete checks."""
    if model is AuthToken:
        return AuthToken.objects.create(user=user)[0]
    if model is get_user_model():
        return world["superuser"]
    request = RequestFactory().get("/")
    request.user = world["superuser"]
    return admin.site._registry[model].get_queryset(request).first()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_admin_pages_answer_by_role(client, request, world, role, model):
    user = request.getfixturevalue(role)
    verbs = allowed(role, model)
    client.force_login(world["superuser"])
    superuser_add = client.get(url(model, "add")).status_code
    client.force_login(user)

    changelist = client.get(url(model, "changelist")).status_code
    add = client.get(url(model, "add")).status_code
    assert changelist == (200 if verbs & {"view", "change"} else 403)
    assert add == (superuser_add if "add" in verbs else 403)

    obj = an_object(model, user, world)
    if obj is None:
        return
    before = snapshot(model, obj.pk)
    change = client.get(url(model, "change", obj.pk)).status_code
    assert change == (200 if verbs & {"view", "change"} else 403)
    history = client.get(url(model, "history", obj.pk)).status_code
    assert history == (200 if verbs & {"view", "change"} else 403)
    if "change" not in verbs:
        assert client.post(url(model, "change", obj.pk), {}).status_code == 403
    if "delete" not in verbs:
        response = client.post(url(model, "delete", obj.pk), {"post": "yes"})
        assert response.status_code == 403
    assert snapshot(model, obj.pk) == before


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_admin_actions_change_nothing_without_their_permission(
    client, request, world, role, model
):
    user = request.getfixturevalue(role)
    factory_request = RequestFactory().get("/")
    factory_request.user = world["superuser"]
    actions = admin.site._registry[model].get_actions(factory_request)
    obj = an_object(model, user, world)
    if obj is None or not actions:
        return
    client.force_login(user)
    for name in actions:
        assert name in ACTION_NEEDS, f"{name} has no expected permission"
        if ACTION_NEEDS[name] in allowed(role, model):
            continue
        before = snapshot(model, obj.pk)
        client.post(
            url(model, "changelist"),
            {"action": name, "_selected_action": [obj.pk], "post": "yes"},
        )
        assert snapshot(model, obj.pk) == before, f"{role} ran {name}"


def test_every_admin_action_declares_its_permissions(world):
    factory_request = RequestFactory().get("/")
    factory_request.user = world["superuser"]
    for model, model_admin in admin.site._registry.items():
        for name, (function, _name, _description) in model_admin.get_actions(
            factory_request
        ).items():
            assert getattr(function, "allowed_permissions", ()), (model, name)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("decision", ["accept", "reject"])
def test_decision_buttons_answer_by_role(client, request, world, role, decision):
    user = request.getfixturevalue(role)
    application = world["application"]
    client.force_login(user)

    response = client.post(
        url(Application, decision, application.pk), {"reason": "Not eligible."}
    )

    application.refresh_from_db()
    if role == "reviewer":
        assert response.status_code == 302
        assert not application.is_open
    else:
        assert response.status_code == 403
        assert application.status == Application.Status.SUBMITTED


@pytest.mark.parametrize("role", ROLES)
def test_open_data_page_answers_by_role(
    client, request, world, role, settings, tmp_path
):
    settings.REGISTRY_OPEN_DATA_DIR = tmp_path
    client.force_login(request.getfixturevalue(role))

    page = client.get(reverse("admin:registry_open_data")).status_code
    write = client.post(reverse("admin:registry_open_data")).status_code

    if role == "program_officer":
        assert (page, write) == (200, 302)
        assert any(tmp_path.iterdir())
    else:
        assert (page, write) == (403, 403)
        assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("role", ROLES)
def test_creating_a_token_answers_by_role(client, request, world, role):
    user = request.getfixturevalue(role)
    client.force_login(user)

    response = client.post(url(AuthToken, "add"))

    created = AuthToken.objects.filter(user=user).count()
    if role == "program_officer":
        assert (response.status_code, created) == (200, 1)
    else:
        assert (response.status_code, created) == (403, 0)


API_WRITES = [
    ("post", "/api/v1/sectors/", {"slug": "m-sector", "name_en": "M", "name_zh": "某"}),
    ("patch", "/api/v1/organizations/xnode/", {"name_en": "Renamed"}),
    ("put", "/api/v1/sectors/it/", {"slug": "it", "name_en": "IT", "name_zh": "信息"}),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path", "body"), API_WRITES)
def test_api_writes_answer_by_role(client, request, world, role, method, path, body):
    user = request.getfixturevalue(role)
    _token, key = AuthToken.objects.create(user=user)
    before = (
        list(Sector.objects.values().order_by("pk")),
        list(Organization.objects.values().order_by("pk")),
    )

    response = getattr(client, method)(
        path,
        body,
        content_type="application/json",
        headers={"Authorization": f"Token {key}"},
    )

    if role == "program_officer":
        assert response.status_code in (200, 201, 204)
    else:
        assert response.status_code == 403
        after = (
            list(Sector.objects.values().order_by("pk")),
            list(Organization.objects.values().order_by("pk")),
        )
        assert after == before


def test_every_registered_model_has_an_expectation():
    for model in MODELS:
        assert category(model) != "other" or model._meta.app_label in {
            "otp_totp",
        }, model


STANDARD_VIEWS = ("changelist", "add", "history", "delete", "change", "autocomplete")


def custom_admin_urls(world) -> list[str]:
    """Every admin URL beyond the standard model pages, filled with a real id."""
    urls = []
    for model, model_admin in admin.site._registry.items():
        obj = an_object(model, world["superuser"], world)
        for pattern in model_admin.get_urls():
            name = pattern.name or ""
            if not name or name.endswith(STANDARD_VIEWS):
                continue
            args = [obj.pk] if pattern.pattern.regex.groups and obj is not None else []
            try:
                urls.append(reverse(f"admin:{name}", args=args))
            except NoReverseMatch:
                continue
    resolver = get_resolver()
    for pattern in resolver.url_patterns:
        if str(pattern.pattern).startswith("admin/") and getattr(pattern, "name", None):
            urls.append(reverse(pattern.name))
    return urls


def registry_state():
    return [
        list(model._default_manager.values().order_by("pk"))
        for model in django_apps.get_app_config("registry").get_models()
    ]


def test_staff_in_no_group_get_no_custom_admin_page(client, world, no_group):
    urls = custom_admin_urls(world)
    before = registry_state()
    client.force_login(no_group)

    answers = {
        (method, path): getattr(client, method)(path).status_code
        for path in urls
        for method in ("get", "post")
    }

    assert any("accept" in path for _method, path in answers)
    assert reverse("admin:registry_open_data") in {path for _method, path in answers}
    assert {answer for answer in answers.values()} <= {403, 404, 405}, answers
    assert registry_state() == before


# The officers' data tools: who may open them, and who may write through them.
DATA_TOOLS = [
    ("registry_organization_import", "add"),
    ("registry_membership_import", "add"),
    ("registry_recognition_import", "add"),
    ("registry_organization_ror_import", "add"),
    ("registry_organization_export", "view"),
    ("registry_membership_export", "view"),
    ("registry_recognition_export", "view"),
    ("registry_organization_data_quality", "view"),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "needs"), DATA_TOOLS)
def test_data_tools_answer_by_role(client, request, world, role, name, needs):
    client.force_login(request.getfixturevalue(role))
    path = reverse(f"admin:{name}")
    before = registry_state()

    page = client.get(path).status_code
    posted = client.post(path).status_code

    may = needs in ALLOWED[role].get("registry", set())
    assert page == (200 if may else 403), (role, name, page)
    if not may:
        assert posted == 403
        assert registry_state() == before
