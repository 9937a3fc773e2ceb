from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
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

        from . import (
            checks,  # noqa: F401  (registers the registry's own checks)
            history,
        )
        from .api.authentication import connect_token_endings
        from .models import Institution, MemberFirm, Organization
        from .models.organizations import forget_fetched_sectors, organization_history
        from .pagecache import connect_invalidation

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

    from .database import refresh_planner_statistics
    from .models.organization_search import repair_search_index
    from .pagecache import bump_version

    repair_search_index(connections[using])
    refresh_planner_statistics(using=using)
    bump_version()
