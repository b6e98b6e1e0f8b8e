"""Translator's tools (Babel): extract the messages, update the catalogues, compile, check.

    python -m prakerja_desktop.i18n_tools extract    code -> resources/locale/prakerja.pot
    python -m prakerja_desktop.i18n_tools update     .pot -> every resources/locale/<lang>/.../prakerja.po
    python -m prakerja_desktop.i18n_tools compile    every .po -> .mo beside it (the installer does this)
    python -m prakerja_desktop.i18n_tools check      every message translated, placeholders equal

Adding a language: `python -m prakerja_desktop.i18n_tools init jv`, translate the new .po, done.
The .po files are the source of truth; .mo files are build products (ignored by git): without one the
program compiles the .po in memory when the language is chosen.
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from prakerja_desktop import i18n

ROOT = Path(__file__).resolve().parent.parent
SOURCE_FOLDERS = ("prakerja_desktop", "ui")
SOURCE_FILES = ("main.py",)
TEMPLATE_NAME = f"{i18n.DOMAIN}.pot"
# Data files whose texts are {"id": ..., "en": ...} tables (read with i18n.pick): their Indonesian texts
# go into the template too, so a new language's catalogue translates them; the languages the files
# carry themselves need no catalogue entry for them.
DATA_FILES = ("resources/rules/*.toml", "resources/options.toml", "resources/consent.toml")
DATA_LANGUAGES = ("en",)
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|(%\d)|(?<!\{)\{(\w*)(?:![rsa])?(?::[^{}]*)?\}(?!\})")


def _new_catalog(locale: str | None = None) -> Catalog:
    return Catalog(locale=locale, domain=i18n.DOMAIN, project="Prakerja Desktop",
                   msgid_bugs_address="", copyright_holder="Prakerja Desktop engineers",
                   charset="utf-8")


def extract(root: Path = ROOT) -> Catalog:
    """Every message wrapped in _() or ngettext() in the code, with where it is used."""
    catalog = _new_catalog()
    sources: list[tuple[Path, Iterable]] = [
        (root / folder, extract_from_dir(str(root / folder), [("**.py", "python")], keywords=DEFAULT_KEYWORDS,
                                          comment_tags=("Translators:",), strip_comment_tags=True))
        for folder in SOURCE_FOLDERS
    ]
    for folder, found in sources:
        for filename, lineno, message, comments, context in found:
            catalog.add(message, locations=[(f"{folder.name}/{filename}", lineno)],
                        auto_comments=comments, context=context)
    for name in SOURCE_FILES:
        found = extract_from_dir(str(root), [(name, "python")], keywords=DEFAULT_KEYWORDS)
        for filename, lineno, message, comments, context in found:
            catalog.add(message, locations=[(filename, lineno)], auto_comments=comments, context=context)
    for pattern in DATA_FILES:
        for path in sorted(root.glob(pattern)):
            where = path.relative_to(root).as_posix()
            for text in _data_texts(tomllib.loads(path.read_text(encoding="utf-8"))):
                # A file without line numbers: babel's own read_po stores such a location with None,
                # but its annotation of add() says int.
                catalog.add(text, locations=[(where, None)])  # type: ignore[list-item]
    return catalog


def _data_texts(node: object) -> Iterable[str]:
    """The Indonesian text of every {"id": ..., "en": ...} table of a data file."""
    if isinstance(node, dict):
        if isinstance(node.get("id"), str) and isinstance(node.get("en"), str):
            yield node["id"]
        for value in node.values():
            yield from _data_texts(value)
    elif isinstance(node, list):
        for value in node:
            yield from _data_texts(value)


def from_data_files_only(message: Message) -> bool:
    """True for a text that only data files use (they carry DATA_LANGUAGES themselves)."""
    places = [where for where, _line in message.locations]
    return bool(places) and all(where.startswith("resources/") for where in places)


def for_language(template: Catalog, language: str) -> Catalog:
    """The messages a language's catalogue must hold."""
    if language not in DATA_LANGUAGES:
        return template
    wanted = _new_catalog()
    for message in template:
        if message.id and not from_data_files_only(message):
            wanted[message.id] = message
    return wanted


def read_catalogue(path: Path) -> Catalog:
    """A .po file."""
    with path.open("rb") as handle:
        return read_po(handle, domain=i18n.DOMAIN)


def write_catalogue(catalog: Catalog, path: Path) -> None:
    """Write a .po/.pot file sorted by message, without line numbers (smaller diffs)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, sort_output=True, include_lineno=False)


def compile_catalogue(po: Path) -> Path:
    """Write the .mo beside a .po (fuzzy entries left out)."""
    mo = po.with_suffix(".mo")
    with mo.open("wb") as handle:
        write_mo(handle, read_catalogue(po))
    return mo


def placeholders(text: str) -> set[str]:
    """The {name}, %(name)s and Qt's %1 placeholders of a message ({{ and }} are literal braces)."""
    return {a or b or c for a, b, c in _PLACEHOLDER.findall(text)}


@dataclass(frozen=True)
class Problem:
    """One message that a catalogue gets wrong."""

    language: str
    msgid: str
    what: str

    def __str__(self) -> str:
        return f"{self.language}: {self.what}: {self.msgid!r}"


def _forms(message: Message) -> tuple[list[str], list[str]]:
    ids = list(message.id) if isinstance(message.id, tuple | list) else [message.id]
    strings = list(message.string) if isinstance(message.string, tuple | list) else [message.string or ""]
    return ids, strings


def check(template: Catalog, catalogue: Catalog, language: str) -> list[Problem]:
    """Every message of the template translated (not empty, not fuzzy) with the same placeholders."""
    problems: list[Problem] = []
    for wanted in for_language(template, language):
        if not wanted.id:
            continue
        found = catalogue.get(wanted.id, wanted.context)
        if found is None:
            problems.append(Problem(language, str(wanted.id), "missing"))
            continue
        ids, strings = _forms(found)
        if found.fuzzy:
            problems.append(Problem(language, str(wanted.id), "fuzzy (needs review)"))
        elif not all(s.strip() for s in strings) or len(strings) < (2 if wanted.pluralizable else 1):
            problems.append(Problem(language, str(wanted.id), "not translated"))
        elif any(placeholders(s) != placeholders(ids[min(i, len(ids) - 1)]) for i, s in enumerate(strings)):
            problems.append(Problem(language, str(wanted.id), "placeholders differ"))
    return problems


def _catalogues(folder: Path) -> list[tuple[str, Path]]:
    return [(language, i18n.catalogue_path(language, folder))
            for language in i18n.available_languages(folder)
            if i18n.catalogue_path(language, folder).is_file()]


def main(argv: list[str] | None = None) -> int:
    """The command line (see the module docstring)."""
    parser = argparse.ArgumentParser(prog="python -m prakerja_desktop.i18n_tools",
                                     description="extract, update, compile and check the catalogues")
    parser.add_argument("command", choices=("extract", "update", "compile", "check", "init"))
    parser.add_argument("language", nargs="?", help="for init: the new language code (jv, mad, ...)")
    parser.add_argument("--locale-dir", type=Path, default=ROOT / "resources" / "locale")
    args = parser.parse_args(argv)
    folder: Path = args.locale_dir
    if args.command == "extract":
        template = extract()
        write_catalogue(template, folder / TEMPLATE_NAME)
        print(f"{folder / TEMPLATE_NAME}: {len(template)} messages")
    elif args.command == "init":
        if not args.language:
            parser.error("init needs a language code")
        path = i18n.catalogue_path(args.language, folder)
        if path.exists():
            parser.error(f"{path} exists already")
        catalog = _new_catalog(args.language)
        catalog.update(extract())
        write_catalogue(catalog, path)
        print(f"{path}: {len(catalog)} messages to translate")
    elif args.command == "update":
        template = extract()
        write_catalogue(template, folder / TEMPLATE_NAME)
        for language, path in _catalogues(folder):
            catalog = read_catalogue(path)
            catalog.update(for_language(template, language))
            write_catalogue(catalog, path)
            print(f"{path}: {sum(1 for m in catalog if m.id and not m.string)} untranslated")
    elif args.command == "compile":
        for _language, path in _catalogues(folder):
            print(compile_catalogue(path))
    else:
        template = extract()
        problems = [p for language, path in _catalogues(folder)
                    for p in check(template, read_catalogue(path), language)]
        for problem in problems:
            print(problem)
        print(f"{len(template)} messages, {len(problems)} problems")
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
