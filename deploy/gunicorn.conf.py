"""Gunicorn for the registry in production: `gunicorn -c deploy/gunicorn.conf.py`.

Read from the environment (the systemd unit loads /etc/registry/registry.env):
REGISTRY_BIND (default 127.0.0.1:8000), GUNICORN_WORKERS (default 2 per core + 1),
REGISTRY_TRUSTED_PROXIES (as for the app) and REGISTRY_PROXY_ADDRESSES (the
proxies' own addresses, default the local machine).
"""

import multiprocessing
import os
import sys
from pathlib import Path

# The project's own modules (the token mask) load whatever the working folder.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from registry.logs import TokenMaskFilter  # noqa: E402

wsgi_app = "pudong_registry.wsgi:application"
bind = os.environ.get("REGISTRY_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS") or multiprocessing.cpu_count() * 2 + 1)
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
# A request that takes longer than this is stuck; its worker is replaced.
timeout = 30
graceful_timeout = 30
keepalive = 5
# Bounded lifetimes keep a slow leak from growing without end. A worker
# serves a page from the cache in well under a millisecond, so at 2,000 it
# was replaced every few seconds under load, and each start costs a second.
max_requests = 50000
max_requests_jitter = 5000

# Trust X-Forwarded-Proto only from the proxies the app itself trusts: none when
# REGISTRY_TRUSTED_PROXIES is 0, the proxies' addresses otherwise.
if int(os.environ.get("REGISTRY_TRUSTED_PROXIES") or 0) > 0:
    forwarded_allow_ips = os.environ.get("REGISTRY_PROXY_ADDRESSES", "127.0.0.1,::1")
else:
    forwarded_allow_ips = ""

# One line per request on stdout, next to the app's JSON lines; no client address
# or user agent, and status tokens masked (see on_starting).
accesslog = "-"
errorlog = "-"
access_log_format = (
    '{"logger": "gunicorn.access", "method": "%(m)s", "path": "%(U)s", '
    '"status": %(s)s, "bytes": "%(B)s", "duration_ms": %(M)s}'
)


def on_starting(server):
    # Workers fork from the arbiter, so they inherit the filter.
    server.log.access_log.addFilter(TokenMaskFilter())
    server.log.error_log.addFilter(TokenMaskFilter())
