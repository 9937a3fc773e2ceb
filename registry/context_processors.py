"""What every page's template may read."""

from django.utils.functional import SimpleLazyObject

from registry.views import figures


def main_program(request) -> dict:
    """`main_program`: the program of REGISTRY_MAIN_PROGRAM, or None.

    Looked up only when a template reads it.
    """
    return {"main_program": SimpleLazyObject(figures.main_program)}
