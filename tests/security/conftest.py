"""Fixtures of the security tests: those of the application tests, shared."""

from tests.applications.conftest import form_data, program, sector

__all__ = ["form_data", "program", "sector"]
