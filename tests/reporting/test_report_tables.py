"""The report tables' cells written by template tags (reporting/templatetags/report_tables.py,
issue 19): the markup the templates wrote, every value escaped."""

from django.template import Context, Template

from reporting.cells import Cell
from reporting.status_matrix import TargetCell

EVIL = '<b onclick="x">5</b>'
ESCAPED = "&lt;b onclick=&quot;x&quot;&gt;5&lt;/b&gt;"


def render(source: str, **context) -> str:
    return Template("{% load report_tables %}" + source).render(Context(context))


def test_table_cells_write_the_text_and_a_changed_figures_badge_escaped():
    html = render("{% table_cells cells %}", cells=[Cell("12"), Cell(EVIL, adjustment=EVIL), Cell("x", hidden=True)])
    assert html == (
        '<td class="num nowrap">12</td>'
        f'<td class="num nowrap">{ESCAPED} <span class="badge badge--info">{ESCAPED}</span></td>'
        '<td class="num nowrap">x</td>'
    )


def test_matrix_cells_write_status_figure_detail_and_note_only_where_given():
    cells = [
        TargetCell(figure="37", target="80", status="below", column="occupancy"),
        TargetCell(note=EVIL, column="outcome"),
        TargetCell(figure="66,7 %", target="60 %", status="met", detail=EVIL, column="share"),
    ]
    html = render("{% matrix_cells cells %}", cells=cells)
    assert html == (
        '<td class="matrix__cell" data-column="occupancy" data-status="below"><span class="badge badge--below">Below the target'
        '</span><span class="matrix__figure">37 of 80</span></td>'
        f'<td class="matrix__cell" data-column="outcome"><span class="matrix__note">{ESCAPED}</span></td>'
        '<td class="matrix__cell" data-column="share" data-status="met"><span class="badge badge--met">Target met</span>'
        f'<span class="matrix__figure">66,7 % of 60 %</span><span class="matrix__detail">{ESCAPED}</span></td>'
    )


def test_multiple_rows_write_month_cell_and_target_escaped():
    html = render("{% multiple_rows rows %}", rows=[("2026-03", Cell("21"), "25"), ("2026-04", Cell(EVIL), "–")])
    assert html == (
        '<tr><th scope="row">2026-03</th><td class="num">21</td><td class="num">25</td></tr>'
        f'<tr><th scope="row">2026-04</th><td class="num">{ESCAPED}</td><td class="num">–</td></tr>'
    )
