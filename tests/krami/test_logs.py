"""Krami's log lines (issue 20, item 2): JSON lines on request, a line per request without the
query string or the username, and personnummer masked whatever wrote them."""

from __future__ import annotations

import json
import logging

import pytest

from krami.logs import JsonLines, RedactPersonnummer


def _record(message, *args, **extra) -> logging.LogRecord:
    record = logging.LogRecord("krami.test", logging.WARNING, __file__, 1, message, args, None)
    record.__dict__.update(extra)
    return record


@pytest.mark.parametrize("number", ["19900101-1234", "199001011234", "900101-1234", "900101+1234", "19900161-1234"])
def test_a_personnummer_is_masked_in_every_form(number):
    record = _record("refused %s for %s", "import", number)
    RedactPersonnummer().filter(record)
    assert record.getMessage() == "refused import for [personnummer]"


def test_ids_and_times_are_not_taken_for_a_personnummer():
    record = _record("participant 1234 at 2026-12-06 12:00, 250 rows, reference D-000123")
    RedactPersonnummer().filter(record)
    assert record.getMessage() == "participant 1234 at 2026-12-06 12:00, 250 rows, reference D-000123"


def test_a_traceback_is_masked_too():
    try:
        raise ValueError("duplicate key (personnummer)=(198001011234)")
    except ValueError:
        import sys  # noqa: PLC0415 - exc_info of this block only

        record = logging.LogRecord("krami.test", logging.ERROR, __file__, 1, "failed", None, sys.exc_info())
    RedactPersonnummer().filter(record)
    assert "198001011234" not in record.exc_text and "[personnummer]" in record.exc_text


def test_json_lines_carry_the_request_fields():
    line = JsonLines().format(_record("GET /deltagare/ 200 12ms", method="GET", path="/deltagare/", status=200, ms=12, user_id=7))
    entry = json.loads(line)
    assert entry["level"] == "WARNING" and entry["logger"] == "krami.test"
    assert {k: entry[k] for k in ("method", "path", "status", "ms", "user_id")} == {
        "method": "GET", "path": "/deltagare/", "status": 200, "ms": 12, "user_id": 7
    }
    assert entry["time"].endswith("+00:00")


@pytest.mark.django_db
def test_the_request_line_has_the_path_without_its_query_and_the_user_id_not_the_name(client, caplog, django_user_model):
    user = django_user_model.objects.create_user("karin.svensson", password="x" * 14)
    client.force_login(user)
    with caplog.at_level(logging.INFO, logger="krami.requests"):
        client.get("/hjalp/begrepp/?q=Svensson+19900101-1234")
    line = next(r for r in caplog.records if r.name == "krami.requests")
    assert line.getMessage().startswith("GET /hjalp/begrepp/ 200 ")
    assert line.user_id == user.pk
    assert "Svensson" not in caplog.text and "karin" not in caplog.text and "19900101" not in caplog.text
