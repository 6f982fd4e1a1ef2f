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
