"""Views of the privacy duties: the access-log review and the register extract."""
