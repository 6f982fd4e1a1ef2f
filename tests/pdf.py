"""The text of a PDF, for tests that check what a generated document shows (pypdf, test-only)."""

from __future__ import annotations

import io

from pypdf import PdfReader


def pdf_text(content: bytes) -> str:
    """All pages' text, in order, with line breaks as in the document."""
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def pdf_words(content: bytes) -> str:
    """The text without any whitespace: a token wrapped over two lines reads as one again."""
    return "".join(pdf_text(content).split())


def pdf_page_lines(content: bytes, page: int = 0) -> list[str]:
    """One page's text as laid out (pypdf's layout mode): a line holds what sits side by side on
    the page, so a table row's label and values share a line; runs of spaces become one."""
    reader = PdfReader(io.BytesIO(content))
    text = reader.pages[page].extract_text(extraction_mode="layout")
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]
