"""The office dashboard: people assisted, eligibility, readiness gaps, acceptance per wave, places.

Built on the worker (reports.aggregate.build_report) for a date range of the office's days, with a moving
bar and "Batal". While shown it asks the worker every few seconds whether anything changed (a cheap
fingerprint) and then counts again quietly, so new records appear without pressing "Tampilkan".
Every chart has its numbers beside it: people read numbers; colour is never the only carrier.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from prakerja_desktop import clock
from prakerja_desktop.domain.findings import Severity
from prakerja_desktop.i18n import _
from prakerja_desktop.reports.aggregate import Report, stage_definitions, stage_titles
from prakerja_desktop.staff import views as staff_views
from ui.operations import log_failure, plain_error
from ui.staff.common import STAFF_QSS, big_button, heading
from ui.staff.context import StaffContext
from ui.staff.dashboard_charts import NumberTable, Section, bar_chart, number, percent, short
from ui.staff.dashboard_export import ExportPanel
from ui.staff.progress import ProgressPanel, StatusLine
from ui.style import follow_display
from ui.widgets.flow_layout import FlowLayout

logger = logging.getLogger(__name__)
DASHBOARD_QSS = """
QFrame.totalCard { border: 2px solid @primary@; background: @tint@; padding: 6px; }
QLabel.totalNumber { font-size: 30px; font-weight: bold; }
QLabel.totalText { font-size: 16px; }
QTableWidget { font-size: 16px; }
QLabel.tableNotes { font-size: 14px; color: @muted@; }
"""


def outcome_rows(report: Report) -> list[tuple[str, int, str]]:
    """(words, count, percent) for the three pre-check outcomes."""
    total = max(1, report.total)
    return [(text, report.outcomes.get(key, 0), percent(report.outcomes.get(key, 0) / total))
            for key, text in (("eligible", _("Memenuhi syarat")), ("needs_check", _("Perlu diperiksa")),
                              ("not_eligible", _("Tidak memenuhi syarat")))]


class DashboardScreen(QWidget):
    """Reports people read at a glance, for a date range."""

    built = Signal(object)  # the Report shown

    POLL_MS = 5000  # how often the shown dashboard checks for changes

    def __init__(self, context: StaffContext, parent: QWidget | None = None, *,
                 today: Callable[[], date] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboardScreen")
        follow_display(self, STAFF_QSS + DASHBOARD_QSS)
        self.context = context
        self.zone = clock.DEFAULT_ZONE  # the office's, once the worker has read it
        self.today = today or (lambda: clock.office_today(self.zone))
        self.report: Report | None = None
        self._version: tuple[object, ...] | None = None
        self._quiet = False  # the build running is an automatic one (no progress bar)
        self._poll = QTimer(self)
        self._poll.setInterval(self.POLL_MS)
        self._poll.timeout.connect(self._check_for_changes)
        self.sections: dict[str, Section] = {}
        self._generation = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 8)
        layout.addWidget(heading(_("Laporan"), self))
        # Backups by default: staff see here when the last verified backup is too old (issue 16).
        self.backup_warning = StatusLine(self)
        self.backup_warning.setObjectName("backupWarning")
        layout.addWidget(self.backup_warning)
        layout.addLayout(self._build_range())
        self.progress = ProgressPanel(self, name="reportProgress")
        self.progress.cancel_requested.connect(self._on_cancel)
        layout.addWidget(self.progress)
        self.status = StatusLine(self)
        self.status.setObjectName("dashboardStatus")
        layout.addWidget(self.status)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body = QWidget(self.scroll)
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(0, 0, 8, 0)
        self.export_panel = ExportPanel(context, lambda: self.report, self.body)
        self.body_layout.addWidget(self.export_panel)
        self.content = QWidget(self.body)
        self.body_layout.addWidget(self.content)
        self.body_layout.addStretch(1)
        self.scroll.setWidget(self.body)
        layout.addWidget(self.scroll, 1)
        if today is None:  # the office's today: read its zone first (on the worker, like all database work)
            app = context.app
            context.run(app.reports.office_zone, self._on_zone, lambda _exc: self.apply_preset(30), owner=self)
        else:
            self.apply_preset(30)

    def _on_zone(self, zone: str) -> None:
        self.zone = zone
        self.apply_preset(30)

    # --- keeping up to date -----------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        """Watch for changes while shown."""
        super().showEvent(event)
        self._poll.start()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt's name
        """No polling while hidden (the shell refreshes the screen when it is shown again)."""
        super().hideEvent(event)
        self._poll.stop()

    def _check_for_changes(self) -> None:
        if self.progress.isVisible() or self._quiet:
            return  # a build is running; it reads the newest data anyway
        self.context.run(self.context.app.reports.data_version, self._on_version,
                         lambda exc: logger.warning("dashboard: change check failed: %s", type(exc).__name__),
                         owner=self)

    def _on_version(self, version: tuple[object, ...]) -> None:
        if self._version is not None and version != self._version and self.report is not None:
            self.build(quiet=True)
        self._version = version

    def _build_range(self) -> QVBoxLayout:
        outer = QVBoxLayout()
        # Rows that wrap rather than widen the screen (large text, English, 1024×768: no sideways scroll).
        row = FlowLayout()
        self.date_from, self.date_to = QDateEdit(self), QDateEdit(self)
        for box, text, name in ((self.date_from, _("Dari"), "reportFrom"),
                                (self.date_to, _("Sampai"), "reportTo")):
            box.setObjectName(name)
            box.setDisplayFormat("dd-MM-yyyy")
            box.setCalendarPopup(True)
            box.setAccessibleName(text)
            pair = QWidget(self)  # a label stays with its date
            pair_layout = QHBoxLayout(pair)
            pair_layout.setContentsMargins(0, 0, 0, 0)
            label = QLabel(text, pair)
            label.setBuddy(box)
            pair_layout.addWidget(label)
            pair_layout.addWidget(box)
            row.addWidget(pair)
        self.show_button = big_button(_("Tampilkan"), "showReport", self, default=True)
        self.show_button.clicked.connect(self.build)
        row.addWidget(self.show_button)
        self.preset_buttons = {}  # the ready-made ranges follow on the same lines
        for days, text in ((7, _("7 hari")), (30, _("30 hari")), (90, _("90 hari")), (0, _("Tahun ini"))):
            button = big_button(text, f"preset_{days}", self)
            button.clicked.connect(lambda _checked=False, days=days: self.apply_preset(days))
            row.addWidget(button)
            self.preset_buttons[days] = button
        outer.addLayout(row)
        return outer

    # --- building -------------------------------------------------------------------------------

    def apply_preset(self, days: int) -> None:
        """The last `days` days including today (0 = since 1 January), then build."""
        today = self.today()
        start = date(today.year, 1, 1) if days == 0 else today - timedelta(days=days - 1)
        self.date_from.setDate(QDate(start))
        self.date_to.setDate(QDate(today))
        self.build()

    def refresh(self) -> None:
        """Build again for the dates shown (the shell calls this when the screen is shown)."""
        self.build()
        self.context.run(self.context.app.backups.stale_warning, self._show_backup_warning,
                         log_failure("reading the backup warning"), owner=self)  # logged, not shown

    def _show_backup_warning(self, text: str) -> None:
        if text:
            self.backup_warning.show_text(text, Severity.WARNING)
        else:
            self.backup_warning.clear_findings()

    def build(self, quiet: bool = False) -> None:
        """Count on the worker; an earlier run still going is stopped. A quiet build (records changed)
        keeps the numbers on screen until the new ones are there, without a progress bar."""
        if self.progress.isVisible():
            self.progress.cancel()
        self._generation += 1
        self._quiet = quiet
        generation, app = self._generation, self.context.app
        start, end = self.date_from.date().toPython(), self.date_to.date().toPython()
        if quiet:
            stop = threading.Event()
        else:
            stop = self.progress.start(_("Sedang menghitung laporan…"))
            self.status.clear_findings()

        def count() -> tuple[Report, tuple[object, ...]]:
            version = app.reports.data_version()  # first: a change during the count is seen next time
            return app.reports.build(start, end, cancelled=stop.is_set), version

        self.context.run(count, lambda result: self._on_built(generation, *result),
                         lambda exc: self._on_failed(generation, exc), owner=self)

    def _on_cancel(self) -> None:
        self.status.show_text(_("Laporan dibatalkan."), Severity.WARNING)

    def _on_failed(self, generation: int, exc: Exception) -> None:
        if generation != self._generation:
            return
        self._quiet = False
        self.progress.finish()
        if isinstance(exc, staff_views.Cancelled):
            self.status.show_text(_("Laporan dibatalkan."), Severity.WARNING)
            return
        self.status.show_text(plain_error(exc, "building a report"), Severity.ERROR)

    def _on_built(self, generation: int, report: Report, version: tuple[object, ...] | None = None) -> None:
        if generation != self._generation:
            return
        self._quiet = False
        self.progress.finish()
        self.report = report
        self.zone = report.zone
        self._version = version
        position = self.scroll.verticalScrollBar().value()
        self._show(report)
        QTimer.singleShot(0, self, lambda: self.scroll.verticalScrollBar().setValue(position))  # stay where one reads
        self.built.emit(report)

    # --- showing --------------------------------------------------------------------------------

    def _show(self, report: Report) -> None:
        old = self.content
        self.content = QWidget(self.body)
        self.content.setObjectName("dashboardContent")
        self.body_layout.replaceWidget(old, self.content)
        old.setParent(None)
        old.deleteLater()
        self.sections = {}
        layout = QVBoxLayout(self.content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._totals(report))
        if report.total == 0:
            empty = QLabel(_("Belum ada orang yang dicatat di rentang tanggal ini."), self.content)
            empty.setObjectName("emptyReport")
            layout.addWidget(empty)
            return
        for section in self._sections(report):
            self.sections[section.objectName()] = section
            layout.addWidget(section)

    def _totals(self, report: Report) -> QWidget:
        box = QWidget(self.content)
        box.setObjectName("totals")
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 8, 0, 8)
        outcomes = report.outcomes
        cards = ((_("orang dibantu"), report.total), (_("memenuhi syarat"), outcomes.get("eligible", 0)),
                 (_("perlu diperiksa"), outcomes.get("needs_check", 0)),
                 (_("tidak memenuhi syarat"), outcomes.get("not_eligible", 0)),
                 (_("dibantu petugas"), report.assisted_by_staff),
                 (_("di daftar tunggu (semua tanggal)"), report.waiting_list))
        self.total_labels: dict[str, QLabel] = {}
        for n, (text, value) in enumerate(cards):
            card = QFrame(box)
            card.setProperty("class", "totalCard")
            inner = QVBoxLayout(card)
            figure = QLabel(number(value), card)
            figure.setProperty("class", "totalNumber")
            words = QLabel(text, card)
            words.setProperty("class", "totalText")
            words.setWordWrap(True)
            card.setAccessibleName(f"{number(value)} {text}")
            inner.addWidget(figure)
            inner.addWidget(words)
            grid.addWidget(card, n // 3, n % 3)  # two rows of three: they fit a 1024 px window
            grid.setColumnStretch(n % 3, 1)
            self.total_labels[text] = figure
        return box

    def _funnel_section(self, report: Report) -> Section:
        """The funnel: a bar per stage, the numbers and rates beside it, residents apart, definitions under."""
        titles, counts, rates = stage_titles(), report.funnel.counts(), report.funnel.rates()
        header = [_("Tahap"), _("Jumlah"), "%"]
        columns: list[list[object]] = [list(titles), list(counts), [percent(r) if r is not None else "" for r in rates]]
        if report.residents is not None and report.elsewhere is not None:
            header += [_("Warga {regency}").format(regency=report.regency_name or report.regency_code),
                       _("Dari daerah lain")]
            columns += [report.residents.counts(), report.elsewhere.counts()]
        rows = [list(row) for row in zip(*columns, strict=True)]
        notes = stage_definitions()
        if report.residents is None:
            notes = [_("Kabupaten kantor belum diatur (Pengaturan kantor): warga dan pendatang tidak dipisah."),
                     *notes]
        chart = bar_chart(list(reversed(titles)), [(_("Orang"), list(reversed(counts)))], horizontal=True,
                          name="chartFunnel", title=_("Alur pendaftaran"))
        return Section(_("Alur pendaftaran"), "sectionFunnel", chart,
                       NumberTable(header, rows, "tableFunnel"), notes=notes, stacked=True)

    def _sections(self, report: Report) -> list[Section]:
        weeks = [(label.split("-W")[1].lstrip("0"), label.split("-W")[0], n) for label, n in report.per_week]
        outcomes = outcome_rows(report)
        gaps = report.readiness_gaps
        waves = report.waves
        rate = lambda w: percent(w.acceptance_rate)  # noqa: E731
        sections = [
            Section(_("Orang dibantu per minggu"), "sectionWeeks",
                    bar_chart([w for w, _y, _n in weeks], [(_("Orang"), [n for _w, _y, n in weeks])],
                              name="chartWeeks", title=_("Orang dibantu per minggu"),
                              category_title=_("Minggu ke")),
                    NumberTable([_("Minggu ke"), _("Jumlah")],
                                [[f"{w} ({y})", n] for w, y, n in weeks], "tableWeeks")),
            Section(_("Hasil cek kelayakan"), "sectionOutcomes",
                    bar_chart([text for text, _n, _p in reversed(outcomes)],
                              [(_("Orang"), [n for _t, n, _p in reversed(outcomes)])], horizontal=True,
                              name="chartOutcomes", title=_("Hasil cek kelayakan")),
                    NumberTable([_("Hasil"), _("Jumlah"), _("Persen")], [list(r) for r in outcomes],
                                "tableOutcomes")),
            Section(_("Alasan terbanyak"), "sectionReasons", None,
                    NumberTable([_("Alasan"), _("Jumlah")], [list(r) for r in report.top_reasons],
                                "tableReasons")),
            Section(_("Yang belum siap"), "sectionGaps",
                    bar_chart([short(label) for label, _n, _s in reversed(gaps)],
                              [(_("Persen belum siap"), [round(s * 100) for _l, _n, s in reversed(gaps)])],
                              horizontal=True, label_format="@value%", maximum=100, axis_format="%d%%",
                              name="chartGaps", title=_("Yang belum siap")),
                    NumberTable([_("Hal"), _("Belum siap"), _("Persen")],
                                [[label, n, percent(s)] for label, n, s in gaps], "tableGaps")),
        ]
        sections.insert(0, self._funnel_section(report))
        if waves:
            total = report.wave_total
            sections.append(Section(
                _("Penerimaan per gelombang"), "sectionWaves",
                bar_chart([str(w.wave) for w in waves],
                          [(_("Persen diterima"), [round((w.acceptance_rate or 0) * 100) for w in waves])],
                          label_format="@value%", maximum=100, axis_format="%d%%",
                          name="chartWaves", title=_("Persen diterima per gelombang"),
                          category_title=_("Gelombang")),
                NumberTable([_("Gelombang"), _("Ikut"), _("Diterima"), _("Tidak"), _("Belum tahu"),
                             _("% diterima"), _("Selesai\npelatihan"), _("Dapat\ninsentif")],
                            [[str(w.wave), w.joined, w.accepted, w.rejected, w.pending, rate(w),
                              w.training_finished, w.incentive_received] for w in waves],
                            "tableWaves", total=[_("Jumlah"), total.joined, total.accepted, total.rejected,
                                                 total.pending, rate(total), total.training_finished,
                                                 total.incentive_received], stretch_first=False),
                notes=[_("% diterima: diterima dibagi (diterima + tidak diterima); yang belum tahu hasilnya "
                         "tidak dihitung.")], stacked=True))
        titles = [t.replace(" ", "\n", 1) for t in stage_titles()]
        funnel_total = [_("Jumlah"), *report.funnel.counts()]
        sections.append(Section(_("Per kecamatan"), "sectionDistricts", None,
                                NumberTable([_("Kecamatan"), *titles],
                                            [[row.label, *row.funnel.counts()] for row in report.districts],
                                            "tableDistricts", total=funnel_total)))
        sections.append(Section(_("Per desa (semua desa)"), "sectionVillages", None,
                                NumberTable([_("Desa"), _("Kecamatan"), *titles],
                                            [[row.label, row.district, *row.funnel.counts()]
                                             for row in report.villages],
                                            "tableVillages", total=[_("Jumlah"), "", *report.funnel.counts()]),
                                notes=[_("Tahap-tahapnya seperti di \"Alur pendaftaran\" di atas.")]))
        return sections
