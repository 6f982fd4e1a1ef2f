"""The report tables' cells as markup, one call per row instead of a template loop per cell.

The national view has some 4 000 cells (60 units: the status matrix, each unit's small multiple
with its figures, the units side by side, the trend) and a dashboard several hundred; Django's
template engine spent about as long on their loops as the view on its figures (issue 19). Each
tag writes exactly what the template wrote, every value escaped as `{{ }}` would.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()


def _optional(markup: str, value) -> str:
    return format_html(markup, value) if value else ""


@register.simple_tag
def table_cells(cells) -> str:
    """`_table.html`'s cells of a row: the text, and beside a frozen figure that later data changed it."""
    return format_html_join(
        "", '<td class="num nowrap">{}{}</td>',
        ((cell.text, _optional(' <span class="badge badge--info">{}</span>', cell.adjustment)) for cell in cells),
    )


@register.simple_tag
def matrix_cells(cells) -> str:
    """The status matrix's cells of a unit (reporting/status_matrix.py, TargetCell): the status in
    words, the figure against the target, what the target counts, why no status is shown."""
    return format_html_join("", '<td class="matrix__cell" data-column="{}"{}>{}{}{}{}</td>', (
        (
            cell.column,
            _optional(' data-status="{}"', cell.status),
            format_html('<span class="badge badge--{}">{}</span>', cell.status, cell.status_label) if cell.status else "",
            _optional('<span class="matrix__figure">{}</span>', cell.text),
            _optional('<span class="matrix__detail">{}</span>', cell.detail),
            _optional('<span class="matrix__note">{}</span>', cell.note),
        )
        for cell in cells
    ))


@register.simple_tag
def multiple_rows(rows) -> str:
    """A small multiple's figures: month, the cell as published, the occupancy target."""
    return format_html_join(
        "", '<tr><th scope="row">{}</th><td class="num">{}</td><td class="num">{}</td></tr>',
        ((month, cell.text, target) for month, cell, target in rows),
    )
