"""Item 4: brute-force lockout, password length, idle sessions, two-factor sign-in."""

import datetime
import io
import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from registry.admin.two_factor import add_totp_device
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")
INDEX = reverse("admin:index")
PASSWORD = "correct horse battery staple"


@pytest.fixture
def staff(db):
    return UserFactory(username="clerk", is_staff=True, is_superuser=True)


def sign_in(client, password=PASSWORD, address="192.0.2.10", **extra):
    return client.post(
        LOGIN,
        {"username": "clerk", "password": password, "next": INDEX, **extra},
        REMOTE_ADDR=address,
    )


def test_five_failures_lock_the_username_and_address_out(client, staff):
    failures = [sign_in(client, "wrong password").status_code for _ in range(5)]

    locked = sign_in(client)

    assert failures[:4] == [200, 200, 200, 200]
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.filter(username="clerk").exists()


def test_the_lockout_page_speaks_both_languages(client, staff):
    for _ in range(5):
        sign_in(client, "wrong password")

    page = sign_in(client).text

    assert "Sign-in is locked for a while" in page
    assert "登录已暂时锁定" in page
    assert "15" in page


def test_another_address_may_still_sign_in(client, staff):
    for _ in range(5):
        sign_in(client, "wrong password")

    response = sign_in(client, address="192.0.2.99")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)


def test_the_lock_lifts_after_its_cool_off(client, staff):
    for _ in range(5):
        sign_in(client, "wrong password")
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - datetime.timedelta(minutes=16)
    )

    response = sign_in(client)

    assert response.status_code == 302


def test_passwords_need_at_least_twelve_characters():
    with pytest.raises(ValidationError, match="at least 12 characters"):
        validate_password("Qz7!vRk2#pL")  # eleven
    validate_password("Qz7!vRk2#pLw")


def test_an_idle_session_ends_and_activity_keeps_it(client, staff):
    client.force_login(staff)
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() + datetime.timedelta(minutes=5)
    )
    before = Session.objects.get(session_key=key).expire_date

    assert client.get(INDEX).status_code == 200
    after = Session.objects.get(session_key=key).expire_date
    assert after - before > datetime.timedelta(hours=7)

    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert client.get(INDEX).status_code == 302


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def two_factor(settings):
    settings.REGISTRY_REQUIRE_2FA = True


def test_with_two_factor_a_password_alone_does_not_sign_in(client, staff, two_factor):
    add_totp_device(staff)

    response = sign_in(client)

    assert response.status_code == 200
    assert "Enter the six-digit code" in response.text
    assert client.get(INDEX).status_code == 302


def test_with_two_factor_the_code_signs_in(client, staff, two_factor):
    device = add_totp_device(staff)

    response = sign_in(client, otp_token=current_code(device))

    assert response.status_code == 302
    assert client.get(INDEX).status_code == 200


def test_with_two_factor_a_wrong_code_does_not_sign_in(client, staff, two_factor):
    add_totp_device(staff)

    response = sign_in(client, otp_token="000000")

    assert response.status_code == 200
    assert client.get(INDEX).status_code == 302


def test_with_two_factor_a_password_session_cannot_write_to_the_api(client, two_factor):
    from registry.installation import create_officer

    officer, _password = create_officer(username="api-officer")
    client.force_login(officer)  # the password step only: no device verified

    response = client.post(
        "/api/v1/sectors/",
        {"slug": "x-sector", "name_en": "X", "name_zh": "某"},
        content_type="application/json",
    )

    assert response.status_code in (401, 403)


def test_the_local_officer_gets_an_authenticator_and_can_sign_in(client, two_factor):
    out = io.StringIO()
    call_command("create_local_officer", stdout=out)
    text = out.getvalue()
    password = re.search(r"with password: (\S+)", text).group(1)
    uri = re.search(r"(otpauth://totp/\S+)", text).group(1)
    device = TOTPDevice.objects.get(user__username="officer")

    response = client.post(
        LOGIN,
        {
            "username": "officer",
            "password": password,
            "otp_token": current_code(device),
            "next": INDEX,
        },
    )

    assert "secret=" in uri
    assert response.status_code == 302
    assert client.get(INDEX).status_code == 200
