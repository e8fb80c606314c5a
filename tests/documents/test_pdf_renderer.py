"""The renderer on two processes (this one and a spawned worker) returns every document once, in order."""
import pytest

from ledger.documents.pdf import PdfRenderer
from tests.services.invoice_helpers import pdf_text


def page(number: int) -> str:
    return f"<!DOCTYPE html><html><body><p>Dokument nummer {number} av sju</p></body></html>"


def test_two_processes_render_each_document_once_in_order():
    documents = [page(number) for number in range(7)]
    with PdfRenderer(2) as renderer:
        contents = renderer.render(documents)
        again = renderer.render(documents[:3])  # the pool outlives a batch
    assert [f"Dokument nummer {number} av sju" in pdf_text(content) for number, content in enumerate(contents)] == [True] * 7
    assert [pdf_text(content) for content in again] == [pdf_text(content) for content in contents[:3]]


def test_a_failing_document_fails_the_batch():
    with PdfRenderer(2) as renderer, pytest.raises(TypeError):
        renderer.render([page(1), None, page(2)])  # type: ignore[list-item]
