"""Downloads for both edges (API and pages): a month's export zip, and invoice PDFs."""
from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import IO

from flask import Response

from ledger.documents.sie import file_name
from ledger.domain.periods import Period
from ledger.services.access import Actor
from ledger.services.billing.reads import PdfFile, export_period
from ledger.services.books.sie import sie_export

#: Exports larger than this spill from memory to a temporary file.
SPOOL_MEMORY_BYTES = 32 * 1024 * 1024
CHUNK_BYTES = 64 * 1024


class FileChunks:
    """A response body read from a file in chunks; the file is closed when it has been read, or when the
    server closes the response unread (a generator would not: closing one never started skips its finally)."""

    def __init__(self, source: IO[bytes]) -> None:
        self.source = source

    def __iter__(self) -> Iterator[bytes]:
        try:
            while chunk := self.source.read(CHUNK_BYTES):
                yield chunk
        finally:
            self.source.close()

    def close(self) -> None:
        """Called by the WSGI server (and Werkzeug) when the response is done with."""
        self.source.close()


def export_zip(period: Period, *, actor: Actor, by_service_period: bool = False) -> Response:
    """The archived PDFs and CSV summary of what was issued in the month (invoices-YYYY-MM.zip), or of the month's
    run (invoices-run-YYYY-MM.zip), as a zip attachment."""
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_MEMORY_BYTES)
    try:
        export_period(period, spool, actor=actor, by_service_period=by_service_period)
    except BaseException:
        spool.close()
        raise
    size = spool.tell()
    spool.seek(0)
    response = Response(FileChunks(spool), mimetype="application/zip")
    name = f"invoices-run-{period}" if by_service_period else f"invoices-{period}"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.zip"'
    response.headers["Content-Length"] = str(size)
    return response


def sie_attachment(period: Period, *, actor: Actor) -> Response:
    """The month's vouchers as an SIE 4 import file (servicekonto-YYYY-MM.si, code page 437)."""
    response = Response(sie_export(period, actor=actor), mimetype="text/plain")
    response.headers["Content-Type"] = "text/plain; charset=IBM437"
    response.headers["Content-Disposition"] = f'attachment; filename="{file_name(str(period))}"'
    return response


def pdf_attachment(pdf: PdfFile) -> Response:
    """An invoice PDF as a download with its file name; says whether it is the archived original."""
    response = Response(pdf.content, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{pdf.filename}"'
    response.headers["X-Archived-Original"] = "true" if pdf.archived else "false"
    response.headers["Cache-Control"] = "private, no-store"
    return response
