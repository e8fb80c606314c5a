"""File answers of the pages: CSV that a spreadsheet opens in UTF-8."""
from __future__ import annotations

from flask import Response

#: A byte-order mark, so that Excel reads å, ä and ö as UTF-8 rather than in the Windows code page.
UTF8_BOM = "\ufeff"


def csv_attachment(text: str, filename: str) -> Response:
    """`text` as a CSV download named `filename`."""
    return Response(UTF8_BOM + text, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
