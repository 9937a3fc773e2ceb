"""The admin in Chinese names every app and model in Chinese, the other
packages' ones (knox, axes, django-otp) included."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

ENGLISH_HEADINGS = [
    "KNOX",
    "Knox",
    "Auth token",
    "Axes",
    "Access attempt",
    "Access log",
    "Access failure",
    "TOTP",
    "Otp_Totp",
]


@pytest.fixture
def superuser_client(client):
    user = get_user_model().objects.create_superuser(
        "chief", "chief@example.com", "a long enough password"
    )
    client.force_login(user)
    return client


def _chinese_index(client):
    with translation.override("en"):
        response = client.get(
            reverse("admin:index"), headers={"accept-language": "zh-hans"}
        )
    assert response.status_code == 200
    return response.content.decode()


def test_the_chinese_admin_index_has_no_english_headings(superuser_client):
    html = _chinese_index(superuser_client)
    assert "浦东创新名录" in html
    assert [heading for heading in ENGLISH_HEADINGS if heading in html] == []


def test_the_other_packages_apps_have_chinese_names(superuser_client):
    html = _chinese_index(superuser_client)
    for name in ["API令牌", "登录保护", "两步验证", "登录尝试", "动态口令设备"]:
        assert name in html


def test_the_english_admin_keeps_english_names(superuser_client):
    with translation.override("en"):
        response = superuser_client.get(
            reverse("admin:index"), headers={"accept-language": "en"}
        )
    html = response.content.decode()
    assert "API tokens" in html
    assert "TOTP devices" in html


def test_the_history_page_title_reads_as_chinese(superuser_client):
    organization = OrganizationFactory(name_en="Zhangjiang Lab", name_zh="张江实验室")
    url = reverse("admin:registry_organization_history", args=[organization.pk])
    with translation.override("en"):
        response = superuser_client.get(url, headers={"accept-language": "zh-hans"})
    assert response.status_code == 200
    assert "变更历史：张江实验室" in response.content.decode()
