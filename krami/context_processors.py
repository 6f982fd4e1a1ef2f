from krami import navigation as nav
from krami.access import user_access


def navigation(request):
    """Navigation entries and the user's memberships for the base layout."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_items": nav.items_for(request), "krami_access": user_access(user)}
