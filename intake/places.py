"""A group start's places, worded the same on every page: "2 av 5 platser kvar" (issue 16, item 5).

The tester found "0 av 5 platser tagna" on one page and "5/5" on another. Every page that shows a
group's places (the groups list, a group's page, the queue, the start form, the home page) words
them here, as places *left*: what a case worker starting someone needs to know.
"""

from __future__ import annotations

from django.utils.translation import ngettext


def places_left(*, taken: int, capacity: int) -> int:
    """Free places; never below zero (an imported register may hold more than the capacity)."""
    return max(capacity - taken, 0)


def places_text(*, taken: int, capacity: int) -> str:
    left = places_left(taken=taken, capacity=capacity)
    return ngettext(
        "%(left)s of %(capacity)s place left", "%(left)s of %(capacity)s places left", capacity
    ) % {"left": left, "capacity": capacity}
