"""Main navigation: each app registers its entries with the roles that see them."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise

from krami.access import user_access


@dataclass(frozen=True)
class NavItem:
    order: int
    label: str | Promise
    url_name: str
    roles: frozenset[str]


_items: list[NavItem] = []


def register(*, order: int, label, url_name: str, roles) -> None:
    _items.append(NavItem(order=order, label=label, url_name=url_name, roles=frozenset(roles)))
    _items.sort(key=lambda i: i.order)


def items_for(request) -> list[dict]:
    access = user_access(request.user)
    roles = access.roles()
    result = []
    for item in _items:
        if item.roles & roles:
            url = reverse(item.url_name)
            result.append({"label": item.label, "url": url, "current": False})
    # The current entry is the one with the longest URL that starts the path (/deltagare/team/
    # is "Team", not also "Participants").
    matches = [r for r in result if r["url"] != "/" and request.path.startswith(r["url"])]
    if matches:
        max(matches, key=lambda r: len(r["url"]))["current"] = True
    return result


@dataclass(frozen=True)
class HeaderSearch:
    """The search box in the header of every page, for the roles it serves (one app registers it)."""

    url_name: str
    label: str | Promise
    roles: frozenset[str]


_search: list[HeaderSearch] = []


def register_search(*, url_name: str, label, roles) -> None:
    _search[:] = [HeaderSearch(url_name=url_name, label=label, roles=frozenset(roles))]


def search_for(request) -> dict | None:
    """The header's search box for this user, or None (not logged in, or no role it serves)."""
    if not _search or not (_search[0].roles & user_access(request.user).roles()):
        return None
    return {"url": reverse(_search[0].url_name), "label": _search[0].label}
