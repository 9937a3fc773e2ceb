"""Helpers for the tests of what applicants see."""


def status_path(application) -> str:
    """The English status page, whatever language a previous request left active."""
    return f"/apply/status/{application.token}/"
