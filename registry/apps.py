from axes import apps as axes_apps
from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from django_otp.plugins.otp_totp import apps as otp_totp_apps


class RegistryConfig(AppConfig):
    default = True
    name = "registry"
    verbose_name = _("Innovation registry")

    def ready(self):
        from django.db.models.signals import (
            m2m_changed,
            post_delete,
            post_migrate,
            post_save,
        )
        from simple_history.signals import pre_create_historical_record

        from registry import (
            checks,  # noqa: F401  (registers the registry's own checks)
            history,
        )
        from registry.api.authentication import connect_token_endings
        from registry.caching.version import connect_invalidation
        from registry.models import Institution, MemberFirm, Organization
        from registry.models.organizations import (
            forget_fetched_sectors,
            organization_history,
        )

        pre_create_historical_record.connect(history.describe_change)
        # Saves through a proxy's admin signal the proxy, not Organization.
        for proxy in (MemberFirm, Institution):
            post_save.connect(organization_history.post_save, sender=proxy, weak=False)
            post_delete.connect(
                organization_history.post_delete, sender=proxy, weak=False
            )

        m2m_changed.connect(forget_fetched_sectors, sender=Organization.sectors.through)
        connect_invalidation(self)
        connect_token_endings()
        post_migrate.connect(after_migrate, sender=self)


def after_migrate(using, **kwargs):
    """Fresh planner statistics and a new registry version after every migration.

    And the search index's triggers, if a migration rebuilt the table they
    belong to (SQLite).
    """
    from django.db import connections

    from registry.caching.version import bump_version
    from registry.database import refresh_planner_statistics
    from registry.search.index import repair_search_index

    repair_search_index(connections[using])
    refresh_planner_statistics(using=using)
    bump_version()


class RegistryAdminConfig(admin_apps.AdminConfig):
    """Django's admin, on a site that asks staff for their second factor.

    The site's module sits outside `registry.admin`: importing that package
    registers every admin class on the site, which must exist by then.
    """

    default = False
    default_site = "registry.admin_site.RegistryAdminSite"


# The other packages' apps, with names the Chinese admin can show. Each keeps
# the package's label (its tables and migrations stay the package's own) and is
# not the package's default: INSTALLED_APPS names these configs instead of the
# packages. Their modules are imported, never their classes: a default config
# class named here would be a second candidate default for `registry`.


def _rename_model(model, singular, plural):
    """Translatable names for a model its package names in plain English.

    Only the names the admin shows change: migrations read the model's
    declared options (`_meta.original_attrs`), which stay the package's.
    """
    model._meta.verbose_name = singular
    model._meta.verbose_name_plural = plural


class KnoxConfig(AppConfig):
    """django-rest-knox, which has no config of its own, nor translated names."""

    default = False
    name = "knox"
    label = "knox"
    verbose_name = _("API tokens")

    def ready(self):
        _rename_model(self.get_model("AuthToken"), _("API token"), _("API tokens"))


# django-axes marks its models', fields' and admin's texts for translation but
# has no Chinese catalogue: ours translates them. Listed here for `make
# messages`, which reads only this project's files and would drop them.
AXES_TEXTS = (
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("Access Attempt"),
    gettext_noop("User Agent"),
    gettext_noop("IP Address"),
    gettext_noop("HTTP Accept"),
    gettext_noop("Path"),
    gettext_noop("Attempt Time"),
    gettext_noop("Access lock out"),
    gettext_noop("GET Data"),
    gettext_noop("POST Data"),
    gettext_noop("Failed Logins"),
    gettext_noop("Expires At"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("Logout Time"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("Locked Out"),
    gettext_noop("Form Data"),
    gettext_noop("Meta Data"),
    gettext_noop("Clean up expired attempts"),
    gettext_noop("Not set"),
)


# The Chinese catalogues of simple-history and Django's admin put a half-width
# colon or a space before the record's name in the history pages' titles; ours
# corrects them.
SIMPLE_HISTORY_TEXTS = (
    gettext_noop("View history: %s"),
    gettext_noop("Change history: %s"),
    gettext_noop("View %s"),
    gettext_noop("Revert %s"),
    gettext_noop("View %(verbose_name)s"),
    gettext_noop("Revert %(verbose_name)s"),
)


class AxesConfig(axes_apps.AppConfig):
    """django-axes; its models' names are translatable (our catalogue has them)."""

    default = False
    label = "axes"
    verbose_name = _("Sign-in protection")


class TOTPConfig(otp_totp_apps.DefaultConfig):
    """django-otp's TOTP devices, whose name the package does not translate."""

    default = False
    label = "otp_totp"
    verbose_name = _("Two-factor authentication")

    def ready(self):
        super().ready()
        _rename_model(self.get_model("TOTPDevice"), _("TOTP device"), _("TOTP devices"))
