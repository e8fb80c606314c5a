"""HTML to PDF/A-3b with WeasyPrint; the fetcher refuses every URL, so no file or network is ever read."""
from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from weasyprint import HTML, Attachment
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

PDF_VARIANT = "pdf/a-3b"


class RefusingFetcher(URLFetcher):
    """Refuses every URL (file:, http:, data: ...): invoices carry their CSS inline and use system fonts."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=(), fail_on_errors=False)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: object = None) -> object:
        self.refused.append(url)
        raise ValueError(f"refused to fetch {url!r}: invoice PDFs load nothing from files or the network")


_local = threading.local()


def _font_config() -> FontConfiguration:
    """One font configuration per thread: building it costs ~10 % of a render, and the invoices declare no
    @font-face, so nothing of one document leaks into the next."""
    if not hasattr(_local, "font_config"):
        _local.font_config = FontConfiguration()
    return _local.font_config


@dataclass(frozen=True)
class EmbeddedFile:
    """A file carried inside the PDF/A-3 as an associated file (the e-invoice: AFRelationship Alternative)."""

    name: str
    content: bytes
    description: str
    relationship: str = "Alternative"


@dataclass(frozen=True)
class PdfJob:
    """An HTML document and the files to embed in its PDF."""

    html: str
    embedded: tuple[EmbeddedFile, ...] = ()


def html_to_pdf(html: str | PdfJob, fetcher: RefusingFetcher | None = None) -> bytes:
    """Render one HTML document (with its embedded files) to PDF/A-3b bytes."""
    job = html if isinstance(html, PdfJob) else PdfJob(html)
    attachments = [Attachment(string=file.content, name=file.name, description=file.description,
                              relationship=file.relationship, url_fetcher=RefusingFetcher())
                   for file in job.embedded]
    return HTML(string=job.html, url_fetcher=fetcher or RefusingFetcher()).write_pdf(
        pdf_variant=PDF_VARIANT, font_config=_font_config(), attachments=attachments)


class PdfRenderer:
    """Renders batches of documents on `workers` processes: this one and a pool of `workers - 1` spawned ones kept
    for its lifetime (rendering is CPU-bound). Workers are spawned, not forked: they inherit no database connection.

    This process renders too, taking documents from the back of the batch that no worker has started: it would
    otherwise wait idle, and it starts at once while the pool's processes are still starting up.
    """

    def __init__(self, workers: int = 1) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> "PdfRenderer":
        if self.workers > 1:
            self._pool = ProcessPoolExecutor(max_workers=self.workers - 1,
                                             mp_context=multiprocessing.get_context("spawn"))
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def render(self, documents: list[str | PdfJob]) -> list[bytes]:
        """PDF bytes for each HTML document, in order."""
        if self._pool is None or len(documents) <= 1:
            return [html_to_pdf(html) for html in documents]
        futures = [self._pool.submit(html_to_pdf, html) for html in documents]
        here: dict[int, bytes] = {}
        try:
            for index in reversed(range(len(documents))):
                if not futures[index].cancel():  # a worker has it: so it has every one before it (taken in order)
                    break
                here[index] = html_to_pdf(documents[index])
            return [here[index] if index in here else future.result() for index, future in enumerate(futures)]
        except BaseException:
            for future in futures:
                future.cancel()
            raise
