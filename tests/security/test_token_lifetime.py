"""Finding 10: an API token ends with the account's password, second factor or
group; signed-in API clients have a throttle of their own, CSV included."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken

from registry.admin.two_factor import add_totp_device
from registry.roles import PROGRAM_OFFICER

pytestmark = pytest.mark.django_db

NEW_SECTOR = {"slug": "token-sector", "name_en": "Token sector", "name_zh": "令牌行业"}


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def superuser_client(client, db):
    from django.contrib.auth import get_user_model
    from django.test import Client

    root = get_user_model().objects.create_superuser("root", password="x" * 16)
    other = Client()
    other.force_login(root)
    return other


@pytest.fixture
def officer_with_token(program_officer):
    add_totp_device(program_officer)
    _token, key = AuthToken.objects.create(user=program_officer)
    return program_officer, key


def write(client, key, slug="token-sector"):
    return client.post(
        "/api/v1/sectors/",
        {**NEW_SECTOR, "slug": slug},
        content_type="application/json",
        headers={"Authorization": f"Token {key}"},
    )


def test_the_token_writes_before_any_change(client, officer_with_token):
    _user, key = officer_with_token
    assert write(client, key).status_code == 201


def test_a_password_change_ends_the_tokens(client, officer_with_token):
    user, key = officer_with_token
    user.set_password("a new and long password")
    user.save()

    assert not AuthToken.objects.filter(user=user).exists()
    assert write(client, key).status_code == 401


def test_a_password_reset_in_the_admin_ends_the_tokens(
    client, officer_with_token, superuser_client
):
    user, key = officer_with_token
    password = "another long password 42"
    response = superuser_client.post(
        reverse("admin:auth_user_password_change", args=[user.pk]),
        {"password1": password, "password2": password, "usable_password": "true"},
    )

    assert response.status_code == 302, response.content
    assert write(client, key).status_code == 401


def test_deleting_the_second_factor_ends_the_tokens(client, officer_with_token):
    user, key = officer_with_token
    TOTPDevice.objects.filter(user=user).delete()

    assert write(client, key).status_code == 401


def test_a_new_second_factor_ends_the_tokens(client, officer_with_token):
    user, key = officer_with_token
    add_totp_device(user, name="new phone")

    assert write(client, key).status_code == 401


@pytest.mark.parametrize("how", ["user", "group", "clear", "group-clear", "delete"])
def test_leaving_a_group_ends_the_tokens(client, officer_with_token, how):
    user, key = officer_with_token
    group = Group.objects.get(name=PROGRAM_OFFICER)
    if how == "user":
        user.groups.remove(group)
    elif how == "group":
        group.user_set.remove(user)
    elif how == "clear":
        user.groups.clear()
    elif how == "group-clear":
        group.user_set.clear()
    else:
        group.delete()

    assert not AuthToken.objects.filter(user=user).exists()
    assert write(client, key).status_code == 401


def test_what_does_not_change_the_account_keeps_the_tokens(client, officer_with_token):
    user, key = officer_with_token
    user.first_name = "Renamed"
    user.save()
    user.save(update_fields=["last_login"])
    device = TOTPDevice.objects.get(user=user)
    device.last_t = 12345
    device.save()
    user.groups.add(Group.objects.get_or_create(name="Another group")[0])
    # A stored hash made again with today's hasher is the same password.
    user.check_password("wrong")

    assert write(client, key).status_code == 201


def test_other_users_keep_their_tokens(client, officer_with_token, reviewer):
    user, _key = officer_with_token
    _other, other_key = AuthToken.objects.create(user=reviewer)
    user.set_password("a new and long password")
    user.save()

    assert AuthToken.objects.filter(user=reviewer).count() == 1


# The throttle of signed-in clients ------------------------------------------


def read(client, key, path="/api/v1/sectors/", **params):
    return client.get(path, params, headers={"Authorization": f"Token {key}"})


def test_a_token_client_has_a_throttle(client, officer_with_token, settings):
    settings.REGISTRY_API_USER_RATE = "3/minute"
    _user, key = officer_with_token

    statuses = [read(client, key).status_code for _ in range(5)]
    # Another address does not buy the same user a new allowance.
    other = client.get(
        "/api/v1/sectors/",
        headers={"Authorization": f"Token {key}"},
        REMOTE_ADDR="192.0.2.77",
    )

    assert statuses == [200, 200, 200, 429, 429]
    assert other.status_code == 429


def test_a_token_clients_whole_list_csv_is_throttled(
    client, officer_with_token, settings, seed
):
    settings.REGISTRY_API_USER_RATE = "2/minute"
    _user, key = officer_with_token

    statuses = [
        read(client, key, "/api/v1/organizations/", format="csv").status_code
        for _ in range(3)
    ]

    assert statuses == [200, 200, 429]


def test_a_signed_in_officers_page_csv_is_throttled(
    client, program_officer, settings, seed
):
    settings.REGISTRY_API_USER_RATE = "2/minute"
    client.force_login(program_officer)

    statuses = [
        client.get("/members/", {"format": "csv"}).status_code for _ in range(3)
    ]

    assert statuses == [200, 200, 429]
