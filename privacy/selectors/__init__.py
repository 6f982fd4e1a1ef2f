"""Selectors of the privacy duties: the month's access-log review and the register extract."""
