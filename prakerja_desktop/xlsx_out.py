"""Streamed XLSX writing that never leaves personal rows in plain text outside the output file.

openpyxl's write-only workbooks stream each sheet's XML into a file in the system temp folder
(`openpyxl.*`); a killed export left thousands of NIKs there. Here each sheet streams into a
scratch.SpillBuffer instead: memory up to a limit, then an encrypted file in the data folder.

    book = xlsx_out.workbook()      # instead of openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Data"); sheet.append([...]); book.save(path)
"""

from __future__ import annotations

import datetime
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.writer.excel import ExcelWriter

from prakerja_desktop.scratch import SpillBuffer


class _Sheet(WriteOnlyWorksheet):
    """A write-only sheet whose XML goes to a SpillBuffer instead of openpyxl's temp file."""

    _writer: Any

    def _get_writer(self) -> None:
        if self._writer is None:
            self._writer = WorksheetWriter(self, out=SpillBuffer())
            self._writer.write_top()

    def discard(self) -> None:
        """Drop the buffered XML (after saving, or when giving up)."""
        if self._writer is not None and isinstance(self._writer.out, SpillBuffer):
            self._writer.out.close()


class _Writer(ExcelWriter):
    """openpyxl's writer, copying each sheet from its SpillBuffer into the archive."""

    def write_worksheet(self, ws: Any) -> None:
        """What ExcelWriter.write_worksheet does for a write-only sheet, without a temp file."""
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        if not ws.closed:
            ws.close()
        writer = ws._writer
        ws._rels = writer._rels
        archive: ZipFile = self._archive  # type: ignore[attr-defined]
        with archive.open(ws.path[1:], "w", force_zip64=True) as target:
            for chunk in writer.out.chunks():
                target.write(chunk)
        self.manifest.append(ws)
        ws.discard()


class ScratchWorkbook(Workbook):
    """A write-only workbook whose sheets never touch the system temp folder in plain text."""

    def __init__(self) -> None:
        super().__init__(write_only=True)

    def create_sheet(self, title: Any = None, index: int | None = None) -> Any:
        """A new write-only sheet backed by a SpillBuffer."""
        sheet = _Sheet(parent=self, title=title)
        self._add_sheet(sheet=sheet, index=index)  # type: ignore[attr-defined]
        return sheet

    def save(self, filename: Any) -> None:
        """Write the XLSX to FILENAME (the sheets' XML is streamed out of memory or the scratch)."""
        if not self.worksheets:
            self.create_sheet()
        try:
            with ZipFile(filename, "w", ZIP_DEFLATED, allowZip64=True) as archive:
                self.properties.modified = datetime.datetime.now(tz=datetime.UTC).replace(tzinfo=None)
                _Writer(self, archive).save()
        finally:
            self.discard()

    def discard(self) -> None:
        """Forget every sheet's buffered rows."""
        for sheet in self.worksheets:
            if isinstance(sheet, _Sheet):
                sheet.discard()


def workbook() -> ScratchWorkbook:
    """A write-only workbook for personal rows (use instead of openpyxl.Workbook(write_only=True))."""
    return ScratchWorkbook()

