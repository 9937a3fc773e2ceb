"""The back office: every page answers for an officer, and only for an officer."""

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import translation

from registry.models import Organization

pytestmark = pytest.mark.django_db

# Applications come only from the public form (no add page, no seed rows); their
# admin pages are tested in tests/test_applications.py. Import runs are written
# only by imports, and tested in tests/admin/test_tools.py.
REGISTRY_MODELS = [
    model
    for model in admin.site._registry
    if model._meta.app_label == "registry"
    and model._meta.model_name not in {"application", "importrun"}
]


def admin_url(model, action, *args):
    return reverse(
        f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args
    )


def test_every_registry_model_is_in_the_admin():
    names = {model.__name__ for model in REGISTRY_MODELS}
    assert {
        "Organization",
        "MemberFirm",
        "Institution",
        "Sector",
        "Program",
        "Membership",
        "Event",
        "Award",
        "Recognition",
        "ReportedFigure",
    } <= names


@pytest.mark.parametrize("model", REGISTRY_MODELS, ids=lambda m: m.__name__)
def test_changelist_add_and_change_pages_answer_for_an_officer(
    officer_client, seed_with_history, model
):
    changelist = officer_client.get(admin_url(model, "changelist"))
    assert changelist.status_code == 200
    searched = officer_client.get(admin_url(model, "changelist"), {"q": "张江"})
    assert searched.status_code == 200
    assert officer_client.get(admin_url(model, "add")).status_code == 200
    obj = admin.site._registry[model].get_queryset(changelist.wsgi_request).first()
    assert obj is not None, "the seed data gives every changelist a row"
    assert officer_client.get(admin_url(model, "change", obj.pk)).status_code == 200


def test_member_firms_lists_only_current_members(officer_client, seed_with_history):
    response = officer_client.get(
        admin_url(Organization, "changelist").replace("organization", "memberfirm")
    )
    shown = {o.name_en for o in response.context["cl"].result_list}
    assert "Nokia Shanghai Bell OpenX Lab" in shown
    assert "XNode" not in shown and "Nokia Shanghai Bell" not in shown


def test_institutions_lists_incubators_and_rd_institutions(
    officer_client, seed_with_history
):
    response = officer_client.get(reverse("admin:registry_institution_changelist"))
    shown = {o.name_en for o in response.context["cl"].result_list}
    assert {"XNode", "Tsung-Dao Lee Institute"} <= shown
    assert "COMAC Innovation Valley" not in shown


def test_officer_search_covers_both_languages_and_identifiers(
    officer_client, seed_with_history
):
    url = reverse("admin:registry_organization_changelist")
    for query, expected in [
        ("中科创星", "CAS Star Shanghai"),
        ("openx", "Nokia Shanghai Bell OpenX Lab"),
        ("91310000794467963L", "ChemExpress"),
        ("05gxmms51", "Commercial Aircraft Corporation of China"),
    ]:
        response = officer_client.get(url, {"q": query})
        assert [o.name_en for o in response.context["cl"].result_list] == [expected]


def test_officer_can_add_an_organization_with_a_normalized_credit_code(officer_client):
    response = officer_client.post(
        reverse("admin:registry_organization_add"),
        {
            "kind": "enterprise",
            "name_en": "Example Pharma",
            "name_zh": "示例医药",
            "uscc": "9131 0000 7944 6796 3l",
            "status": "active",
            "is_published": "on",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "recognitions-TOTAL_FORMS": "0",
            "recognitions-INITIAL_FORMS": "0",
            "units-TOTAL_FORMS": "0",
            "units-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["errors"]
    organization = Organization.objects.get(name_en="Example Pharma")
    assert organization.uscc == "91310000794467963L"
    assert organization.slug == "example-pharma"
    assert "shiliyiyao" in organization.search_key


def test_a_wrong_check_character_is_shown_beside_the_field(officer_client):
    response = officer_client.post(
        reverse("admin:registry_organization_add"),
        {"kind": "enterprise", "name_en": "Example", "uscc": "91310000794467963X"},
    )
    assert response.status_code == 200
    assert "The check character of this credit code is wrong." in response.text


def test_slug_is_read_only_once_created(officer_client, seed_with_history):
    xnode = Organization.objects.get(slug="xnode")
    response = officer_client.get(admin_url(Organization, "change", xnode.pk))
    assert 'name="slug"' not in response.text


def test_changes_are_recorded_in_the_history(officer_client, seed_with_history):
    xnode = Organization.objects.get(slug="xnode")
    officer_client.post(
        reverse("admin:registry_organization_delete", args=[xnode.pk]), {"post": "yes"}
    )
    response = officer_client.get(reverse("admin:admin_logentry_changelist"))
    assert response.status_code == 200
    assert "XNode" in response.text


def test_the_admin_speaks_chinese_to_a_chinese_reader(
    officer_client, seed_with_history
):
    response = officer_client.get(
        reverse("admin:registry_organization_changelist"),
        headers={"accept-language": "zh-hans"},
    )
    assert "组织" in response.text
    translation.activate("en")


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(reverse("admin:registry_organization_changelist"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
