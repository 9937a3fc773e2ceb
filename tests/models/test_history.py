"""Change history: every registry model, who made a change and through which door."""

import datetime
import importlib
import re
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken

from registry.applications import privacy, services
from registry.history import acting, record_first_versions
from registry.imports.runner import import_file
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


# An organization's sectors: kept in its history like any other field. -------

INLINES = {
    f"{prefix}-{count}": 0
    for prefix in ("memberships", "recognitions", "units")
    for count in ("TOTAL_FORMS", "INITIAL_FORMS")
}


@pytest.fixture
def sectors():
    return (
        SectorFactory(slug="healthcare", name_en="Healthcare", name_zh="医疗健康"),
        SectorFactory(slug="new-energy", name_en="New Energy", name_zh="新能源"),
    )


def sector_change(old, new, label="Sectors"):
    """One line of the history page's list of changes."""
    return f"<strong>{label}:</strong> {old} → {new}"


def history_rows(client, organization, language="en"):
    """The rows of the organization's history page, newest first."""
    page = client.get(
        reverse("admin:registry_organization_history", args=[organization.pk]),
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert page.status_code == 200
    body = page.content.decode().split("<tbody>", 1)[1]
    return re.findall(r"<tr>(.*?)</tr>", body, flags=re.DOTALL)


def submitted(form, **changes):
    """What the officer sends when saving `form` with `changes`."""
    data = {k: v for k, v in form.initial.items() if v not in (None, [])}
    data.pop("parent", None)
    data["sectors"] = [getattr(s, "pk", s) for s in form.initial.get("sectors", [])]
    return {**data, **INLINES, **changes}


def test_a_sector_change_in_the_admin_shows_in_the_history(
    officer_client, officer, sectors
):
    healthcare, new_energy = sectors
    organization = OrganizationFactory(name_en="Sector Firm", sectors=[healthcare])
    versions = len(history_rows(officer_client, organization))
    url = reverse("admin:registry_organization_change", args=[organization.pk])
    form = officer_client.get(url).context["adminform"].form
    saved = officer_client.post(
        url,
        submitted(
            form, sectors=[new_energy.pk], history_reason="Licence names new energy"
        ),
    )
    assert saved.status_code == 302
    rows = history_rows(officer_client, organization)
    assert len(rows) == versions + 1  # one version for the one edit
    latest = rows[0]
    assert sector_change("Healthcare", "New Energy") in latest
    assert "Licence names new energy" in latest
    assert officer.username in latest and "Admin" in latest
    chinese = history_rows(officer_client, organization, language="zh-hans")[0]
    assert sector_change("医疗健康", "新能源", label="行业") in chinese


def test_saving_without_touching_the_sectors_shows_no_sector_change(
    officer_client, officer, sectors
):
    with acting(user=officer, source="command"):
        organization = OrganizationFactory(name_en="Steady Firm", sectors=sectors)
    url = reverse("admin:registry_organization_change", args=[organization.pk])
    form = officer_client.get(url).context["adminform"].form
    assert officer_client.post(url, submitted(form, name_en="Steady Ltd.")).status_code
    organization.refresh_from_db()
    organization.save()
    rows = history_rows(officer_client, organization)
    assert "Steady Ltd." in rows[1]
    assert all("Sectors:" not in row for row in rows)
    first = organization.history.earliest()
    assert {row.sector for row in first.sectors.all()} == set(sectors)


def test_revert_brings_back_the_sectors_and_is_recorded(officer_client, sectors):
    healthcare, new_energy = sectors
    organization = OrganizationFactory(name_en="Reverted Firm", sectors=[healthcare])
    version = organization.history.latest()
    organization.sectors.set([new_energy])
    url = reverse(
        "admin:registry_organization_simple_history",
        args=[organization.pk, version.history_id],
    )
    page = officer_client.get(url)
    assert f'<option value="{healthcare.pk}" selected>Healthcare</option>' in (
        page.content.decode()
    )
    form = page.context["adminform"].form
    bad = officer_client.post(url, submitted(form, uscc="123"))
    assert bad.status_code == 200
    assert list(organization.sectors.all()) == [new_energy]
    reverted = officer_client.post(url, submitted(form))
    assert reverted.status_code == 302
    assert list(organization.sectors.all()) == [healthcare]
    latest = history_rows(officer_client, organization)[0]
    assert "Reverted to the version of" in latest
    assert sector_change("New Energy", "Healthcare") in latest


def test_an_api_sector_change_records_the_tokens_user(client, officer_client, sectors):
    healthcare, _new_energy = sectors
    organization = OrganizationFactory(name_en="API Firm", sectors=[healthcare])
    versions = len(history_rows(officer_client, organization))
    writer = UserFactory(username="api-writer", is_staff=True, is_superuser=True)
    _token, key = AuthToken.objects.create(user=writer)
    changed = client.patch(
        f"/api/v1/organizations/{organization.slug}/",
        {"sectors": ["healthcare", "new-energy"]},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert changed.status_code == 200, changed.content
    rows = history_rows(officer_client, organization)
    assert len(rows) == versions + 1
    assert sector_change("Healthcare", "Healthcare, New Energy") in rows[0]
    assert "api-writer" in rows[0] and "API" in rows[0]


def test_an_import_records_the_sector_change_with_its_run(
    officer_client, officer, sectors
):
    healthcare, _new_energy = sectors
    organization = OrganizationFactory(
        slug="imported-firm", name_en="Imported Firm", sectors=[healthcare]
    )
    report = import_file(
        "organizations",
        content=b'slug,sectors\nimported-firm,"new-energy,healthcare"\n',
        file_name="sectors.csv",
        user=officer,
        dry_run=False,
    )
    assert report.run.changed_count == 1
    latest = history_rows(officer_client, organization)[0]
    assert sector_change("Healthcare", "Healthcare, New Energy") in latest
    assert "Import" in latest and "sectors.csv" in latest
    assert officer.username in latest


def test_accepting_an_application_records_the_firms_sectors(
    officer_client, officer, sectors
):
    application = ApplicationFactory()
    application.sectors.set(sectors)
    services.accept_application(application, decided_by=officer)
    organization = Organization.objects.get(applications=application)
    rows = history_rows(officer_client, organization)
    assert any(sector_change("—", "Healthcare, New Energy") in row for row in rows)
    assert organization.history.latest().sectors.count() == 2


def test_a_change_from_the_sectors_side_is_recorded_on_the_organization(sectors):
    healthcare, _new_energy = sectors
    organization = OrganizationFactory()
    sector_versions = healthcare.history.count()
    healthcare.organizations.add(organization)
    assert [row.sector for row in organization.history.latest().sectors.all()] == [
        healthcare
    ]
    healthcare.organizations.clear()
    assert not organization.history.latest().sectors.exists()
    assert healthcare.history.count() == sector_versions


def test_the_seed_records_begin_their_history_with_the_command(officer_client):
    call_command("load_seed")
    for model in (Organization, Sector, Program, Membership, Recognition):
        versions = model.history.all()
        assert versions.count() == model.objects.count() > 0
        assert {(v.history_type, v.history_source) for v in versions} == {
            ("+", "command")
        }
    organization = Organization.objects.get(slug="xnode")
    organization.save()
    rows = history_rows(officer_client, organization)
    assert len(rows) == 2
    assert "Command" in rows[1] and "Loaded from the seed records." in rows[1]


def test_a_first_version_keeps_the_sectors_the_record_has(officer_client, sectors):
    organization = OrganizationFactory(name_en="Loaded Firm", sectors=sectors)
    organization.history.all().delete()  # as `loaddata` leaves a record
    with acting(source="command", reason="Loaded"):
        record_first_versions()
    organization.save()
    rows = history_rows(officer_client, organization)
    assert len(rows) == 2
    assert all("Sectors:" not in row for row in rows)
    first = organization.history.earliest()
    assert {row.sector for row in first.sectors.all()} == set(sectors)


def test_versions_kept_before_the_sectors_were_get_todays_sectors(
    officer_client, officer, sectors
):
    with acting(user=officer, source="command"):
        organization = OrganizationFactory(name_en="Older Firm", sectors=sectors)
    kept = Organization.history.model.sectors.model
    kept.objects.all().delete()  # as every version written before the migration
    migration = importlib.import_module(
        "registry.migrations.0009_hist_organization_sectors_history"
    )
    migration.sectors_as_of_now(django_apps, SimpleNamespace(connection=connection))
    organization.save()
    rows = history_rows(officer_client, organization)
    assert len(rows) == 2
    assert all("Sectors:" not in row for row in rows)
