"""Qt's own texts come from a compiled catalogue made in memory, not from a Python translator.

Qt asks its translators from any thread; the on-screen keyboard's QML loader thread did, and a Python
QTranslator then needed the GIL that the GUI thread held while waiting for that thread: the kiosk froze on
the first focused field (found by the installed bundle's smoke check, ui/smoke.py).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

from ui import translation


def test_qt_texts_follow_the_language_through_a_plain_qtranslator(qapp) -> None:  # type: ignore[no-untyped-def]
    try:
        translation.apply_language("id")
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Batal"
        assert QCoreApplication.translate("QFileDialog", "%1 already exists.\nDo you want to replace it?") == (
            "%1 sudah ada.\nGanti dengan yang baru?")
        assert QCoreApplication.translate("QLineEdit", "Cancel") == "Cancel"  # another context: not ours
        assert QCoreApplication.translate("QPlatformTheme", "Not a Qt text") == "Not a Qt text"
        assert all(type(installed) is QTranslator for installed in translation._installed)  # no Python override
        translation.apply_language("en")
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
        assert QCoreApplication.translate("QLineEdit", "&Paste") == "&Paste"
    finally:
        translation.apply_language("id")


def test_the_catalogue_holds_every_qt_text() -> None:
    data = translation.qm_catalogue(translation.qt_texts_in(translation.QT_TEXTS))
    assert data.startswith(translation.QM_MAGIC)
    for (_context, source), message in translation.QT_TEXTS.items():
        assert message.encode("utf-16-be") in data and source.encode() in data
