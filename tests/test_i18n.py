"""Languages: every message in every shipped catalogue, drop-in catalogues, data files, receipts."""

from __future__ import annotations

import io
import re
import shutil
import threading
import tomllib
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pypdf
import pytest

from prakerja_desktop import i18n, i18n_tools
from prakerja_desktop.app import App
from tests.conftest import ROOT
from tests.factories import make_draft

TODAY = date(2026, 11, 28)
LOCALE_DIR = ROOT / "resources" / "locale"
SHIPPED = [lang for lang in i18n.available_languages(LOCALE_DIR) if lang != i18n.DEFAULT_LANGUAGE]


@pytest.fixture(autouse=True)
def _indonesian_again() -> Iterator[None]:
    """Whatever a test does, the next one starts in Indonesian with the shipped catalogues."""
    yield
    i18n.set_locale_dir(None)
    i18n.set_language(i18n.DEFAULT_LANGUAGE)


@pytest.fixture(scope="module")
def template():  # type: ignore[no-untyped-def]
    """The messages extracted from the code now (not a committed .pot that may be stale)."""
    return i18n_tools.extract()


def test_english_is_shipped_and_the_code_has_hundreds_of_messages(template) -> None:  # type: ignore[no-untyped-def]
    assert "en" in SHIPPED
    assert len([m for m in template if m.id]) > 800


@pytest.mark.parametrize("language", SHIPPED)
def test_every_message_is_translated_with_the_same_placeholders(template, language: str) -> None:  # type: ignore[no-untyped-def]
    catalogue = i18n_tools.read_catalogue(i18n.catalogue_path(language, LOCALE_DIR))
    problems = i18n_tools.check(template, catalogue, language)
    assert not problems, "run `python -m prakerja_desktop.i18n_tools update`, then translate:\n" + "\n".join(
        str(p) for p in problems[:40])


def test_the_check_catches_a_new_message_and_a_wrong_placeholder(tmp_path: Path, template) -> None:  # type: ignore[no-untyped-def]
    # A new _() string in the code that nobody translated, and a translation that renamed {name}.
    source = tmp_path / "ui" / "new_screen.py"
    source.parent.mkdir()
    source.write_text('from prakerja_desktop.i18n import _\n\nTEXT = _("Pesan baru untuk {nama}")\n')
    (tmp_path / "prakerja_desktop").mkdir()
    extracted = i18n_tools.extract(tmp_path)
    catalogue = i18n_tools.read_catalogue(i18n.catalogue_path("en", LOCALE_DIR))
    problems = i18n_tools.check(extracted, catalogue, "en")
    assert [(p.msgid, p.what) for p in problems] == [("Pesan baru untuk {nama}", "missing")]
    catalogue.add("Pesan baru untuk {nama}", "New message for {name}")
    assert [p.what for p in i18n_tools.check(extracted, catalogue, "en")] == ["placeholders differ"]
    catalogue["Pesan baru untuk {nama}"].string = "New message for {nama}"
    catalogue["Pesan baru untuk {nama}"].flags.add("fuzzy")
    assert [p.what for p in i18n_tools.check(extracted, catalogue, "en")] == ["fuzzy (needs review)"]


def test_placeholders_are_read_in_every_style() -> None:
    assert i18n_tools.placeholders("{a} %(b)s %1 {c:.1f} {{literal}} 50%") == {"a", "b", "%1", "c"}


def test_a_dropped_in_catalogue_is_a_language_with_no_code_change(tmp_path: Path) -> None:
    folder = tmp_path / "locale"
    shutil.copytree(LOCALE_DIR, folder)
    jv = i18n.catalogue_path("jv", folder)
    jv.parent.mkdir(parents=True)
    jv.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: jv\\n"\n\n'
                  'msgid "Selamat datang"\nmsgstr "Sugeng rawuh"\n', encoding="utf-8")
    mad = i18n.catalogue_path("mad", folder)
    mad.parent.mkdir(parents=True)
    mad.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
                   '"X-Language-Name: Bhâsa Madhurâ\\n"\n\nmsgid "Selamat datang"\nmsgstr "Salamet rabhu"\n',
                   encoding="utf-8")
    assert i18n.available_languages(folder) == ["id", "en", "jv", "mad"]
    i18n.set_locale_dir(folder)
    i18n.set_language("jv")
    assert i18n._("Selamat datang") == "Sugeng rawuh"
    assert i18n._("Lanjut ›") == "Lanjut ›"  # not translated yet: Indonesian, never an empty text
    assert i18n.language_name("jv") == "Jawa"  # Babel's name of Javanese, in Javanese
    assert i18n.language_name("mad") == "Bhâsa Madhurâ"  # Babel does not know it: the catalogue says
    i18n.set_language("mad")
    assert i18n._("Selamat datang") == "Salamet rabhu"
    assert i18n.pick({"id": "Ya", "en": "Yes"}) == "Ya"  # untranslated data text: Indonesian
    assert i18n.format_day(date(2023, 6, 10)) == "10 Juni 2023"  # no Babel data: Indonesian dates


def test_a_dropped_in_catalogue_translates_the_data_files_too(tmp_path: Path, template) -> None:  # type: ignore[no-untyped-def]
    """Rule texts carry id and en; any other language gets them from its catalogue."""
    from babel.messages.catalog import Catalog

    from prakerja_desktop.domain import rules

    item = rules.load_rule_set().readiness_items[0]
    assert template.get(item.label.id) is not None  # the template offers it to translators
    assert not any(p.msgid == item.label.id for p in i18n_tools.check(template, Catalog(), "en"))
    catalogue = Catalog(locale="jv", domain=i18n.DOMAIN)
    catalogue.add(item.label.id, "Teks Jawa kanggo pitakonan iki")
    i18n_tools.write_catalogue(catalogue, i18n.catalogue_path("jv", tmp_path))
    i18n.set_locale_dir(tmp_path)
    i18n.set_language("jv")
    assert item.label.current() == "Teks Jawa kanggo pitakonan iki"
    i18n.set_language("en")
    assert item.label.current() == item.label.en


def test_a_stale_mo_is_not_used_but_a_fresh_one_is(tmp_path: Path) -> None:
    folder = tmp_path / "locale"
    po = i18n.catalogue_path("en", folder)
    po.parent.mkdir(parents=True)
    po.write_text('msgid "Selamat datang"\nmsgstr "Welcome"\n', encoding="utf-8")
    mo = i18n_tools.compile_catalogue(po)
    i18n.set_locale_dir(folder)
    i18n.set_language("en")
    assert i18n._("Selamat datang") == "Welcome"
    po.write_text('msgid "Selamat datang"\nmsgstr "Hello"\n', encoding="utf-8")
    newer = mo.stat().st_mtime + 10
    import os

    os.utime(po, (newer, newer))
    i18n.reload_catalogues()
    assert i18n._("Selamat datang") == "Hello"  # the .po is newer than the .mo


def test_using_switches_one_thread_only() -> None:
    i18n.set_language("id")
    seen: list[str] = []
    inside = threading.Event()
    leave = threading.Event()

    def worker() -> None:
        with i18n.using("en"):
            seen.append(i18n._("Selamat datang"))
            inside.set()
            leave.wait(5)

    thread = threading.Thread(target=worker)
    thread.start()
    inside.wait(5)
    assert i18n._("Selamat datang") == "Selamat datang"  # this thread still speaks Indonesian
    leave.set()
    thread.join()
    assert seen == ["Welcome"]


def test_dates_follow_the_language() -> None:
    assert i18n.format_day(date(2023, 6, 10)) == "10 Juni 2023"
    i18n.set_language("en")
    assert i18n.format_day(date(2023, 6, 10)) == "June 10, 2023"


def _texts(node: object, where: str = "") -> Iterator[tuple[str, dict]]:
    """Every {"id": ..., "en": ...} text of a TOML document, with where it is."""
    if isinstance(node, dict):
        if "en" in node or (node and set(node) <= {"id", "en"} and isinstance(node.get("id"), str)):
            yield where, node
        for key, value in node.items():
            yield from _texts(value, f"{where}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _texts(value, f"{where}[{index}]")


DATA_FILES = sorted((ROOT / "resources" / "rules").glob("*.toml")) + [
    ROOT / "resources" / "options.toml", ROOT / "resources" / "consent.toml"]


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
def test_data_files_have_english_for_every_text(path: Path) -> None:
    texts = list(_texts(tomllib.loads(path.read_text(encoding="utf-8"))))
    assert len(texts) >= 5, "the walk found no texts: has the file's shape changed?"
    for where, text in texts:
        assert isinstance(text.get("id"), str) and text["id"].strip(), f"{path.name}{where}: no Indonesian"
        assert isinstance(text.get("en"), str) and text["en"].strip(), f"{path.name}{where}: no English"
        assert i18n_tools.placeholders(text["en"]) == i18n_tools.placeholders(text["id"]), (
            f"{path.name}{where}: placeholders differ")


def _pdf_text(pdf: bytes) -> str:
    return re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages))


def test_a_receipt_speaks_the_language_the_applicant_chose(app: App) -> None:
    english = make_draft()
    english.applicant.consent.language = "en"
    indonesian = make_draft(serial=2, name="Siti Aminah", female=True)
    first = app.records.submit(english, today=TODAY)
    second = app.records.submit(indonesian, today=TODAY)
    text = _pdf_text(app.receipts.pdf(first.record_uuid))
    assert "RECEIPT: PREPARATION FOR THE KARTU PRAKERJA REGISTRATION" in text.upper()
    assert "Pre-check result" in text and "Ready for the online registration" in text
    assert "Hasil pemeriksaan awal" not in text
    assert re.search(r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \d+ [A-Z][a-z]+ 20\d\d", text)
    # The screen language (Indonesian here) does not change: only the rendering thread spoke English.
    assert i18n.current_language() == "id"
    other = _pdf_text(app.receipts.pdf(second.record_uuid))
    assert "TANDA TERIMA PERSIAPAN PENDAFTARAN KARTU PRAKERJA" in other.upper()
    assert "Pre-check result" not in other
    # A staff member may print it in another language on purpose.
    assert "Pre-check result" in _pdf_text(app.receipts.pdf(second.record_uuid, language="en"))


def test_the_bundle_ships_every_catalogue() -> None:
    from installer import bundle_rules

    shipped = {(Path(source).name, dest) for source, dest in bundle_rules.tree_datas(ROOT / "resources", "resources")}
    for language in SHIPPED:
        assert ("prakerja.po", f"resources/locale/{language}/LC_MESSAGES") in shipped
    assert not any(module.startswith("babel") for module in bundle_rules.EXCLUDED_MODULES)
