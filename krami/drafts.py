"""What a user typed survives a session timeout (issue 6, "Bad input keeps the user's work").

When the session limits end a session on a POST (a long journal note written past the idle
limit), the middleware keeps the submitted fields in the new, anonymous session with the user's
id and the page's path. After the same user logs in again, a form view that opts in
(`take_draft(request)`) gets the fields back as the form's initial values. Another user logging
in on the same browser gets nothing, and the draft is removed once taken.
"""

from __future__ import annotations

from django.http import HttpRequest

SESSION_DRAFT = "krami_draft"
SKIPPED = {"csrfmiddlewaretoken", "next"}
MAX_CHARS = 100_000


def stash_draft(request: HttpRequest, *, user_id: int, data: dict[str, str]) -> bool:
    """Keep `data` (the POST of the ended session) for `user_id`; False if there was nothing to keep."""
    kept = {k: v for k, v in data.items() if k not in SKIPPED and "password" not in k and "token" not in k}
    if not any(v.strip() for v in kept.values()) or sum(len(v) for v in kept.values()) > MAX_CHARS:
        return False
    request.session[SESSION_DRAFT] = {"user": user_id, "path": request.path, "data": kept}
    return True


def take_draft(request: HttpRequest) -> dict[str, str] | None:
    """The kept fields for this user and this page, removed from the session; else None."""
    draft = request.session.get(SESSION_DRAFT)
    if not draft or draft.get("path") != request.path:
        return None
    del request.session[SESSION_DRAFT]
    return draft["data"] if draft.get("user") == request.user.pk else None
