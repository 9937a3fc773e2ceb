"""Spreadsheet import and export of the registry, shared by the admin and commands."""
