"""What a batch pre-check found, in numbers and plain lines (no personal data)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from prakerja_desktop.batch.check import RowResult
from prakerja_desktop.batch.columns import FIELDS, field_label
from prakerja_desktop.batch.csv_source import delimiter_name
from prakerja_desktop.batch.notes import RowStatus, problem_label, status_label
from prakerja_desktop.batch.reader import SourceInfo
from prakerja_desktop.i18n import _, ngettext


@dataclass
class CheckSummary:
    """Counts per status, the most frequent problems, and how the file was read."""

    source: SourceInfo
    out_xlsx: Path
    out_pdf: Path | None
    rule_set_id: str
    checked_on: date
    rows: int = 0
    counts: dict[RowStatus, int] = field(default_factory=lambda: dict.fromkeys(RowStatus, 0))
    problems: Counter[str] = field(default_factory=Counter)
    blank_rows: int = 0
    failed_rows: int = 0  # rows whose check hit a bug (each has a note)
    cancelled: bool = False
    lookup_failed: bool = False  # NIKs could not (all) be looked up in the database
    seconds: float = 0.0

    def add(self, result: RowResult) -> None:
        """Count one checked row (each problem once per row)."""
        self.rows += 1
        self.counts[result.status] += 1
        self.problems.update({n.code for n in result.notes})

    def top_problems(self, limit: int = 10) -> list[tuple[str, int]]:
        """The most frequent problems as (short label, rows)."""
        merged: Counter[str] = Counter()
        for code, count in self.problems.items():
            merged[problem_label(code)] += count
        return merged.most_common(limit)

    def missing_fields(self) -> list[str]:
        """Optional columns the file does not have (so they were not checked)."""
        return [field_label(f) for f in FIELDS if f not in self.source.header.columns]

    def mapping(self) -> list[tuple[str, str]]:
        """(field, the file's column title) for every column used."""
        titles = self.source.header.titles
        return [(field_label(f), titles[i]) for f, i in sorted(self.source.header.columns.items(),
                                                                 key=lambda item: item[1])]

    def how_read(self) -> str:
        """One line: the kind of file, its encoding and delimiter or sheet, and the header row."""
        info = self.source
        if info.kind == "csv":
            text = _("CSV, encoding {encoding}, pemisah kolom {delimiter}, judul kolom di baris {row}")
            return text.format(
                encoding=info.encoding, delimiter=delimiter_name(info.delimiter),
                row=info.header_row)
        return _("XLSX, lembar \"{sheet}\", judul kolom di baris {row}").format(sheet=info.sheet,
                                                                               row=info.header_row)

    def counts_line(self) -> str:
        """e.g. "8 baris diperiksa: 3 siap, 4 perbaiki, 1 periksa"."""
        parts = ", ".join(f"{self.counts[s]} {status_label(s)}" for s in RowStatus)
        return ngettext("{rows} baris diperiksa: {parts}", "{rows} baris diperiksa: {parts}",
                        self.rows).format(rows=self.rows, parts=parts)

    def lines(self) -> list[str]:
        """The summary for the command line and the GUI, one fact per line."""
        lines = []
        if self.cancelled:
            lines.append(ngettext("DIBATALKAN: hanya {rows} baris pertama yang diperiksa; laporan ini sebagian.",
                                  "DIBATALKAN: hanya {rows} baris pertama yang diperiksa; laporan ini sebagian.",
                                  self.rows).format(rows=self.rows))
        lines.append(self.counts_line() + ".")
        lines.append(_("Berkas dibaca sebagai {how}.").format(how=self.how_read()))
        lines.append(_("Kolom dipakai: {columns}.").format(
            columns=", ".join(f"{label} = \"{title}\"" for label, title in self.mapping())))
        if self.missing_fields():
            lines.append(_("Kolom tidak ada (tidak diperiksa): {fields}.").format(
                fields=", ".join(self.missing_fields())))
        if self.source.header.ignored:
            lines.append(_("Kolom diabaikan: {columns}.").format(
                columns=", ".join(f"\"{t}\"" for t in self.source.header.ignored)))
        if self.blank_rows:
            lines.append(ngettext("{n} baris kosong dilewati.", "{n} baris kosong dilewati.",
                                  self.blank_rows).format(n=self.blank_rows))
        if self.lookup_failed:
            lines.append(_("Data kantor tidak bisa dibuka selama pemeriksaan: NIK yang sudah tercatat "
                           "mungkin tidak ditandai."))
        if self.failed_rows:
            lines.append(ngettext("{n} baris tidak bisa diperiksa otomatis (lihat catatannya).",
                                  "{n} baris tidak bisa diperiksa otomatis (lihat catatannya).",
                                  self.failed_rows).format(n=self.failed_rows))
        return lines
