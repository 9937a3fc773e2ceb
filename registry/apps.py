from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("Innovation registry")

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from simple_history.signals import pre_create_historical_record

        from . import (
            checks,  # noqa: F401  (registers the registry's own checks)
            history,
        )
        from .models import Institution, MemberFirm
        from .models.organizations import organization_history

        pre_create_historical_record.connect(history.describe_change)
        # Saves through a proxy's admin signal the proxy, not Organization.
        for proxy in (MemberFirm, Institution):
            post_save.connect(organization_history.post_save, sender=proxy, weak=False)
            post_delete.connect(
                organization_history.post_delete, sender=proxy, weak=False
            )
