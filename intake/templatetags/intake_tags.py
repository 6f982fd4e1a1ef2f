"""Template filters of intake."""

from __future__ import annotations

from django import template

from intake.places import places_text

register = template.Library()


@register.filter
def places_left(group) -> str:
    """`{{ group|places_left }}`: "2 of 5 places left" for a group annotated with `taken`."""
    return places_text(taken=group.taken, capacity=group.capacity)
