"""WSGI entry point for the Pudong Innovation Registry."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pudong_registry.settings")

application = get_wsgi_application()
