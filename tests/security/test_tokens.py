"""Item 3: API keys are stored hashed, shown once; each user manages only their own."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from knox.models import AuthToken

from registry.models import Sector

pytestmark = pytest.mark.django_db

TOKENS = reverse("admin:knox_authtoken_changelist")
ADD_TOKEN = reverse("admin:knox_authtoken_add")
NEW_SECTOR = {"slug": "token-sector", "name_en": "Token sector", "name_zh": "令牌行业"}


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", password="x" * 16)


def create_in_admin(client, user) -> str:
    client.force_login(user)
    response = client.post(ADD_TOKEN)
    assert response.status_code == 200
    return response.context["key"]


def test_a_new_key_is_shown_once_and_stored_only_as_a_hash(client, program_officer):
    key = create_in_admin(client, program_officer)

    token = AuthToken.objects.get(user=program_officer)
    stored = " ".join(str(value) for value in AuthToken.objects.values().get().values())
    assert key not in stored
    assert token.digest != key
    assert key not in client.get(TOKENS).text
    assert (
        key
        not in client.get(reverse("admin:knox_authtoken_change", args=[token.pk])).text
    )


def test_the_key_works_with_the_api(client, program_officer):
    key = create_in_admin(client, program_officer)
    client.logout()

    response = client.post(
        "/api/v1/sectors/",
        NEW_SECTOR,
        content_type="application/json",
        headers={"Authorization": f"Token {key}"},
    )

    assert response.status_code == 201
    assert Sector.objects.filter(slug="token-sector").exists()


def test_an_officer_sees_no_other_users_token(client, program_officer, superuser):
    others, _key = AuthToken.objects.create(user=superuser)
    client.force_login(program_officer)

    listing = client.get(TOKENS)
    detail = client.get(reverse("admin:knox_authtoken_change", args=[others.pk]))

    assert listing.status_code == 200
    assert others.token_key[:8] not in listing.text
    assert detail.status_code in (302, 404)
    assert others.digest not in detail.text


def test_an_officer_cannot_mint_a_key_for_someone_else(
    client, program_officer, superuser
):
    client.force_login(program_officer)

    client.post(ADD_TOKEN, {"user": superuser.pk})

    assert not AuthToken.objects.filter(user=superuser).exists()
    assert AuthToken.objects.filter(user=program_officer).count() == 1


def test_an_officer_cannot_delete_another_users_token(
    client, program_officer, superuser
):
    others, _key = AuthToken.objects.create(user=superuser)
    client.force_login(program_officer)

    client.post(
        reverse("admin:knox_authtoken_delete", args=[others.pk]), {"post": "yes"}
    )
    client.post(
        TOKENS,
        {"action": "delete_selected", "_selected_action": [others.pk], "post": "yes"},
    )

    assert AuthToken.objects.filter(pk=others.pk).exists()
