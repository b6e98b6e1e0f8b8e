"""The sections of a receipt, laid out top to bottom for one layout (see render.py for the PDF itself).

Headings and fixed words come from the gettext catalogue (`_()`); everything about the applicant and
the rules comes ready-made in ReceiptContent. Missing or ready is always a symbol and a word, never
colour alone (receipts are printed in black on thermal paper).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader

from prakerja_desktop.i18n import _
from prakerja_desktop.pdf_base import BOLD, FONT
from prakerja_desktop.receipts import qr
from prakerja_desktop.receipts.content import ReceiptContent
from prakerja_desktop.receipts.layout import Column, text_width


@dataclass(frozen=True)
class Geometry:
    """Sizes of one layout, in points; `height` None means "as tall as the content" (a roll)."""

    width: float
    height: float | None
    margin: float
    body: float  # body text size
    small: float
    heading: float
    office: float  # office name size
    number: float  # receipt number size
    qr: float  # QR symbol width, without its quiet zone
    logo: float  # logo height

    def scaled(self, factor: float) -> Geometry:
        """The same layout with smaller text (used to fit a long receipt on one A4 page)."""
        return replace(self, body=self.body * factor, small=self.small * factor,
                       heading=self.heading * factor)


def lay_out(content: ReceiptContent, g: Geometry, logo: ImageReader | None, *, wide: bool) -> Column:
    """Every section, top to bottom; `wide` puts blocks side by side (A4)."""
    column = Column(g.margin, g.width - 2 * g.margin)
    _header(column, content, g, logo, wide)
    if content.reprint:
        _reprint_mark(column, content, g, wide)
    if not content.blank:
        _facts(column, content, g, wide)
        _outcome(column, content, g)
    _checklist(column, content, g, wide)
    _steps(column, content, g)
    _heading(column, _("Bantuan"), g)
    column.text(content.help_text, FONT, g.body)
    column.space(g.small * 0.6)
    column.text(_("Jangan pernah memberikan kata sandi atau kode OTP kepada siapa pun, termasuk petugas."),
                BOLD, g.small)
    return column


def _header(column: Column, content: ReceiptContent, g: Geometry, logo: ImageReader | None,
            wide: bool) -> None:
    """Logo, office, document title and, on a receipt, the receipt number in a box."""
    office = content.office
    if wide:
        box_width = 68 * mm if not content.blank else 0.0
        text_x = column.x
        if logo is not None:
            width, height = _logo_size(logo, g.logo)
            column.image(column.x, column.y, width, height, logo)
            text_x += width + 3 * mm
        left = column.child(text_x, column.x + column.width - text_x - box_width - 4 * mm)
        left.text(office.name, BOLD, g.office)
        for line in (office.address, _phone_line(office.phone)):
            if line:
                left.text(line, FONT, g.small)
        right = column.child(column.x + column.width - box_width, box_width)
        if not content.blank:
            _number_box(right, content, g, center=False)
        if logo is not None:
            left.y = max(left.y, column.y + _logo_size(logo, g.logo)[1])
        column.y = max(left.y, right.y)
    else:
        if logo is not None:
            width, height = _logo_size(logo, g.logo)
            column.image(column.x + (column.width - width) / 2, column.y, width, height, logo)
            column.space(height + 2 * mm)
        column.text(office.name, BOLD, g.office, align="center")
        for line in (office.address, _phone_line(office.phone)):
            if line:
                column.text(line, FONT, g.small, align="center")
    column.rule(1.0)
    column.text(content.heading.upper(), BOLD, g.heading * 1.1, align="left" if wide else "center")
    if not content.blank and not wide:
        column.space(2 * mm)
        _number_box(column, content, g, center=True)
    if content.blank:
        column.space(g.body * 0.4)
        column.text(_("Anda memilih agar data pribadi tidak disimpan. Daftar ini berlaku untuk siapa saja: "
                      "centang sendiri yang sudah siap."), FONT, g.body)


def _number_box(column: Column, content: ReceiptContent, g: Geometry, *, center: bool) -> None:
    """The receipt number, big, in a box, always on one line (smaller for wide letters such as W)."""
    pad = 2.2 * mm
    width = column.width
    size = min(g.number, (width - 2 * pad) / text_width(content.receipt_number, BOLD, 1.0))
    height = pad * 2 + g.small * 1.3 + size * 1.15
    top = column.y
    column.box(column.x, top, width, height, 1.4)
    inner = column.child(column.x + pad, width - 2 * pad)
    inner.space(pad)
    inner.text(_("Nomor tanda terima"), FONT, g.small, align="center")
    inner.text(content.receipt_number, BOLD, size, align="center", leading=size * 1.15)
    column.y = top + height
    if center:
        column.space(1.5 * mm)


def _reprint_mark(column: Column, content: ReceiptContent, g: Geometry, wide: bool) -> None:
    """The CETAK ULANG mark (a boxed word, not colour) and the reprint time; centred on the roll."""
    column.space(2 * mm)
    size = g.heading * 1.4
    word = _("CETAK ULANG")
    width = text_width(word, BOLD, size) + 6 * mm
    left = column.x if wide else column.x + (column.width - width) / 2
    top = column.y
    column.box(left, top, width, size * 1.6, 2.0)
    inner = column.child(left + 3 * mm, width - 6 * mm)
    inner.space(size * 0.3)
    inner.text(word, BOLD, size)
    column.y = top + size * 1.6 + 1.2 * mm
    column.text(content.reprint, FONT, g.body, align="left" if wide else "center")


def _facts(column: Column, content: ReceiptContent, g: Geometry, wide: bool) -> None:
    """When, where and by whom; the applicant's (masked) data; the QR code."""
    quiet = qr.QUIET_ZONE_MODULES * g.qr / max(qr.module_count(content.qr_payload), 21)
    facts = [(_("Tanggal"), content.issued), (_("Perangkat"), content.device_code)]
    if content.staff:  # named only when a staff member helped; nobody is "Mandiri (kiosk)" on a laptop
        facts.append((_("Petugas"), content.staff))
    applicant = [(f.label, f.value) for f in content.applicant]
    caption = _("Kode keaslian, dipindai petugas")
    column.space(2 * mm)
    if wide:
        top = column.y
        qr_block = g.qr + 2 * quiet
        table = column.child(column.x, column.width - qr_block - 4 * mm)
        label_width = _label_width(facts + applicant, g)
        _table(table, facts, g, label_width)
        table.space(g.body * 0.6)
        _table(table, applicant, g, label_width)
        column.qr(column.x + column.width - qr_block + quiet, top + quiet, g.qr, content.qr_payload)
        below = column.child(column.x + column.width - qr_block, qr_block)
        below.y = top + qr_block - quiet * 0.5
        below.text(caption, FONT, g.small * 0.9, align="center")
        column.y = max(table.y, below.y)
    else:
        for label, value in facts + applicant:  # stacked: each value gets the whole width of the roll
            column.text(label, FONT, g.small)
            column.text(value, BOLD, g.body * 1.05)
            column.space(g.body * 0.25)
        column.space(quiet)
        column.qr(column.x + (column.width - g.qr) / 2, column.y, g.qr, content.qr_payload)
        column.space(g.qr + quiet * 0.5)
        column.text(caption, FONT, g.small, align="center")


def _label_width(rows: list[tuple[str, str]], g: Geometry) -> float:
    """The width of the label column of a table."""
    return max(text_width(label, FONT, g.body) for label, _value in rows) + 3 * mm


def _table(column: Column, rows: list[tuple[str, str]], g: Geometry, label_width: float) -> None:
    """Label and value rows; the value column wraps (long names, long email addresses)."""
    for label, value in rows:
        column.text(value, BOLD, g.body, indent=label_width, prefix=label, prefix_font=FONT)
        column.space(g.body * 0.2)


def _heading(column: Column, text: str, g: Geometry) -> None:
    """A section heading with a line under it."""
    column.space(g.heading * 0.7)
    column.text(text, BOLD, g.heading)
    column.rule(0.5, gap=1.2)
    column.space(g.body * 0.15)


def _outcome(column: Column, content: ReceiptContent, g: Geometry) -> None:
    """The pre-check outcome and every reason, problems first, with what to do."""
    _heading(column, _("Hasil pemeriksaan awal"), g)
    column.text(content.outcome, BOLD, g.body * 1.05)
    column.space(g.body * 0.2)
    mark_width = text_width("✖ ", BOLD, g.body) + 0.8 * mm
    for reason in content.reasons:
        column.text(reason.text, FONT, g.body, indent=mark_width, prefix=reason.symbol, prefix_font=BOLD)
        if reason.fix:
            column.text(_("Yang bisa dilakukan: {fix}").format(fix=reason.fix), FONT, g.small,
                        indent=mark_width)
        if reason.note:
            column.text(reason.note, FONT, g.small, indent=mark_width, prefix="ℹ", prefix_font=FONT)
        column.space(g.body * 0.25)
    column.text(content.outcome_notice, FONT, g.small)


def _checklist(column: Column, content: ReceiptContent, g: Geometry, wide: bool) -> None:
    """Each readiness item with ✔ Siap / ✖ Belum (or an empty box), and what to do when missing."""
    title = _("Yang perlu disiapkan") if content.blank else _("Kesiapan untuk daftar online")
    _heading(column, title, g)
    ready_word, missing_word = "✔ " + _("Siap"), "✖ " + _("Belum")
    if content.blank:
        mark_width = g.body * 1.9
    elif wide:
        mark_width = max(text_width(w, BOLD, g.body) for w in (ready_word, missing_word)) + 2 * mm
    else:  # the roll: the mark stays on the first line, the text under it takes the whole width
        mark_width = text_width("✖ ", BOLD, g.body) + 0.8 * mm
    for item in content.checklist:
        if item.ready is None:
            side = g.body * 1.05
            column.box(column.x, column.y + g.body * 0.05, side, side, 0.9)
            column.text(item.label, BOLD, g.body, indent=mark_width)
        else:
            mark = ready_word if item.ready else missing_word
            first = None if wide else text_width(mark + " ", BOLD, g.body) + 0.8 * mm
            column.text(item.label, FONT if item.ready else BOLD, g.body, indent=mark_width, prefix=mark,
                        prefix_font=BOLD, first_indent=first)
        if not item.ready:
            column.text(_("Yang perlu dilakukan: {text}").format(text=item.todo), FONT, g.small,
                        indent=mark_width)
        column.space(g.body * 0.3)


def _steps(column: Column, content: ReceiptContent, g: Geometry) -> None:
    """The registration status, then the online registration steps, numbered."""
    if content.registration:
        _heading(column, _("Status pendaftaran"), g)
        for line in content.registration:
            column.text(line, BOLD if line is content.registration[0] else FONT, g.body)
            column.space(g.body * 0.15)
    _heading(column, _("Langkah berikutnya: daftar sendiri secara online di prakerja.go.id"), g)
    number_width = text_width("10. ", FONT, g.body)
    for number, step in enumerate(content.steps, start=1):
        column.text(step, FONT, g.body, indent=number_width, prefix=f"{number}.")
        column.space(g.body * 0.15)


def _phone_line(phone: str) -> str:
    """The office phone with its label, or ""."""
    return _("Telepon: {phone}").format(phone=phone) if phone else ""


def _logo_size(logo: ImageReader, height: float) -> tuple[float, float]:
    """The logo's drawn size: `height` tall, in proportion; a very wide logo is at most 3× as wide."""
    pixel_width, pixel_height = logo.getSize()
    ratio = max(pixel_width, 1) / max(pixel_height, 1)
    width = min(height * ratio, height * 3)
    return width, width / ratio
