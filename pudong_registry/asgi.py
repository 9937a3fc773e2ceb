"""ASGI entry point for the Pudong Innovation Registry."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pudong_registry.settings")

application = get_asgi_application()
