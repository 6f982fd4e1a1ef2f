"""Services of the privacy duties: signing off a month's access-log review, and retention (gallring)."""
