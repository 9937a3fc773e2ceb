"""Registration of interest: the applicant's journey and the officers' review."""

import datetime
import logging
import re
import uuid

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from registry import privacy, services
from registry.models import (
    Application,
    ApplicationAttempt,
    Membership,
    Organization,
)
from registry.validators import normalize_phone, validate_phone

from .factories import (
    ApplicationFactory,
    MembershipFactory,
    OrganizationFactory,
    ProgramFactory,
    SectorFactory,
    UserFactory,
    member,
    valid_uscc,
)
from .sources import USCC_CODES

pytestmark = pytest.mark.django_db

REFERENCE = re.compile(r"^GOI-\d{4}-\d{6}$")


def real_uscc() -> str:
    """A real code from the public data set."""
    return USCC_CODES[0]


@pytest.fixture
def program():
    return ProgramFactory(accepts_applications=True)


@pytest.fixture
def sector():
    return SectorFactory(slug="healthcare", name_en="Healthcare", name_zh="医疗健康")


@pytest.fixture
def form_data(program, sector):
    """What an applicant types, as the browser sends it."""
    return {
        "name_zh": "示例创新企业",
        "name_en": "Example Firm 1",
        "uscc": valid_uscc(1),
        "sectors": [str(sector.pk)],
        "ownership": "domestic",
        "district": "pudong",
        "address": "Example Road 1, Pudong",
        "website": "https://example.com/",
        "contact_name": "Example Contact",
        "contact_email": "applicant@example.com",
        "contact_phone": "138 1234 5678",
        "interest": "We look for partners to pilot our sensors in hospitals.",
        "consent": "on",
        "homepage": "",
        "submission_id": str(uuid.uuid4()),
    }


def apply(client, data, prefix=""):
    return client.post(f"{prefix}/apply/", data)


# The form -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "texts"),
    [
        ("", ["Apply to join", "Privacy notice", "Unified social credit code"]),
        ("/zh-hans", ["隐私声明", "统一社会信用代码", "联系电话"]),
    ],
)
def test_form_has_every_field_labelled_and_the_privacy_notice(
    client, program, sector, prefix, texts
):
    response = client.get(f"{prefix}/apply/")
    html = response.content.decode()
    assert response.status_code == 200
    for text in texts:
        assert text in html
    for name in (
        "name_zh",
        "name_en",
        "uscc",
        "ownership",
        "district",
        "address",
        "website",
        "contact_name",
        "contact_email",
        "contact_phone",
        "interest",
        "consent",
    ):
        assert f'for="id_{name}"' in html, name
    assert 'name="csrfmiddlewaretoken"' in html
    consent = re.search(r"<input[^>]*name=\"consent\"[^>]*>", html).group(0)
    assert "checked" not in consent


def test_privacy_notice_states_processor_purpose_data_retention_rights_contact(
    client, program, settings
):
    settings.REGISTRY_APPLICATION_RETENTION_DAYS = 365
    settings.REGISTRY_PRIVACY_CONTACT = "privacy@example.com"
    html = client.get("/apply/").content.decode()
    notice = html[html.index('id="privacy-notice"') :]
    for heading in (
        "Who processes it",
        "Why",
        "What",
        "How long",
        "Your rights",
        "Contact",
    ):
        assert f"<dt>{heading}</dt>" in notice
    assert "365 days" in notice
    assert "privacy@example.com" in notice
    assert "email address and phone number" in notice


def test_apply_page_says_clearly_when_no_program_accepts_applications(client):
    ProgramFactory(accepts_applications=False)
    response = client.get("/apply/")
    assert response.status_code == 200
    assert "Applications are closed" in response.content.decode()
    assert "<form" not in response.content.decode()
    response = client.post("/apply/", {"name_en": "Example Firm 1"})
    assert response.status_code == 200
    assert Application.objects.count() == 0


def test_application_window_in_the_past_closes_the_form(client):
    ProgramFactory(
        accepts_applications=True,
        applications_open_until=datetime.date(2020, 1, 31),
    )
    assert "Applications are closed" in client.get("/apply/").content.decode()


# Submitting ------------------------------------------------------------------


def test_application_with_a_real_code_gets_reference_status_page_and_email(
    client, form_data, mailoutbox
):
    code = real_uscc()
    form_data["uscc"] = " ".join([code[:6].lower(), code[6:]])  # as people type it
    response = apply(client, form_data)

    application = Application.objects.get()
    assert application.uscc == code
    assert REFERENCE.match(application.reference)
    assert application.reference.startswith(f"GOI-{timezone.localdate().year}-")
    assert application.status == Application.Status.SUBMITTED
    assert application.contact_phone == "13812345678"
    assert application.language == "en"
    assert (
        application.consent_version == django_settings.REGISTRY_PRIVACY_NOTICE_VERSION
    )
    assert application.consented_at is not None
    assert list(application.sectors.values_list("slug", flat=True)) == ["healthcare"]
    assert response.status_code == 302
    assert response.url == f"/apply/status/{application.token}/"
    assert len(application.token) >= 40

    status_page = client.get(response.url).content.decode()
    assert application.reference in status_page
    assert "Submitted" in status_page

    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == ["applicant@example.com"]
    assert application.reference in email.subject
    assert f"/apply/status/{application.token}/" in email.body


def test_chinese_applicant_is_answered_in_chinese(client, form_data, mailoutbox):
    response = apply(client, form_data, prefix="/zh-hans")
    application = Application.objects.get()
    assert application.language == "zh-hans"
    assert response.url == f"/zh-hans/apply/status/{application.token}/"
    assert "已收到" in mailoutbox[0].subject
    assert f"/zh-hans/apply/status/{application.token}/" in mailoutbox[0].body
    assert "申请" in client.get(response.url).content.decode()


def test_references_count_up_within_the_year(client, form_data):
    first = services.submit_application(
        program=ProgramFactory(),
        data={k: form_data[k] for k in ("name_en", "ownership", "contact_name")}
        | {
            "uscc": valid_uscc(11),
            "contact_email": "a@example.com",
            "contact_phone": "13812345678",
            "interest": "x",
        },
        language="en",
    )
    second = services.submit_application(
        program=first.program,
        data={
            "name_en": "Example Firm 2",
            "uscc": valid_uscc(12),
            "ownership": "domestic",
            "contact_name": "Example Contact",
            "contact_email": "b@example.com",
            "contact_phone": "13812345678",
            "interest": "y",
        },
        language="en",
    )
    assert int(second.reference[-6:]) == int(first.reference[-6:]) + 1
    assert first.token != second.token


def test_wrong_check_character_is_refused_beside_the_field_and_nothing_is_lost(
    client, form_data
):
    code = valid_uscc(2)
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    form_data["uscc"] = wrong
    response = apply(client, form_data)
    html = response.content.decode()
    assert response.status_code == 200
    assert Application.objects.count() == 0
    field = html[html.index('for="id_uscc"') : html.index("<legend>")]
    assert "check character of this credit code is wrong" in field
    for typed in (
        wrong,
        "示例创新企业",
        "Example Road 1, Pudong",
        "applicant@example.com",
        "138 1234 5678",
        "We look for partners to pilot our sensors in hospitals.",
    ):
        assert typed in html
    assert re.search(r'<input[^>]*name="consent"[^>]*checked', html)


def test_wrong_check_character_is_explained_in_chinese(client, form_data):
    form_data["uscc"] = valid_uscc(2)[:-1] + "#"
    html = apply(client, form_data, prefix="/zh-hans").content.decode()
    assert "统一社会信用代码" in html
    assert Application.objects.count() == 0


def test_consent_is_required(client, form_data):
    del form_data["consent"]
    html = apply(client, form_data).content.decode()
    assert "Your consent is needed" in html
    assert Application.objects.count() == 0


def test_a_name_in_either_language_is_required(client, form_data):
    form_data["name_zh"] = form_data["name_en"] = ""
    html = apply(client, form_data).content.decode()
    assert "Give the organization&#x27;s name in Chinese or in English." in html
    assert Application.objects.count() == 0


@pytest.mark.parametrize(
    "phone",
    ["13812345678", "+86 138 1234 5678", "0086-138-1234-5678", "+44 20 7946 0000"],
)
def test_mainland_mobile_and_international_numbers_are_accepted(phone):
    validate_phone(phone)
    assert normalize_phone(phone).replace("+", "").isdigit()


@pytest.mark.parametrize("phone", ["12345", "12812345678", "021-5555-1234", "call me"])
def test_other_phone_numbers_are_refused(client, form_data, phone):
    with pytest.raises(ValidationError):
        validate_phone(phone)
    form_data["contact_phone"] = phone
    html = apply(client, form_data).content.decode()
    assert "Enter a mainland mobile number" in html
    assert Application.objects.count() == 0


def test_every_field_has_a_size_limit(client, form_data):
    huge = "长" * 20000
    for name in (
        "name_zh",
        "name_en",
        "uscc",
        "address",
        "website",
        "contact_name",
        "contact_email",
        "contact_phone",
        "interest",
    ):
        data = dict(form_data, **{name: huge})
        response = apply(client, data)
        assert response.status_code == 200, name
        assert 'class="field-errors"' in response.content.decode(), name
    assert Application.objects.count() == 0


def test_wrong_types_and_unknown_choices_are_form_errors(client, form_data):
    form_data.update(sectors=["999999", "abc"], ownership="x", district="mars")
    response = apply(client, form_data)
    assert response.status_code == 200
    assert Application.objects.count() == 0


# Duplicates --------------------------------------------------------------------


def test_current_member_is_told_it_is_already_a_member(client, form_data):
    firm = member(name_en="Example Member Firm", uscc=form_data["uscc"])
    html = apply(client, form_data).content.decode()
    assert "already a member of Group Open Innovation" in html
    assert Application.objects.count() == 0
    assert firm.memberships.count() == 1


def test_open_application_with_the_same_code_is_pointed_to_not_duplicated(
    client, form_data, program
):
    earlier = ApplicationFactory(program=program, uscc=form_data["uscc"])
    html = apply(client, form_data).content.decode()
    assert "already being reviewed" in html
    assert earlier.reference not in html
    assert "confirmation email" in html
    assert earlier.token not in html
    assert Application.objects.count() == 1


def test_closed_application_does_not_block_a_new_one(client, form_data, program):
    ApplicationFactory(
        program=program,
        uscc=form_data["uscc"],
        status=Application.Status.WITHDRAWN,
        decided_at=timezone.now(),
    )
    apply(client, form_data)
    assert Application.objects.filter(status="submitted").count() == 1


def test_double_submit_makes_one_record(client, form_data, mailoutbox):
    first = apply(client, form_data)
    second = apply(client, form_data)
    assert Application.objects.count() == 1
    assert second.status_code == 302
    assert second.url == first.url
    assert len(mailoutbox) == 1


def test_submit_service_returns_the_record_of_a_submission_sent_twice(program):
    submission_id = uuid.uuid4()
    data = {
        "name_en": "Example Firm 3",
        "uscc": valid_uscc(3),
        "ownership": "domestic",
        "contact_name": "Example Contact",
        "contact_email": "c@example.com",
        "contact_phone": "13812345678",
        "interest": "z",
    }
    kwargs = {"program": program, "language": "en", "submission_id": submission_id}
    first = services.submit_application(data=data, **kwargs)
    assert services.submit_application(data=data, **kwargs) == first
    with pytest.raises(services.DuplicateApplication):
        services.submit_application(data=data, program=program, language="en")
    member(uscc=valid_uscc(4))
    with pytest.raises(services.AlreadyMember):
        services.submit_application(
            data=dict(data, uscc=valid_uscc(4)), program=program, language="en"
        )
    assert Application.objects.count() == 1


# Abuse ------------------------------------------------------------------------


def test_honeypot_filled_in_stores_nothing(client, form_data):
    form_data["homepage"] = "http://spam.example/"
    response = apply(client, form_data)
    assert response.status_code == 400
    assert Application.objects.count() == 0


def test_post_without_csrf_token_is_refused(program, form_data):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/apply/", form_data)
    assert response.status_code == 403
    assert "This form could not be accepted" in response.text
    assert Application.objects.count() == 0
    response = client.post("/zh-hans/apply/", form_data)
    assert response.status_code == 403
    assert "表单无法提交" in response.text


def test_flood_from_one_address_meets_a_429_page(client, form_data, settings):
    settings.REGISTRY_APPLY_RATE_LIMIT = 3
    for n in range(3):
        form_data.update(uscc=valid_uscc(100 + n), submission_id=str(uuid.uuid4()))
        assert apply(client, form_data).status_code == 302
    form_data.update(uscc=valid_uscc(200), submission_id=str(uuid.uuid4()))
    response = apply(client, form_data)
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert int(response["Retry-After"]) > 0
    assert Application.objects.count() == 3


def test_rate_limit_is_per_address_and_kept_in_the_database(
    client, form_data, settings
):
    settings.REGISTRY_APPLY_RATE_LIMIT = 1
    assert apply(client, form_data).status_code == 302
    form_data.update(uscc=valid_uscc(300), submission_id=str(uuid.uuid4()))
    assert apply(client, form_data).status_code == 429
    other = client.post("/apply/", form_data, REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302
    hashes = set(ApplicationAttempt.objects.values_list("address_hash", flat=True))
    assert len(hashes) == 2
    assert not any("127.0.0.1" in h or "192.0.2.7" in h for h in hashes)


def test_behind_a_proxy_the_limit_counts_the_forwarded_address(
    client, form_data, settings
):
    settings.REGISTRY_APPLY_RATE_LIMIT = 1
    settings.REGISTRY_TRUSTED_PROXIES = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    first = client.post(
        "/apply/", form_data, HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy
    )
    assert first.status_code == 302
    form_data.update(uscc=valid_uscc(301), submission_id=str(uuid.uuid4()))
    # Another visitor behind the same proxy is not held back by the first.
    other = client.post(
        "/apply/", form_data, HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy
    )
    assert other.status_code == 302
    # A forged entry left of the proxy's does not buy the first visitor a new quota.
    form_data.update(uscc=valid_uscc(302), submission_id=str(uuid.uuid4()))
    forged = client.post(
        "/apply/", form_data, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5", **proxy
    )
    assert forged.status_code == 429


def test_without_trusted_proxies_the_forwarded_header_is_ignored(
    client, form_data, settings
):
    settings.REGISTRY_APPLY_RATE_LIMIT = 1
    assert apply(client, form_data).status_code == 302
    form_data.update(uscc=valid_uscc(303), submission_id=str(uuid.uuid4()))
    spoofed = client.post("/apply/", form_data, HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert spoofed.status_code == 429


def test_attempts_outside_the_window_no_longer_count(client, form_data, settings):
    settings.REGISTRY_APPLY_RATE_LIMIT = 1
    assert apply(client, form_data).status_code == 302
    ApplicationAttempt.objects.update(
        created_at=timezone.now() - datetime.timedelta(hours=2)
    )
    form_data.update(uscc=valid_uscc(301), submission_id=str(uuid.uuid4()))
    assert apply(client, form_data).status_code == 302


# The status page ----------------------------------------------------------------


def test_wrong_token_gives_404(client, program):
    ApplicationFactory(program=program)
    assert client.get("/apply/status/not-the-token/").status_code == 404
    assert client.get(f"/apply/status/{'x' * 5000}/").status_code == 404


def test_status_page_shows_plain_words_and_officer_messages_but_no_notes(
    client, program, officer
):
    application = ApplicationFactory(
        program=program,
        contact_name="Example Contact Person",
        contact_email="private@example.com",
        contact_phone="13900000000",
        internal_notes="Internal: check the licence.",
    )
    services.send_message_to_applicant(
        application, body="Please send your licence.", sent_by=officer
    )
    html = client.get(application.get_status_url()).content.decode()
    assert "We received your application" in html
    assert "Please send your licence." in html
    # The applicant sees their own contact data (tests/security), never the
    # officers' notes.
    assert "Internal: check the licence." not in html


def test_status_page_is_not_for_search_engines(client, program):
    application = ApplicationFactory(program=program)
    response = client.get(application.get_status_url())
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert (
        "no-cache" in response["Cache-Control"]
        or "max-age=0" in response["Cache-Control"]
    )


def test_applicant_can_withdraw_from_the_status_page(client, program):
    application = ApplicationFactory(program=program)
    response = client.post(application.get_status_url(), {"action": "withdraw"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN
    assert application.decided_at is not None
    html = client.get(application.get_status_url()).content.decode()
    assert "You withdrew this application" in html
    assert "Withdraw my application" not in html


def test_decided_application_cannot_be_withdrawn(client, program, officer):
    application = ApplicationFactory(program=program)
    services.accept_application(application, decided_by=officer)
    client.post(application.get_status_url(), {"action": "withdraw"})
    application.refresh_from_db()
    assert application.status == Application.Status.ACCEPTED


# Accepting and rejecting ------------------------------------------------------


def test_accepting_makes_the_firm_a_current_member(
    program, officer, sector, mailoutbox
):
    application = ApplicationFactory(program=program, sectors=[sector])
    accepted = services.accept_application(application, decided_by=officer)

    organization = accepted.organization
    assert organization.uscc == application.uscc
    assert organization.name_en == application.name_en
    assert list(organization.sectors.all()) == [sector]
    assert organization in Organization.objects.published().current_members()
    assert organization.memberships.get().program == program
    assert accepted.status == Application.Status.ACCEPTED
    assert accepted.decided_by == officer
    assert accepted.decided_at is not None
    assert len(mailoutbox) == 1
    assert "accepted" in mailoutbox[0].subject
    assert mailoutbox[0].to == [application.contact_email]


def test_accepted_firm_is_listed_on_members_page(client, program, officer):
    application = ApplicationFactory(program=program, name_en="Example Firm 77")
    services.accept_application(application, decided_by=officer)
    from django.urls import NoReverseMatch, Resolver404, resolve

    try:
        resolve("/members/")
    except (Resolver404, NoReverseMatch):
        # /members/ is built in another branch; the queryset it lists is this one.
        names = (
            Organization.objects.published()
            .current_members()
            .values_list("name_en", flat=True)
        )
        assert "Example Firm 77" in names
    else:
        assert "Example Firm 77" in client.get("/members/").content.decode()


def test_accepting_twice_changes_nothing(program, officer, mailoutbox):
    application = ApplicationFactory(program=program)
    services.accept_application(application, decided_by=officer)
    services.accept_application(application, decided_by=UserFactory())
    application.refresh_from_db()
    assert Organization.objects.count() == 1
    assert Membership.objects.count() == 1
    assert application.decided_by == officer
    assert len(mailoutbox) == 1


def test_accepting_links_the_existing_organization_with_the_same_code(program, officer):
    existing = OrganizationFactory(name_en="Example Listed Firm", uscc=valid_uscc(7))
    application = ApplicationFactory(program=program, uscc=existing.uscc)
    services.accept_application(application, decided_by=officer)
    application.refresh_from_db()
    assert application.organization == existing
    assert Organization.objects.count() == 1
    assert existing.memberships.current().get().program == program


def test_accepting_reactivates_a_suspended_membership(program, officer):
    existing = OrganizationFactory(uscc=valid_uscc(8))
    MembershipFactory(
        organization=existing, program=program, status=Membership.Status.SUSPENDED
    )
    application = ApplicationFactory(program=program, uscc=existing.uscc)
    services.accept_application(application, decided_by=officer)
    assert Membership.objects.count() == 1
    assert list(Organization.objects.current_members(program)) == [existing]


def test_accepting_publishes_an_unpublished_organization_with_the_code(
    program, officer
):
    existing = OrganizationFactory(uscc=valid_uscc(9), is_published=False)
    application = ApplicationFactory(program=program, uscc=existing.uscc)
    services.accept_application(application, decided_by=officer)
    assert list(Organization.objects.published().current_members(program)) == [existing]


def test_accept_is_one_transaction(program, officer, monkeypatch):
    application = ApplicationFactory(program=program)

    def fail(*args, **kwargs):
        raise RuntimeError("membership failed")

    monkeypatch.setattr(Membership.objects, "create", fail)
    with pytest.raises(RuntimeError):
        services.accept_application(application, decided_by=officer)
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert Organization.objects.count() == 0


def test_rejecting_requires_a_reason(program, officer):
    application = ApplicationFactory(program=program)
    with pytest.raises(services.ApplicationError):
        services.reject_application(application, decided_by=officer, reason="  ")
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


def test_rejecting_tells_the_applicant_why(client, program, officer, mailoutbox):
    application = ApplicationFactory(program=program, language="zh-hans")
    services.reject_application(
        application, decided_by=officer, reason="该企业不在浦东新区。"
    )
    application.refresh_from_db()
    assert application.status == Application.Status.REJECTED
    assert application.decided_by == officer
    assert application.decided_at is not None
    assert "该企业不在浦东新区。" in mailoutbox[0].body
    assert "未获接受" in mailoutbox[0].subject
    html = client.get(application.get_status_url()).content.decode()
    assert "该企业不在浦东新区。" in html


def test_a_decided_application_cannot_be_decided_again(program, officer):
    application = ApplicationFactory(program=program)
    services.reject_application(application, decided_by=officer, reason="No.")
    with pytest.raises(services.ApplicationError):
        services.accept_application(application, decided_by=officer)
    assert Organization.objects.count() == 0


# The admin ------------------------------------------------------------------------


def test_admin_changelist_filters_by_status_sector_and_date(
    officer_client, program, sector, django_assert_max_num_queries
):
    ApplicationFactory(
        program=program, name_en="Example Firm In Sector", sectors=[sector]
    )
    ApplicationFactory(
        program=program,
        name_en="Example Firm Withdrawn",
        status=Application.Status.WITHDRAWN,
        decided_at=timezone.now(),
    )
    url = reverse("admin:registry_application_changelist")
    by_status = officer_client.get(url, {"status__exact": "withdrawn"}).content.decode()
    assert "Example Firm Withdrawn" in by_status
    assert "Example Firm In Sector" not in by_status
    by_sector = officer_client.get(
        url, {"sectors__id__exact": sector.pk}
    ).content.decode()
    assert "Example Firm In Sector" in by_sector
    assert "Example Firm Withdrawn" not in by_sector
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    by_date = officer_client.get(
        url,
        {
            "created_at__gte": midnight.isoformat(),
            "created_at__lt": (midnight + datetime.timedelta(days=1)).isoformat(),
        },
    )
    assert "Example Firm In Sector" in by_date.content.decode()


@pytest.mark.parametrize("rows", [3, 30])
def test_admin_changelist_query_count_is_constant(
    officer_client, program, rows, django_assert_max_num_queries
):
    ApplicationFactory.create_batch(rows, program=program)
    with django_assert_max_num_queries(16):
        response = officer_client.get(reverse("admin:registry_application_changelist"))
    assert response.status_code == 200


def test_admin_change_page_shows_contact_details_and_decision_buttons(
    officer_client, program
):
    application = ApplicationFactory(program=program, contact_email="x@example.com")
    url = reverse("admin:registry_application_change", args=[application.pk])
    html = officer_client.get(url).content.decode()
    assert "x@example.com" in html
    assert "Accept" in html
    assert reverse("admin:registry_application_reject", args=[application.pk]) in html
    assert (
        officer_client.get(reverse("admin:registry_application_add")).status_code == 403
    )


def test_accept_button_accepts_and_records_the_officer(
    officer_client, officer, program, mailoutbox
):
    application = ApplicationFactory(program=program)
    response = officer_client.post(
        reverse("admin:registry_application_accept", args=[application.pk])
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.ACCEPTED
    assert application.decided_by == officer
    assert application.organization in Organization.objects.current_members()
    assert len(mailoutbox) == 1
    assert (
        officer_client.get(
            reverse("admin:registry_application_accept", args=[application.pk])
        ).status_code
        == 405
    )


def test_accept_action_accepts_the_selected_applications(officer_client, program):
    applications = ApplicationFactory.create_batch(2, program=program)
    officer_client.post(
        reverse("admin:registry_application_changelist"),
        {
            "action": "accept_selected",
            "_selected_action": [a.pk for a in applications],
        },
    )
    assert Application.objects.filter(status="accepted").count() == 2
    assert Organization.objects.current_members().count() == 2


def test_in_review_action_moves_submitted_applications_on(
    officer_client, program, client
):
    application = ApplicationFactory(program=program)
    officer_client.post(
        reverse("admin:registry_application_changelist"),
        {"action": "start_review_selected", "_selected_action": [application.pk]},
    )
    application.refresh_from_db()
    assert application.status == Application.Status.IN_REVIEW
    html = client.get(application.get_status_url()).content.decode()
    assert "An officer is reviewing your application" in html


def test_reject_page_requires_a_reason_and_records_the_officer(
    officer_client, officer, program, mailoutbox
):
    application = ApplicationFactory(program=program)
    url = reverse("admin:registry_application_reject", args=[application.pk])
    assert officer_client.get(url).status_code == 200
    response = officer_client.post(url, {"reason": ""})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED

    officer_client.post(url, {"reason": "Not located in Pudong."})
    application.refresh_from_db()
    assert application.status == Application.Status.REJECTED
    assert application.decided_by == officer
    assert application.messages.get().body == "Not located in Pudong."
    assert len(mailoutbox) == 1


def test_officer_message_from_the_admin_reaches_the_applicant(
    officer_client, program, mailoutbox
):
    application = ApplicationFactory(program=program, internal_notes="")
    url = reverse("admin:registry_application_change", args=[application.pk])
    data = {
        "name_zh": application.name_zh,
        "name_en": application.name_en,
        "uscc": application.uscc,
        "ownership": application.ownership,
        "district": application.district,
        "address": application.address,
        "website": "",
        "interest": application.interest,
        "contact_name": application.contact_name,
        "contact_email": application.contact_email,
        "contact_phone": application.contact_phone,
        "internal_notes": "Officers only: looks promising.",
        "messages-TOTAL_FORMS": "1",
        "messages-INITIAL_FORMS": "0",
        "messages-MIN_NUM_FORMS": "0",
        "messages-MAX_NUM_FORMS": "1000",
        "messages-0-body": "Please tell us more about your pilot.",
    }
    response = officer_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    application.refresh_from_db()
    assert application.internal_notes == "Officers only: looks promising."
    assert application.messages.get().body == "Please tell us more about your pilot."
    assert "Please tell us more about your pilot." in mailoutbox[0].body
    assert "Officers only" not in mailoutbox[0].body


def test_public_visitors_cannot_reach_the_admin(client, program):
    application = ApplicationFactory(program=program)
    url = reverse("admin:registry_application_change", args=[application.pk])
    assert client.get(url).status_code == 302


# Personal data ------------------------------------------------------------------


def test_contact_details_are_not_logged(client, form_data, caplog):
    caplog.set_level(logging.DEBUG)
    apply(client, form_data)
    apply(client, dict(form_data, uscc="bad"))
    assert Application.objects.count() == 1
    assert "applicant@example.com" not in caplog.text
    assert "13812345678" not in caplog.text
    assert "Example Contact" not in caplog.text


def test_application_name_in_admin_history_holds_no_personal_data(program):
    application = ApplicationFactory(program=program, contact_email="p@example.com")
    assert "p@example.com" not in str(application)
    assert application.contact_name not in str(application)


def test_accepted_organization_holds_no_contact_details(program, officer):
    application = ApplicationFactory(
        program=program,
        contact_name="Example Contact",
        contact_email="private@example.com",
        contact_phone="13900000000",
    )
    organization = services.accept_application(
        application, decided_by=officer
    ).organization
    values = " ".join(
        str(v)
        for v in Organization.objects.filter(pk=organization.pk).values().get().values()
    )
    for private in ("Example Contact", "private@example.com", "13900000000"):
        assert private not in values


def test_purge_anonymizes_old_applications_of_every_status(program, officer, settings):
    settings.REGISTRY_APPLICATION_RETENTION_DAYS = 365
    long_ago = timezone.now() - datetime.timedelta(days=400)
    old_rejected = ApplicationFactory(program=program)
    services.reject_application(old_rejected, decided_by=officer, reason="No.")
    old_withdrawn = ApplicationFactory(
        program=program, status="withdrawn", decided_at=long_ago
    )
    recent_rejected = ApplicationFactory(
        program=program, status="rejected", decided_at=timezone.now()
    )
    old_accepted = ApplicationFactory(program=program)
    services.accept_application(old_accepted, decided_by=officer)
    left_open = ApplicationFactory(program=program)
    still_open = ApplicationFactory(program=program)
    Application.objects.filter(pk__in=[old_rejected.pk, old_accepted.pk]).update(
        decided_at=long_ago
    )
    Application.objects.filter(pk=left_open.pk).update(created_at=long_ago)

    call_command("purge_applications")

    for application in (old_rejected, old_withdrawn, old_accepted, left_open):
        application.refresh_from_db()
        assert application.contact_email == ""
        assert application.contact_name == ""
        assert application.contact_phone == ""
        assert application.anonymized_at is not None
        assert application.messages.count() == 0
        assert application.reference  # the number is never reused
    for application in (recent_rejected, still_open):
        application.refresh_from_db()
        assert application.contact_email != ""
        assert application.anonymized_at is None


def test_retention_period_is_a_setting(program, settings):
    settings.REGISTRY_APPLICATION_RETENTION_DAYS = 10
    application = ApplicationFactory(
        program=program,
        status="withdrawn",
        decided_at=timezone.now() - datetime.timedelta(days=11),
    )
    assert privacy.purge_applications() == 1
    application.refresh_from_db()
    assert application.contact_email == ""


def test_default_retention_is_365_days():
    from pudong_registry import settings as project_settings

    assert project_settings.REGISTRY_APPLICATION_RETENTION_DAYS == 365


# Constraints ---------------------------------------------------------------------


def test_one_open_application_per_code_and_program(program):
    first = ApplicationFactory(program=program)
    duplicate = ApplicationFactory.build(program=program, uscc=first.uscc)
    with pytest.raises(ValidationError):
        duplicate.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_application_needs_a_name(program):
    nameless = ApplicationFactory.build(program=program, name_en="", name_zh="")
    with pytest.raises(ValidationError):
        nameless.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        nameless.save()


def test_interest_text_is_bounded(program):
    wordy = ApplicationFactory.build(program=program, interest="x" * 2001)
    with pytest.raises(ValidationError):
        wordy.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        wordy.save()


def test_decision_needs_a_date(program):
    undated = ApplicationFactory.build(program=program, status="rejected")
    with pytest.raises(ValidationError):
        undated.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        undated.save()


def test_code_format_is_enforced_by_the_database(program):
    bad = ApplicationFactory.build(program=program, uscc="not a code")
    with pytest.raises(ValidationError):
        bad.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        bad.save()


def test_references_and_tokens_are_unique(program):
    first = ApplicationFactory(program=program)
    with pytest.raises(IntegrityError), transaction.atomic():
        ApplicationFactory(program=program, reference=first.reference)
    with pytest.raises(IntegrityError), transaction.atomic():
        ApplicationFactory(program=program, token=first.token)
