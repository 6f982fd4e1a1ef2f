"""The framework floor of the benchmark: the cheapest page an authenticated user can get."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse


@login_required
def framework_floor(request: HttpRequest) -> HttpResponse:
    """Session, user and the whole middleware stack, and nothing else: what every page costs at least."""
    return HttpResponse("ok", content_type="text/plain")
