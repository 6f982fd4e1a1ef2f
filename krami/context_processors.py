from django.conf import settings
from django.utils.crypto import salted_hmac

from krami import navigation as nav
from krami.access import user_access


def navigation(request):
    """Navigation entries, the header's search box, the user's memberships, the idle limit (for the
    timeout warning) and the drafts' owner."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_items": nav.items_for(request),
        "header_search": nav.search_for(request),
        "krami_access": user_access(user),
        "session_idle_seconds": int(settings.SESSION_IDLE_TIMEOUT.total_seconds()),
        # Whose drafts krami.js may fill in on this page: not the id itself (krami/drafts.py).
        "draft_owner": salted_hmac("krami.drafts.owner", str(user.pk)).hexdigest()[:20],
    }
