from django.conf import settings

from krami import navigation as nav
from krami.access import user_access


def navigation(request):
    """Navigation entries, the header's search box, the user's memberships and the idle limit (for the timeout warning)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_items": nav.items_for(request),
        "header_search": nav.search_for(request),
        "krami_access": user_access(user),
        "session_idle_seconds": int(settings.SESSION_IDLE_TIMEOUT.total_seconds()),
    }
