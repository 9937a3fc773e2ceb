"""Ports and private servers for tests that start their own processes."""

import os
import socket

# The ports this checkout may use for servers it starts (TEST_PORT_RANGE=first-last).
FIRST_PORT, LAST_PORT = (
    int(part) for part in os.environ.get("TEST_PORT_RANGE", "8100-8199").split("-")
)
_handed_out: set[int] = set()


def free_port() -> int:
    """A port of the range that nothing listens on and no other test was given."""
    for port in range(FIRST_PORT, LAST_PORT + 1):
        if port in _handed_out:
            continue
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        _handed_out.add(port)
        return port
    raise RuntimeError(f"no free port in {FIRST_PORT}-{LAST_PORT}")
