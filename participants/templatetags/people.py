"""Naming participants in templates: `{% load people %}{% person_name p %}` (participants/identity.py).

The viewer is the request's user, or `viewer` in the context (documents rendered without a request).
A template without either names nobody with a protected identity.
"""

from __future__ import annotations

from django import template

from participants import identity

register = template.Library()


def _viewer(context):
    if context.get("viewer") is not None:
        return context["viewer"]
    request = context.get("request")
    return getattr(request, "user", None)


@register.simple_tag(takes_context=True)
def person_name(context, participant, style: str = "full") -> str:
    """The participant's name as the viewer may see it ("sorted": "Last, First")."""
    # The page's own participant, after the viewer asked to see the name (with a reason, logged).
    revealed = bool(context.get("revealed_identity")) and getattr(context.get("participant"), "pk", None) == participant.pk
    return identity.shown_name(participant, _viewer(context), style=style, revealed=revealed)


@register.simple_tag(takes_context=True)
def person_contact(context, participant) -> str:
    """Phone, else e-mail, as the viewer may see them ("–" when none or hidden)."""
    phone, email = identity.shown_contact(participant, _viewer(context))
    return phone or email or "–"


@register.simple_tag(takes_context=True)
def identity_shown(context, participant) -> bool:
    """Whether the viewer sees this participant's name and contact details (for `{% ... as shown %}`)."""
    return identity.may_see_identity(_viewer(context), participant)
