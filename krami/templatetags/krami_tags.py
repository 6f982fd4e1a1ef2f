"""Template helpers shared by all apps: Swedish money and number formats, durations, term help."""

from __future__ import annotations

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.formats import number_format

from krami import glossary
from krami.forms import active_filters as count_active_filters
from krami.models import DataCategory

register = template.Library()


@register.inclusion_tag("includes/term_help.html")
def term_help(slug: str) -> dict:
    """A "What does <term> mean?" box that opens in place, with a link to the glossary page."""
    return {"term": glossary.BY_SLUG[slug]}


@register.simple_tag
def occupancy_name(which: str) -> str:
    """The name of an occupancy measure, "during_month" or "today", as every page and report shows it
    (krami/glossary.py; each is also a term for `term_help`)."""
    return str({"during_month": glossary.ACTIVE_DURING_MONTH, "today": glossary.ACTIVE_TODAY}[which])


@register.inclusion_tag("includes/filters_summary.html")
def filters_summary(form, oob: bool = False) -> dict:
    """The line a list's filters fold behind: "Filter (2 active)" (`oob`: as an htmx swap of it)."""
    return {"n": count_active_filters(form), "oob": oob}


@register.filter
def minutes(value: timedelta) -> int:
    return int(value.total_seconds() // 60)


@register.filter
def category_labels(codes: str) -> str:
    """"core,notes" (as the access log stores them) → "Identitet och status i programmet, …"."""
    labels = {c.value: str(c.label) for c in DataCategory}
    return ", ".join(labels.get(code, code) for code in (codes or "").split(",") if code)


@register.filter
def money(value) -> str:
    """``1 234,50 kr`` in Swedish (grouping and decimal mark follow the active language)."""
    if value is None or value == "":
        return ""
    amount = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{number_format(amount, decimal_pos=2, force_grouping=True)}\xa0kr"


@register.filter
def number(value, decimals: int = 0) -> str:
    if value is None or value == "":
        return ""
    return number_format(value, decimal_pos=decimals, force_grouping=True)
