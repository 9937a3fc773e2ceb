"""The settings as production builds them from environment variables, for tests."""

import os
import runpy
from pathlib import Path
from unittest import mock

SETTINGS_FILE = Path(__file__).resolve().parent.parent / "pudong_registry/settings.py"

# The shared Redis of the test machine; each worktree or CI run picks its own DB.
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/3")


def settings_with(**env) -> dict:
    """The settings module's names as they are with `env` added to the environment."""
    with mock.patch.dict(os.environ, env):
        values = runpy.run_path(str(SETTINGS_FILE))
    return {name: value for name, value in values.items() if name.isupper()}


def cache_overrides(redis_url: str) -> dict:
    """The cache settings REDIS_URL=`redis_url` gives, for override_settings."""
    built = settings_with(REDIS_URL=redis_url)
    return {
        name: value
        for name, value in built.items()
        if name == "CACHES" or name.startswith("DJANGO_REDIS")
    }
