"""Privacy duties (DOMAIN.md, "Law and practice"): the access-log review (loggkontroll) and the
register extract (registerutdrag). Reads the other apps like `reporting`; nothing imports it."""
