"""The registry's own production checks, run by `manage.py check --deploy`.

Settings refuse the worst states at start already (no secret, console email,
plain-http links); these checks also name the weaker ones an operator should
fix, in the same report as Django's own.
"""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.checks import Warning as CheckWarning

LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]"}
CONSOLE_EMAIL = "django.core.mail.backends.console.EmailBackend"


@register(Tags.security, deploy=True)
def check_secret_key(app_configs, **kwargs):
    if (
        settings.SECRET_KEY.startswith("django-insecure")
        or len(settings.SECRET_KEY) < 50
    ):
        return [
            Error(
                "The secret key is the development key or too short.",
                hint="Set DJANGO_SECRET_KEY to at least 50 random characters.",
                id="registry.E001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_allowed_hosts(app_configs, **kwargs):
    hosts = set(settings.ALLOWED_HOSTS)
    if "*" in hosts:
        return [
            Error(
                "DJANGO_ALLOWED_HOSTS accepts any host name.",
                hint="List the site's own host names only.",
                id="registry.E002",
            )
        ]
    if not hosts - LOCAL_HOSTS:
        return [
            CheckWarning(
                "DJANGO_ALLOWED_HOSTS names only this machine.",
                hint="Add the site's public host name, e.g. registry.example.cn.",
                id="registry.W002",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_email(app_configs, **kwargs):
    if settings.EMAIL_BACKEND == CONSOLE_EMAIL and not settings.REGISTRY_EMAIL_DISABLED:
        return [
            Error(
                "Email goes to the console: applicants' private links would be "
                "written to the log.",
                hint="Set EMAIL_HOST (and the other EMAIL_* settings), or "
                "REGISTRY_EMAIL_DISABLED=1 if mail is deliberately off.",
                id="registry.E003",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_site_url(app_configs, **kwargs):
    if not settings.REGISTRY_SITE_URL.lower().startswith("https://"):
        return [
            Error(
                "REGISTRY_SITE_URL is not an https address; emailed status links "
                "would travel in clear text.",
                hint="Set REGISTRY_SITE_URL=https://<the site's host>.",
                id="registry.E004",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_two_factor(app_configs, **kwargs):
    if not settings.REGISTRY_REQUIRE_2FA:
        return [
            CheckWarning(
                "Staff can sign in to the back office with a password alone.",
                hint="Leave REGISTRY_REQUIRE_2FA on and give each staff account a "
                "device with `manage.py add_totp_device USERNAME`.",
                id="registry.W005",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_trusted_proxies(app_configs, **kwargs):
    proxies = settings.REGISTRY_TRUSTED_PROXIES
    if proxies < 0:
        return [
            Error(
                "REGISTRY_TRUSTED_PROXIES is negative.",
                hint="Set it to the number of reverse proxies in front of the app.",
                id="registry.E006",
            )
        ]
    if proxies == 0 and not getattr(settings, "SECURE_SSL_REDIRECT", False):
        return [
            CheckWarning(
                "The HTTPS redirect is off, as behind a proxy that does it, but "
                "REGISTRY_TRUSTED_PROXIES is 0: the app cannot tell HTTPS "
                "visitors, and counts every visitor as the proxy's address.",
                hint="Set REGISTRY_TRUSTED_PROXIES to the number of proxies.",
                id="registry.W006",
            )
        ]
    return []
