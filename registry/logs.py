"""Structured logs: one JSON line per request and per business event, on stdout.

A status token (`/apply/status/<token>/`) is a password to one application: it
is masked in every line, ours and Django's and gunicorn's. Applicants' contact
details never reach a log: `log_event` refuses fields that would carry them.
"""

import logging
import re
import time
from contextlib import ExitStack

from django.db import connections
from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

request_logger = logging.getLogger("registry.requests")
event_logger = logging.getLogger("registry.events")

STATUS_TOKEN = re.compile(r"(/apply/status/)[^/?#\s\"']+")
MASK = r"\1[token]"

# Fields of an application that identify a person; events name applications by
# their reference instead.
PERSONAL_FIELDS = frozenset(
    {"contact_name", "contact_email", "email", "phone", "contact_phone", "notes"}
)


def mask_tokens(text: str) -> str:
    """`text` with every application status token replaced by "[token]"."""
    return STATUS_TOKEN.sub(MASK, text)


def _masked(value):
    return mask_tokens(value) if isinstance(value, str) else value


class TokenMaskFilter(logging.Filter):
    """Masks status tokens in any record: Django's "Not Found: <path>", gunicorn's
    access line (whose arguments are a dict of fields), or our own."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = mask_tokens(record.msg)
        if isinstance(record.args, dict):
            record.args = {key: _masked(value) for key, value in record.args.items()}
        elif isinstance(record.args, tuple):
            record.args = tuple(_masked(value) for value in record.args)
        return True


class JsonFormatter(_JsonFormatter):
    """One JSON object per line: time, level, logger, message and the extra fields.

    The request object Django attaches to its records is left out (its repr holds
    the raw path), and the finished line is masked once more, which covers
    tracebacks too.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("fmt", ["asctime", "levelname", "name", "message"])
        kwargs.setdefault(
            "rename_fields", {"asctime": "time", "levelname": "level", "name": "logger"}
        )
        kwargs.setdefault(
            "reserved_attrs",
            [*logging.makeLogRecord({}).__dict__, "message", "asctime", "request"],
        )
        super().__init__(*args, **kwargs)

    def serialize_log_record(self, log_data) -> str:
        return mask_tokens(super().serialize_log_record(log_data))


def log_event(event: str, **fields) -> None:
    """Log a business event, e.g. `log_event("application.accepted", reference=...)`.

    Fields name records by reference, slug or count, never by a person's details.
    """
    personal = PERSONAL_FIELDS.intersection(fields)
    if personal:
        raise ValueError(f"personal data kept out of logs: {sorted(personal)}")
    event_logger.info(event, extra={"event": event, **fields})


class RequestLogMiddleware:
    """Logs each request once it is answered: method, masked path, status,
    duration in milliseconds and the number of database queries it made."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        queries = 0

        def count(execute, sql, params, many, context):
            nonlocal queries
            queries += 1
            return execute(sql, params, many, context)

        started = time.perf_counter()
        with ExitStack() as stack:
            for connection in connections.all():
                stack.enter_context(connection.execute_wrapper(count))
            response = self.get_response(request)
        request_logger.info(
            "request",
            extra={
                "method": request.method,
                "path": mask_tokens(request.path),
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "queries": queries,
            },
        )
        return response
