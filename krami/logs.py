"""Krami's logs (issue 20, item 2): one line per request, JSON lines when LOG_FORMAT=json, and never
a personnummer or a name.

What keeps names and numbers out: log calls name records by reference or id, never by person
(docs/security.md, "Logs"); the request line has the path without its query string (a search for a
name or a personnummer is in the query) and the user's id, not the username; the SAML libraries,
whose debug output quotes the provider's assertion with the person's names, are held at WARNING
(settings.LOGGING). `RedactPersonnummer` is the floor under all of it: a number that looks like a
personnummer is masked in every record, whatever wrote it (an exception's message, for instance).
"""

from __future__ import annotations

import json
import logging
import re
import time
from datetime import UTC, datetime

# 19900101-1234, 199001011234, 900101-1234, 900101+1234 (samordningsnummer too: day + 60).
_PERSONNUMMER = re.compile(r"(?<!\d)(?:\d{2})?\d{6}[-+]?\d{4}(?!\d)")
MASK = "[personnummer]"

request_logger = logging.getLogger("krami.requests")


def redact(text: str) -> str:
    return _PERSONNUMMER.sub(MASK, text)


class RedactPersonnummer(logging.Filter):
    """Masks anything shaped like a personnummer in the message and the traceback of a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


class JsonLines(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, and the request
    fields a request line carries (method, path, status, ms, user_id)."""

    FIELDS = ("method", "path", "status", "ms", "user_id")

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({name: getattr(record, name) for name in self.FIELDS if hasattr(record, name)})
        if record.exc_info or record.exc_text:
            entry["exception"] = record.exc_text or self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class RequestLogMiddleware:
    """One INFO line per request on `krami.requests`: method, path (no query), status, time, user id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        response = self.get_response(request)
        user = getattr(request, "user", None)
        fields = {
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "ms": round((time.monotonic() - started) * 1000),
            "user_id": user.pk if user is not None and user.is_authenticated else None,
        }
        request_logger.info("%(method)s %(path)s %(status)s %(ms)sms", fields, extra=fields)
        return response
