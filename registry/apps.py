from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("Innovation registry")

    def ready(self):
        from django.db.models.signals import post_migrate

        from .pagecache import connect_invalidation

        connect_invalidation(self)
        post_migrate.connect(after_migrate, sender=self)


def after_migrate(using, **kwargs):
    """Fresh planner statistics and a new registry version after every migration."""
    from .database import refresh_planner_statistics
    from .pagecache import bump_version

    refresh_planner_statistics(using=using)
    bump_version()
