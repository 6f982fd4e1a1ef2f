"""The reporting menu entry: for the roles that read results (reporting/access.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from krami import navigation
from reporting.access import ANY_REPORTING_ROLE

navigation.register(order=40, label=_("Reports"), url_name="reporting:index", roles=ANY_REPORTING_ROLE)
