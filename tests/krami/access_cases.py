from tests.access.registry import has_role_in_unit, logged_in, public, scoped

public("krami:login")
public("set_language", method="POST")
scoped("krami:home", allowed=logged_in)
public("krami:logout", method="POST")
scoped("krami:two_factor", allowed=logged_in)
scoped("krami:keep_alive", method="POST", allowed=logged_in, ok_statuses={204})
scoped("krami:glossary", allowed=logged_in)
scoped("krami:access_log", kwargs=lambda w: {"unit_id": w.unit.pk}, allowed=has_role_in_unit("samordnare"))
scoped("krami:account_settings", allowed=logged_in)
