"""Receipts: what they show (content), the PDF (render), and the signed QR code (qr). No Qt.

services.Services is the door: receipt_pdf(), blank_checklist_pdf(), verify_receipt_code() and
office_settings(). The GUI previews and prints the bytes it gets; it never builds a receipt itself.
"""

from __future__ import annotations

from prakerja_desktop.receipts.content import (
    LAYOUTS,
    SETTING_KEYS,
    TIMEZONES,
    Office,
    ReceiptContent,
    build_blank_checklist,
    build_receipt,
    format_moment,
    office_settings,
)
from prakerja_desktop.receipts.render import render_receipt

__all__ = [
    "LAYOUTS", "SETTING_KEYS", "TIMEZONES", "Office", "ReceiptContent", "build_blank_checklist",
    "build_receipt", "format_moment", "office_settings", "render_receipt",
]
