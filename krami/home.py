"""The home page is assembled from sections that each app registers for the roles it serves.

This keeps the dependency direction: `krami` knows nothing of participants or agreements;
they register here in their AppConfig.ready().
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest

from krami.access import UserAccess


@dataclass(frozen=True)
class HomeSection:
    order: int
    template: str
    # Returns the template context, or None when the section has nothing for this user.
    context: Callable[[HttpRequest, UserAccess], dict | None]


_sections: list[HomeSection] = []


def register(*, order: int, template: str):
    def decorator(func):
        _sections.append(HomeSection(order=order, template=template, context=func))
        _sections.sort(key=lambda s: s.order)
        return func

    return decorator


def sections_for(request: HttpRequest, access: UserAccess) -> list[tuple[str, dict]]:
    """Each section's context (the people they list are logged with the page's other reads, in one
    write: krami.middleware.ReadLogMiddleware)."""
    result = []
    for section in _sections:
        context = section.context(request, access)
        if context is not None:
            result.append((section.template, context))
    return result
