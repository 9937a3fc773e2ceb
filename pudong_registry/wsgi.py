"""WSGI entry point for the Pudong Innovation Registry."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pudong_registry.settings")

application = get_wsgi_application()

# URL patterns, translations and templates, built before the first request (in
# gunicorn's parent process with --preload, so every worker inherits them).
from registry.ops.warmup import warm_up  # noqa: E402

warm_up()
