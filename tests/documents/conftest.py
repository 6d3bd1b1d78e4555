"""Fixtures of the document and FHIR tests: the example journal (in memory) and its PDFs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from psoas.documents.examples import NAME, TODAY


@pytest.fixture(scope="module")
def journal() -> Iterator[Any]:
    from psoas.documents.examples import sample_journal

    j = sample_journal()
    yield j
    j.close()


@pytest.fixture(scope="module")
def handout_a4(journal: Any) -> bytes:
    from psoas.documents import handout_pdf

    return handout_pdf(journal, NAME, "A4", today=TODAY)


@pytest.fixture(scope="module")
def summary_a4(journal: Any) -> bytes:
    from psoas.documents import summary_pdf

    return summary_pdf(journal, NAME, "A4", today=TODAY)


def pdf_text(data: bytes) -> tuple[str, list[Any]]:
    """All text of a PDF (pages joined, whitespace collapsed) and its pages."""
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(text.split()), list(reader.pages)
