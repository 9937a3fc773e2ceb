from django.contrib.admin.apps import AdminConfig


class RegistryAdminConfig(AdminConfig):
    """Django's admin, on a site that asks staff for their second factor."""

    default_site = "registry.admin_site.RegistryAdminSite"
