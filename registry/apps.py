from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


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
