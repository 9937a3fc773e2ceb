"""The URLs of the officers' extra pages on a model's admin."""

from django.urls import path


def model_admin_urls(model_admin, *pages):
    """One URL a page, each `(route, view, name)`, behind the admin's login and
    named like Django's own (`<app>_<model>_<name>`), so `admin:` reverses work.
    """
    prefix = f"{model_admin.opts.app_label}_{model_admin.opts.model_name}"
    return [
        path(route, model_admin.admin_site.admin_view(view), name=f"{prefix}_{name}")
        for route, view, name in pages
    ]
