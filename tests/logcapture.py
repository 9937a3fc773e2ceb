"""Capture what the console handler of the settings writes, for tests on logs."""

import io
import logging
from contextlib import contextmanager

from django.conf import settings

from registry.logs import JsonFormatter, TokenMaskFilter


@contextmanager
def console_output(names=("registry", "django")):
    """A stream receiving the lines of the `names` loggers, formatted and filtered as
    the settings' console handler does it."""
    config = settings.LOGGING["handlers"]["console"]
    assert config["formatter"] == "json" and config["filters"] == ["mask_tokens"]
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(TokenMaskFilter())
    loggers = [logging.getLogger(name) for name in names]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield stream
    finally:
        for logger in loggers:
            logger.removeHandler(handler)
