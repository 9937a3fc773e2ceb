"""The bench's settings: the project's, with the plain-Django peer's URLs added.

bench/run.py serves the site with DJANGO_SETTINGS_MODULE=bench.settings, so the
peer (bench/peer.py) runs in the same gunicorn processes, with the same
middleware, database and cache as the pages it is measured against. The
product's settings and URLs are unchanged.
"""

import copy

from pudong_registry.settings import *  # noqa: F403
from pudong_registry.settings import BASE_DIR, TEMPLATES

ROOT_URLCONF = "bench.urls"

TEMPLATES = copy.deepcopy(TEMPLATES)
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]
