"""PDFs keep the thread's font configuration and parsed stylesheet between documents
(krami.exports.html_to_pdf): faster, and the documents are the same as when made alone."""

from __future__ import annotations

import os
import threading

from krami import exports
from tests.pdf import pdf_text

PAGE = "<html lang='sv'><body><h1>{title}</h1><table><tr><th>Aktiva</th><td>{n}</td></tr></table></body></html>"


def _fresh_thread_tools():
    for name in ("fonts", "sheets"):
        if hasattr(exports._pdf_tools, name):
            delattr(exports._pdf_tools, name)


def test_a_document_made_after_others_is_the_document_made_alone(tmp_path):
    css = tmp_path / "print.css"
    css.write_text("h1 { font-size: 20pt; color: #1d70b8 } td { text-align: right }")
    _fresh_thread_tools()
    alone = exports.html_to_pdf(PAGE.format(title="Mötesunderlag – Krami Malmö", n="37"), css)
    fonts, sheet = exports._fonts_and_stylesheet(css)

    exports.html_to_pdf(PAGE.format(title="Överenskommelse ÅÄÖ éü", n="1 204"), css)
    again = exports.html_to_pdf(PAGE.format(title="Mötesunderlag – Krami Malmö", n="37"), css)

    assert exports._fonts_and_stylesheet(css) == (fonts, sheet)  # kept, not made anew
    assert pdf_text(again) == pdf_text(alone) == "Mötesunderlag – Krami Malmö\nAktiva 37"
    assert len(again) == len(alone)  # the same fonts embedded, no glyphs of the other document


def test_a_changed_stylesheet_is_read_again(tmp_path):
    css = tmp_path / "print.css"
    css.write_text("h1 { color: black }")
    _fresh_thread_tools()
    _fonts, first = exports._fonts_and_stylesheet(css)
    css.write_text("h1 { color: red }")
    stat = css.stat()
    os.utime(css, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))

    _fonts, second = exports._fonts_and_stylesheet(css)

    assert second is not first
    assert len(exports._pdf_tools.sheets) == 1  # the old version is let go


def test_each_thread_has_its_own_font_configuration(tmp_path):
    css = tmp_path / "print.css"
    css.write_text("h1 { color: black }")
    mine = exports._fonts_and_stylesheet(css)[0]
    theirs = []
    thread = threading.Thread(target=lambda: theirs.append(exports._fonts_and_stylesheet(css)[0]))
    thread.start()
    thread.join()
    assert theirs[0] is not mine
