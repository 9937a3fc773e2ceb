"""Test settings: the real production settings, with a throwaway key and fast hashing.

Email goes to Django's in-memory outbox and links point to an https test
address, as production requires. Two-factor sign-in is off by default so that
tests can sign staff in with force_login; tests/security/ turns it on.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-not-a-secret")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
os.environ.setdefault("REGISTRY_SITE_URL", "https://registry.test")
os.environ.setdefault("REGISTRY_REQUIRE_2FA", "0")
# Most tests read each page once and count its queries; the page cache has its
# own tests (test_page_cache.py, and the cluster test), which turn it on.
os.environ.setdefault("REGISTRY_PAGE_CACHE_SECONDS", "0")
# Tests read hundreds of pages from one address within a minute; the bound on
# uncached pages per address has its own tests (tests/security/), which set it.
os.environ.setdefault("REGISTRY_UNCACHED_PAGES_PER_MINUTE", "0")

from pudong_registry.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}

# A replica alias on the same database, so tests/ops/test_routing.py can check which
# alias each query goes to. The router is on only where a test turns it on.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
