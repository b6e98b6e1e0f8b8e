"""What the preview shows and prints: a PDF with its job title, file name and paper. Plain Python:
the functions here run on the worker thread (they call the core's renderer)."""

from __future__ import annotations

import errno
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from prakerja_desktop.i18n import _

if TYPE_CHECKING:
    from prakerja_desktop.app import App

MEDIA_OF_LAYOUT = {"a4": "A4", "roll80": "roll80", "roll58": "roll58"}


class Runner(Protocol):
    """Runs a function on the worker thread, calling back on the GUI thread (WizardContext.run)."""

    def run(self, function: Callable[[], Any], on_done: Callable[[Any], None],
            on_error: Callable[[Exception], None] | None = None, *, owner: Any = None) -> None: ...


@dataclass(frozen=True)
class PrintableDocument:
    """A rendered PDF ready to preview, print or save."""

    pdf: bytes
    title: str  # the print job's title: a receipt number at most, never personal data
    file_name: str  # suggested name when saved
    media: str = "A4"  # "A4", "roll80" or "roll58"


def office_layout(app: App) -> str:
    """The receipt layout chosen in the office settings ("a4" when unset or unknown)."""
    layout = str(app.receipts.office_settings().get("receipt_layout") or "a4")
    return layout if layout in MEDIA_OF_LAYOUT else "a4"


def receipt_document(app: App, record_uuid: uuid.UUID, receipt_number: str,
                     reprint: bool = False) -> PrintableDocument:
    """The receipt of a stored record, in the office's layout."""
    layout = office_layout(app)
    pdf = app.receipts.pdf(record_uuid, layout=layout, reprint=reprint)
    return PrintableDocument(pdf, _("Tanda terima {receipt}").format(receipt=receipt_number), f"tanda-terima-{receipt_number}.pdf",
                             MEDIA_OF_LAYOUT[layout])


def checklist_document(app: App) -> PrintableDocument:
    """The blank checklist of what to prepare (nothing personal), in the office's layout."""
    layout = office_layout(app)
    pdf = app.receipts.blank_checklist_pdf(layout=layout)
    return PrintableDocument(pdf, "Daftar persiapan Kartu Prakerja", "daftar-persiapan-kartu-prakerja.pdf",
                             MEDIA_OF_LAYOUT[layout])


def write_pdf(pdf: bytes, folder: Path, file_name: str) -> Path:
    """Write the PDF into the folder; the same file saved twice is kept once, another gets " (2)"."""
    stem, suffix = Path(file_name).stem, Path(file_name).suffix or ".pdf"
    for number in range(1, 1000):
        target = folder / (f"{stem}{suffix}" if number == 1 else f"{stem} ({number}){suffix}")
        if target.exists():
            if target.read_bytes() == pdf:
                return target
            continue
        partial = target.with_name(target.name + ".part")
        partial.write_bytes(pdf)
        partial.replace(target)  # never a half-written PDF under the real name (USB stick pulled)
        from prakerja_desktop.app import App

        App.share_file(target)  # receipts and checklists are for printing and handing on (NIK masked)
        return target
    raise FileExistsError(errno.EEXIST, "too many files with this name", str(folder))


def save_problem_message(exc: BaseException) -> str:
    """Why saving failed, in plain words."""
    code = getattr(exc, "errno", None)
    if code in (errno.ENOSPC, errno.EDQUOT):
        return _("Folder atau flashdisk itu sudah penuh. Pilih tempat lain.")
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return _("Folder itu tidak bisa ditulisi (flashdisk mungkin terkunci). Pilih folder lain.")
    if code in (errno.ENOENT, errno.ENODEV, errno.EIO):
        return _("Folder itu tidak ada lagi (flashdisk mungkin dicabut). Pasang lagi, lalu pilih foldernya.")
    return _("PDF tidak bisa disimpan di folder itu. Pilih folder lain.")
