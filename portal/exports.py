"""Tables out as CSV and XLSX, the one way every export of the portal writes them.

A `Sheet` is a title, a header row and rows of cells (text or whole numbers). CSV is for
Swedish spreadsheets: UTF-8 with a byte-order mark, `;` between cells (a Swedish Excel
reads `,` as the decimal comma), numbers as plain digits so they stay numbers; several
tables follow each other, each under its title, a blank line between. XLSX has a sheet per
table, the header row bold and frozen, numbers as numbers shown with a thousands
separator (`# ##0` in a Swedish Excel).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.http import HttpResponse

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")
# Cells a spreadsheet would run as a formula (CSV injection): prefixed with an apostrophe.
_FORMULA = re.compile(r"^[=+\-@\t\r]")


@dataclass
class Sheet:
    title: str
    header: Sequence[str]
    rows: list[Sequence[object]] = field(default_factory=list)


def _safe(cell: object) -> object:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return str(cell)
    if isinstance(cell, (int, float)):
        return cell
    text = str(cell)
    return "'" + text if _FORMULA.match(text) else text


def to_csv(sheets: Iterable[Sheet]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for index, sheet in enumerate(sheets):
        if index:
            writer.writerow([])
        writer.writerow([_safe(sheet.title)])
        writer.writerow([_safe(cell) for cell in sheet.header])
        for row in sheet.rows:
            writer.writerow([_safe(cell) for cell in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _sheet_name(title: str, taken: set[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:31] or "Sheet"
    candidate, number = name, 2
    while candidate.lower() in taken:
        suffix = f" ({number})"
        candidate, number = name[:31 - len(suffix)] + suffix, number + 1
    taken.add(candidate.lower())
    return candidate


def to_xlsx(sheets: Iterable[Sheet]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    for sheet in sheets:
        page = book.create_sheet(_sheet_name(sheet.title, taken))
        page.append([_safe(cell) for cell in sheet.header])
        for cell in page[1]:
            cell.font = Font(bold=True)
        page.freeze_panes = "A2"
        for row in sheet.rows:
            page.append([_safe(cell) for cell in row])
        for row in page.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, int):
                    cell.number_format = "#,##0"
        for column in page.columns:
            width = max((len(str(cell.value)) for cell in column if cell.value is not None), default=8)
            page.column_dimensions[column[0].column_letter].width = min(60, max(10, width + 2))
    if not book.sheetnames:
        book.create_sheet("Sheet")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def render(sheets: list[Sheet], kind: str) -> bytes:
    return to_xlsx(sheets) if kind == "xlsx" else to_csv(sheets)


def response(sheets: list[Sheet], kind: str, filename: str) -> HttpResponse:
    """A download of the tables (`kind` csv or xlsx); the caller has audited it."""
    answer = HttpResponse(render(sheets, kind), content_type=XLSX_TYPE if kind == "xlsx" else CSV_TYPE)
    answer["Content-Disposition"] = f'attachment; filename="{filename}.{kind}"'
    return answer
