"""CSV downloads of the back office: a cell a spreadsheet would take for a formula is disarmed, and
no browser or proxy keeps a copy."""

import csv
import io

from flask import Response

# A cell that starts with one of these is a formula to a spreadsheet; a quote disarms it.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_response(rows: list[list], filename: str) -> Response:
    out = io.StringIO()
    csv.writer(out).writerows([[cell(value) for value in row] for row in rows])
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"})
