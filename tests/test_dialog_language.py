"""Every dialog in the chosen language: file dialogs carry our labels and columns that fit; plurals."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QLabel, QTreeView

from prakerja_desktop import i18n
from prakerja_desktop.i18n import ngettext
from ui.widgets.file_dialog import speak_our_language

pytestmark = pytest.mark.gui

QT_ENGLISH_LABELS = ("Look in:", "Files of type:", "File name:", "Cancel")


def shown_dialog(qtbot, folder: Path) -> QFileDialog:  # type: ignore[no-untyped-def]
    """A non-native open dialog on a folder with a file, as the staff screens open it."""
    (folder / "daftar-desa.csv").write_text("nik\n", encoding="utf-8")
    dialog = QFileDialog(None, "Pilih berkas", str(folder), "CSV (*.csv)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    speak_our_language(dialog)
    qtbot.addWidget(dialog)
    dialog.setViewMode(QFileDialog.ViewMode.Detail)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_a_file_dialog_has_no_english_label_in_indonesian(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with i18n.using("id"):
        dialog = shown_dialog(qtbot, tmp_path)
        labels = [label.text().replace("&", "") for label in dialog.findChildren(QLabel) if label.isVisible()]
        for english in QT_ENGLISH_LABELS:
            assert english not in labels
        assert "Lihat di:" in labels and "Jenis berkas:" in labels and "Nama berkas:" in labels


def test_file_dialog_columns_show_their_whole_header(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = shown_dialog(qtbot, tmp_path)
    views = [view for view in dialog.findChildren(QTreeView) if view.isVisible()]
    assert views
    header = views[0].header()
    qtbot.waitUntil(lambda: header.count() >= 4)
    for section in range(header.count()):
        if not header.isSectionHidden(section):
            assert header.sectionSize(section) >= header.sectionSizeHint(section), section


def test_english_counts_one_in_the_singular() -> None:
    with i18n.using("en"):
        assert ngettext("{n} bulan", "{n} bulan", 1).format(n=1) == "1 month"
        assert ngettext("{n} bulan", "{n} bulan", 6).format(n=6) == "6 months"
        one = ngettext("Di kantor ini tercatat {count} orang lain dari KK Anda.",
                       "Di kantor ini tercatat {count} orang lain dari KK Anda.", 1).format(count=1)
        assert "1 other person" in one and "people" not in one


def test_every_english_plural_has_a_real_singular() -> None:
    """A plural message whose English singular equals its plural says "1 rows" somewhere."""
    from prakerja_desktop.i18n_tools import read_catalogue
    from tests.conftest import ROOT

    catalogue = read_catalogue(ROOT / "resources" / "locale" / "en" / "LC_MESSAGES" / "prakerja.po")
    same = [m.id[0] for m in catalogue if isinstance(m.id, tuple) and m.string and m.string[0] == m.string[1]]
    assert not same
