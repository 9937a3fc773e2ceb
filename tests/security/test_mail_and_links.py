"""Items 6, 14 and 16: mail, error logs, forwarded scheme and emailed links."""

import logging

import pytest

from registry.applications import services
from tests.factories import ApplicationFactory
from tests.test_settings import PRODUCTION_ENV, run_manage

PRINT_SETTING = "from django.conf import settings; print(settings.{})"


def production(**changes):
    env = {**PRODUCTION_ENV, **changes}
    return {name: value for name, value in env.items() if value is not None}


def test_production_refuses_console_email_and_names_the_settings():
    result = run_manage("check", **production(EMAIL_HOST=None))

    assert result.returncode != 0
    assert "EMAIL_HOST" in result.stderr
    assert "REGISTRY_EMAIL_DISABLED" in result.stderr


def test_mail_deliberately_off_starts_and_sends_nothing():
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        PRINT_SETTING.format("EMAIL_BACKEND"),
        **production(EMAIL_HOST=None, REGISTRY_EMAIL_DISABLED="1"),
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.core.mail.backends.dummy.EmailBackend"


@pytest.mark.django_db
def test_an_smtp_error_is_logged_without_the_address(settings, caplog):
    settings.EMAIL_BACKEND = "tests.security.refusing_mail.RefusingBackend"
    application = ApplicationFactory(contact_email="wang.fang@example.cn")

    with caplog.at_level(logging.WARNING):
        services.send_application_email(application, "application_submitted")

    assert application.reference in caplog.text
    assert "SMTPRecipientsRefused" in caplog.text
    assert "wang.fang" not in caplog.text
    assert "example.cn" not in caplog.text


@pytest.mark.django_db
def test_a_forwarded_https_header_is_ignored_without_a_trusted_proxy(client):
    response = client.get("/", HTTP_X_FORWARDED_PROTO="https")

    assert "Strict-Transport-Security" not in response.headers


def test_a_forwarded_https_header_is_trusted_behind_a_proxy():
    direct = run_manage(
        "shell",
        "--no-imports",
        "-c",
        PRINT_SETTING.format("SECURE_PROXY_SSL_HEADER"),
        **production(),
    )
    proxied = run_manage(
        "shell",
        "--no-imports",
        "-c",
        PRINT_SETTING.format("SECURE_PROXY_SSL_HEADER"),
        **production(REGISTRY_TRUSTED_PROXIES="1"),
    )

    assert direct.stdout.strip() == "None"
    assert proxied.stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https')"


@pytest.mark.parametrize("site_url", [None, "http://registry.example.cn"])
def test_production_refuses_a_site_url_that_is_not_https(site_url):
    result = run_manage("check", **production(REGISTRY_SITE_URL=site_url))

    assert result.returncode != 0
    assert "REGISTRY_SITE_URL" in result.stderr
    assert "https" in result.stderr


@pytest.mark.django_db
def test_emailed_status_links_use_https(mailoutbox):
    application = ApplicationFactory()

    services.send_application_email(application, "application_submitted")

    assert f"https://registry.test{application.get_status_url()}" in (
        mailoutbox[0].body
    )
    assert "http://" not in mailoutbox[0].body
