"""Write-matrix cases for the core's POST URLs (tests/access/writes.py): the user's own session."""

from tests.access.writes import fixed, session_write

session_write("krami:login", data=fixed({"username": "ingen", "password": "fel lösenord"}))
session_write("krami:logout")
session_write("set_language", data=fixed({"language": "en", "next": "/"}))
session_write("krami:keep_alive", ok_statuses={204, 302})
session_write("krami:two_factor", data=fixed({"token": "000000"}), ok_statuses={200, 302})
session_write("krami:account_settings", data=fixed({"daily_digest": "on"}))
