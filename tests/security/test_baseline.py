"""Raising the baseline: deployment checks, no unescaped output, bandit in make test."""

import re
from pathlib import Path

import pytest
from django.core.checks import run_checks

from tests.test_settings import PRODUCTION_ENV, run_manage

ROOT = Path(__file__).resolve().parent.parent.parent


def test_deploy_check_with_production_settings_gives_no_warning():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout + result.stderr


def deploy_check_ids() -> set[str]:
    return {message.id for message in run_checks(include_deployment_checks=True)}


@pytest.mark.parametrize(
    ("changes", "check_id"),
    [
        ({"SECRET_KEY": "django-insecure-local-development-only"}, "registry.E001"),
        ({"ALLOWED_HOSTS": ["*"]}, "registry.E002"),
        ({"ALLOWED_HOSTS": ["localhost", "127.0.0.1"]}, "registry.W002"),
        (
            {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"},
            "registry.E003",
        ),
        ({"REGISTRY_SITE_URL": "http://registry.example.cn"}, "registry.E004"),
        ({"REGISTRY_REQUIRE_2FA": False}, "registry.W005"),
        ({"REGISTRY_TRUSTED_PROXIES": -1}, "registry.E006"),
        (
            {"SECURE_SSL_REDIRECT": False, "REGISTRY_TRUSTED_PROXIES": 0},
            "registry.W006",
        ),
    ],
)
def test_each_registry_check_names_its_problem(settings, changes, check_id):
    settings.SECRET_KEY = PRODUCTION_ENV["DJANGO_SECRET_KEY"]
    settings.ALLOWED_HOSTS = ["registry.example.cn"]
    settings.REGISTRY_REQUIRE_2FA = True
    settings.SECURE_SSL_REDIRECT = True
    assert check_id not in deploy_check_ids()

    for name, value in changes.items():
        setattr(settings, name, value)

    assert check_id in deploy_check_ids()


def test_the_console_email_check_accepts_mail_deliberately_off(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    settings.REGISTRY_EMAIL_DISABLED = True

    assert "registry.E003" not in deploy_check_ids()


UNESCAPED = re.compile(r"\|\s*safe(seq)?\b|mark_safe\(|SafeString\(|autoescape\s+off")
# A module may mark text safe that is escaped already, saying why on that line.
JUSTIFIED = "# escaping:"


def test_no_template_or_module_turns_escaping_off_on_data():
    # Plain-text emails (*.txt) are not HTML: escaping would garble them.
    templates = [
        *(ROOT / "templates").rglob("*.html"),
        *(ROOT / "registry").rglob("templates/**/*.html"),
    ]
    modules = [
        *(ROOT / "registry").rglob("*.py"),
        *(ROOT / "pudong_registry").rglob("*.py"),
    ]
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in [*templates, *modules]
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if UNESCAPED.search(line) and not (path.suffix == ".py" and JUSTIFIED in line)
    ]

    assert templates
    assert offenders == []


def test_make_test_runs_bandit_and_these_tests():
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]

    assert "bandit" in recipe
    assert "pytest" in recipe
