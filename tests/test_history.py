"""Change history: every registry model, who made a change and through which door."""

import datetime

import pytest
from django.utils import timezone
from knox.models import AuthToken

from registry import privacy, services
from registry.history import acting
from registry.models import (
    Application,
    Award,
    Event,
    Membership,
    Organization,
    Program,
    Recognition,
    ReportedFigure,
    Sector,
)
from tests.factories import (
    ApplicationFactory,
    AwardFactory,
    EventFactory,
    MembershipFactory,
    OrganizationFactory,
    ProgramFactory,
    RecognitionFactory,
    ReportedFigureFactory,
    SectorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("factory", "model"),
    [
        (OrganizationFactory, Organization),
        (MembershipFactory, Membership),
        (RecognitionFactory, Recognition),
        (AwardFactory, Award),
        (EventFactory, Event),
        (ProgramFactory, Program),
        (SectorFactory, Sector),
        (ReportedFigureFactory, ReportedFigure),
        (ApplicationFactory, Application),
    ],
)
def test_every_registry_model_keeps_its_history(factory, model):
    record = factory()
    record.save()
    assert model.history.filter(id=record.pk).count() >= 2


def test_changes_through_the_member_firm_view_are_recorded_too():
    from registry.models import MemberFirm

    firm = MemberFirm.objects.get(pk=OrganizationFactory().pk)
    firm.name_zh = "新名字"
    firm.save()
    assert Organization.history.filter(id=firm.pk, name_zh="新名字").exists()


def test_api_writes_with_a_token_carry_the_tokens_user(client, officer):
    _token, key = AuthToken.objects.create(user=officer)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {key}"
    created = client.post(
        "/api/v1/organizations/",
        {"name_en": "Traced Firm", "kind": "enterprise"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    slug = created.json()["id"]
    client.patch(
        f"/api/v1/organizations/{slug}/",
        {"name_zh": "可追溯"},
        content_type="application/json",
    )
    versions = Organization.objects.get(slug=slug).history.order_by("history_date")
    assert [v.history_type for v in versions] == ["+", "~"]
    assert {v.history_user for v in versions} == {officer}
    assert {v.history_source for v in versions} == {"api"}
    delta = versions[1].diff_against(versions[0])
    assert [(c.field, c.old, c.new) for c in delta.changes] == [
        ("name_zh", "", "可追溯")
    ]


def test_services_and_commands_say_where_a_change_came_from(officer):
    application = ApplicationFactory()
    services.accept_application(application, decided_by=officer)
    organization = Organization.objects.get(applications=application)
    assert organization.history.earliest().history_source == "service"
    with acting(user=officer, source="command", reason="Fix a typo"):
        organization.name_en = "Renamed"
        organization.save()
    latest = organization.history.latest()
    assert (latest.history_user, latest.history_source) == (officer, "command")
    assert latest.history_change_reason == "Fix a typo"


def test_purge_clears_personal_fields_in_the_history_too(officer, settings):
    settings.REGISTRY_APPLICATION_RETENTION_DAYS = 10
    application = ApplicationFactory(contact_name="Private Person")
    application.internal_notes = "private note"
    application.save()
    services.reject_application(application, decided_by=officer, reason="No.")
    Application.objects.filter(pk=application.pk).update(
        decided_at=timezone.now() - datetime.timedelta(days=11)
    )
    assert Application.history.filter(id=application.pk, contact_name="Private Person")
    privacy.purge_applications()
    versions = Application.history.filter(id=application.pk)
    assert versions.count() >= 3
    for version in versions:
        assert version.contact_name == version.contact_email == ""
        assert version.contact_phone == version.internal_notes == ""
        assert version.interest == version.address == ""


def test_public_pages_show_no_change_history(client):
    organization = OrganizationFactory(name_en="Public Firm")
    organization.name_en = "Secretly Renamed Before"
    organization.save()
    organization.name_en = "Public Firm"
    organization.save()
    page = client.get(organization.get_absolute_url())
    assert page.status_code == 200
    text = page.content.decode()
    assert "Secretly Renamed Before" not in text
    assert "Last updated" in text
    api = client.get(f"/api/v1/organizations/{organization.slug}/").content.decode()
    assert "Secretly" not in api and "history" not in api


def test_a_user_of_the_history_is_a_real_user():
    user = UserFactory()
    with acting(user=user, source="command"):
        sector = SectorFactory()
    assert sector.history.latest().history_user == user
