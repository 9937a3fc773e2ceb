"""What every page's template may read."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from registry.views import figures


def main_program(request) -> dict:
    """`main_program`: the program of REGISTRY_MAIN_PROGRAM, or None.

    Looked up only when a template reads it.
    """
    return {"main_program": SimpleLazyObject(figures.main_program)}


def site_footer(request) -> dict:
    """What every page's footer shows besides links: the address that answers
    the registry's readers (`contact_address`, also the privacy contact) and
    the ICP filing number (`icp_number`, empty when not set)."""
    return {
        "contact_address": settings.REGISTRY_PRIVACY_CONTACT,
        "icp_number": settings.REGISTRY_ICP_NUMBER,
    }
