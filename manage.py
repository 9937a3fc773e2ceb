#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pudong_registry.settings")
    from django.conf import settings
    from django.core.management import execute_from_command_line

    # Django's command runner swallows a settings error so that `help` works, and
    # some commands then fail with an unrelated message. Load the settings first,
    # so every command stops with theirs (e.g. naming DJANGO_SECRET_KEY).
    settings.INSTALLED_APPS  # noqa: B018

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
