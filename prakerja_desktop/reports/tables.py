"""The office report as tables: what the CSV, XLSX and PDF writers (and the dashboard) all show.

Cells keep their type: int for counts, float 0..1 (or None) for shares, date for days, str for words.
Each writer formats them its own way (XLSX number formats, "38%" in CSV and PDF). Tables are complete:
every village, every week; nothing is cut.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from prakerja_desktop.i18n import _
from prakerja_desktop.reports.aggregate import Funnel, PlaceRow, Report, stage_definitions, stage_titles

INT, PCT, DATE, TEXT = "int", "pct", "date", "text"


@dataclass(frozen=True)
class Table:
    """One table of the report."""

    key: str  # stable id: sheet charts and tests find tables by it
    title: str
    header: list[str]
    kinds: list[str]  # per column: INT, PCT, DATE or TEXT
    rows: list[list[Any]]
    notes: list[str] = field(default_factory=list)  # definitions printed under the table
    total: list[Any] | None = None  # the totals row, printed last and in bold


def percent_text(share: float | None) -> str:
    """"38%" (or "-" when unknown)."""
    return "-" if share is None else f"{share * 100:.0f}%"


def cell_text(value: Any, kind: str) -> str:
    """A cell as text (CSV, PDF, screen)."""
    if kind == PCT:
        return percent_text(value)
    if kind == INT and isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    return "" if value is None else str(value)


def funnel_header(first: str, *more: str) -> tuple[list[str], list[str]]:
    """Header and kinds of a funnel table: the place columns, then each stage with its rate."""
    header, kinds = [first, *more], [TEXT] * (1 + len(more))
    for n, title in enumerate(stage_titles()):
        header.append(title)
        kinds.append(INT)
        if n:
            header.append("%")
            kinds.append(PCT)
    return header, kinds


def funnel_cells(funnel: Funnel) -> list[Any]:
    """Counts and rates, interleaved as in funnel_header."""
    cells: list[Any] = []
    for n, (count, rate) in enumerate(zip(funnel.counts(), funnel.rates(), strict=True)):
        cells.append(count)
        if n:
            cells.append(rate)
    return cells


def _places(key: str, title: str, rows: list[PlaceRow], with_district: bool, total: Funnel) -> Table:
    header, kinds = (funnel_header(_("Desa"), _("Kecamatan")) if with_district else funnel_header(_("Kecamatan")))
    body = [[row.label, *([row.district] if with_district else []), *funnel_cells(row.funnel)] for row in rows]
    total_row = [_("Jumlah"), *([""] if with_district else []), *funnel_cells(total)]
    return Table(key, title, header, kinds, body, stage_definitions(), total_row)


def report_tables(report: Report) -> list[Table]:
    """The report as tables, shared by every format."""
    period = _("{start} sampai {end} ({zone})").format(start=report.date_from.strftime("%d-%m-%Y"),
                                                      end=report.date_to.strftime("%d-%m-%Y"), zone=report.zone)
    summary = Table("summary", _("Ringkasan"), [_("Hal"), _("Jumlah")], [TEXT, INT], [
        [_("Orang dibantu"), report.total], [_("Dibantu petugas"), report.assisted_by_staff],
        [_("Mandiri di kios"), report.self_service],
        [_("Memenuhi syarat"), report.outcomes.get("eligible", 0)],
        [_("Perlu diperiksa petugas"), report.outcomes.get("needs_check", 0)],
        [_("Tidak memenuhi syarat"), report.outcomes.get("not_eligible", 0)],
        [_("Daftar tunggu (semua tanggal)"), report.waiting_list]],
        [_("Rentang: {period}; hari dihitung menurut jam kantor.").format(period=period),
         _("Daftar tunggu: setuju dihubungi, siap, dan belum daftar online.")])
    header, kinds = funnel_header(_("Kelompok"))
    groups: list[list[Any]] = []
    notes = stage_definitions()
    if report.residents is not None and report.elsewhere is not None:
        name = report.regency_name or report.regency_code
        groups.append([_("Warga {regency}").format(regency=name), *funnel_cells(report.residents)])
        groups.append([_("Dari daerah lain"), *funnel_cells(report.elsewhere)])
    else:
        notes = [_("Kabupaten kantor belum diatur: warga dan pendatang tidak dipisah."), *notes]
    funnel = Table("funnel", _("Alur pendaftaran"), header, kinds, groups, notes,
                   [_("Jumlah"), *funnel_cells(report.funnel)])
    wave_total = report.wave_total
    waves = Table(
        "waves", _("Per gelombang"),
        [_("Gelombang"), _("Ikut"), _("Diterima"), _("Tidak diterima"), _("Belum tahu"), _("% diterima"),
         _("Selesai pelatihan"), _("Dapat insentif")],
        [INT, INT, INT, INT, INT, PCT, INT, INT],
        [[w.wave, w.joined, w.accepted, w.rejected, w.pending, w.acceptance_rate, w.training_finished,
          w.incentive_received] for w in report.waves],
        [_("% diterima: diterima dibagi (diterima + tidak diterima); yang belum tahu hasilnya tidak dihitung."),
         _("Jumlah: orang yang ikut dua gelombang dihitung dua kali.")],
        [_("Jumlah"), wave_total.joined, wave_total.accepted, wave_total.rejected, wave_total.pending,
         wave_total.acceptance_rate, wave_total.training_finished, wave_total.incentive_received]
        if report.waves else None)
    total_days = sum(n for _d, n in report.per_day)
    return [
        summary,
        funnel,
        waves,
        _places("districts", _("Per kecamatan"), report.districts, False, report.funnel),
        _places("villages", _("Per desa"), report.villages, True, report.funnel),
        Table("weeks", _("Per minggu"), [_("Minggu"), _("Jumlah")], [TEXT, INT],
              [list(r) for r in report.per_week], [], [_("Jumlah"), total_days]),
        Table("days", _("Per hari"), [_("Tanggal"), _("Jumlah")], [DATE, INT],
              [[d, n] for d, n in report.per_day], [_("Tanggal menurut jam kantor ({zone}).").format(zone=report.zone)],
              [_("Jumlah"), total_days]),
        Table("reasons", _("Alasan terbanyak"), [_("Alasan"), _("Jumlah")], [TEXT, INT],
              [list(r) for r in report.top_reasons]),
        Table("gaps", _("Yang belum siap"), [_("Hal"), _("Belum siap"), _("Persen")], [TEXT, INT, PCT],
              [[label, n, share] for label, n, share in report.readiness_gaps],
              [_("Persen: dari orang yang menjawab hal itu.")]),
    ]
