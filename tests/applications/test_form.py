"""The form at /apply/: fields, submitting, duplicates and abuse."""

import datetime
import re
import uuid

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from registry.applications import services
from registry.models import (
    Application,
    ApplicationAttempt,
)
from registry.validators import normalize_phone, validate_phone
from tests.applications.conftest import REFERENCE, apply, real_uscc
from tests.factories import (
    ApplicationFactory,
    ProgramFactory,
    member,
    valid_uscc,
)

pytestmark = pytest.mark.django_db


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
    settings.REGISTRY_PROXY_ADDRESSES = ["10.0.0.2"]
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
