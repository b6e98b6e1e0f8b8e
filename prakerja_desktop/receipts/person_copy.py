"""A copy of one person's data for them (their right of access): a JSON file or a plain PDF."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from prakerja_desktop.i18n import _

FORMATS = ("json", "pdf")


def write_person_copy(data: dict[str, Any], path: Path) -> Path:
    """Write StaffRecords.export_person's data as JSON or PDF (chosen by the file's suffix)."""
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    partial = path.with_name(path.name + ".part")
    if fmt == "json":
        partial.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    else:
        _write_pdf(data, partial)
    partial.replace(path)  # never a half-written file under the real name
    return path


def _write_pdf(data: dict[str, Any], path: Path) -> None:
    """Every field as a two-column table, then the history and the wave outcomes."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer, Table

    from prakerja_desktop import pdf_base

    styles = pdf_base.styles()
    small = styles["small"]
    doc = pdf_base.document(path, _("Salinan data pribadi"))

    def table(rows: list[list[Any]], widths: list[float]) -> Table:
        return pdf_base.grid_table([[pdf_base.para(value, small) for value in row] for row in rows], widths)

    story: list[Any] = [Paragraph(_("Salinan data pribadi"), styles["title"]),
                        pdf_base.para(_("Semua yang disimpan kantor ini tentang {name}.").format(
                            name=data.get("full_name", "")), styles["body"]), Spacer(1, 4 * mm)]
    fields = [[_("Kolom"), _("Isi")]]
    fields += [[name, _value(value)] for name, value in data.items() if name not in ("history", "outcomes")]
    story.append(table(fields, [55 * mm, 125 * mm]))
    history = data.get("history") or []
    story += [Spacer(1, 4 * mm), Paragraph(_("Riwayat perubahan"), styles["heading"])]
    if history:
        rows = [[_("Waktu"), _("Oleh"), _("Kolom"), _("Sebelum"), _("Sesudah"), _("Alasan")]]
        rows += [[h["at"], h["by"], h["field"], _value(h["old"]), _value(h["new"]), h["reason"]]
                 for h in history]
        story.append(table(rows, [28 * mm, 25 * mm, 25 * mm, 32 * mm, 32 * mm, 38 * mm]))
    else:
        story.append(Paragraph(_("Belum pernah diubah."), small))
    outcomes = data.get("outcomes") or []
    story += [Spacer(1, 4 * mm), Paragraph(_("Hasil per gelombang"), styles["heading"])]
    if outcomes:
        rows = [[_("Gelombang"), _("Ikut"), _("Diterima"), _("Selesai pelatihan"), _("Insentif diterima")]]
        rows += [[o["wave"], _value(o["joined"]), _value(o["accepted"]), _value(o["training_finished"]),
                  _value(o["incentive_received"])] for o in outcomes]
        story.append(table(rows, [36 * mm] * 5))
    else:
        story.append(Paragraph(_("Belum ada."), small))
    doc.build(story)


def _value(value: Any) -> str:
    """A stored value in plain words."""
    if value is None or value == "":
        return "-"
    if isinstance(value, bool):
        return _("Ya") if value else _("Tidak")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)

