"""The office report as tables (title, header, rows): what the CSV, XLSX and PDF writers all show."""

from __future__ import annotations

from typing import Any

from prakerja_desktop.i18n import _
from prakerja_desktop.reports.aggregate import Report


def report_tables(report: Report) -> list[tuple[str, list[str], list[list[Any]]]]:
    """The report as (title, header, rows) tables, shared by every format."""
    rate = lambda w: f"{w.acceptance_rate:.0%}" if w.acceptance_rate is not None else "-"  # noqa: E731
    return [
        (_("Ringkasan"), [_("Hal"), _("Jumlah")], [
            [_("Dari tanggal"), report.date_from.isoformat()], [_("Sampai tanggal"), report.date_to.isoformat()],
            [_("Orang dibantu"), report.total], [_("Dibantu petugas"), report.assisted_by_staff],
            [_("Memenuhi syarat"), report.outcomes.get("eligible", 0)],
            [_("Perlu diperiksa petugas"), report.outcomes.get("needs_check", 0)],
            [_("Tidak memenuhi syarat"), report.outcomes.get("not_eligible", 0)]]),
        (_("Per minggu"), [_("Minggu"), _("Jumlah")], [list(r) for r in report.per_week]),
        (_("Per hari"), [_("Tanggal"), _("Jumlah")], [[d.isoformat(), n] for d, n in report.per_day]),
        (_("Per kecamatan"), [_("Kecamatan"), _("Jumlah")], [list(r) for r in report.by_district]),
        (_("Per desa"), [_("Desa"), _("Jumlah")], [list(r) for r in report.by_village]),
        (_("Alasan terbanyak"), [_("Alasan"), _("Jumlah")], [list(r) for r in report.top_reasons]),
        (_("Yang belum siap"), [_("Hal"), _("Belum siap"), _("Persen")],
         [[label, n, f"{share:.0%}"] for label, n, share in report.readiness_gaps]),
        (_("Per gelombang"), [_("Gelombang"), _("Ikut"), _("Diterima"), _("Tidak diterima"), _("Belum tahu"),
                              _("Persen diterima"), _("Selesai pelatihan"), _("Dapat insentif")],
         [[w.wave, w.joined, w.accepted, w.rejected, w.pending, rate(w), w.training_finished,
           w.incentive_received] for w in report.waves]),
    ]
