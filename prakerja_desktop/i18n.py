"""Translations for the core (gettext through Babel), usable without Qt.

Message ids are Bahasa Indonesia: with no catalogue loaded the product still speaks Indonesian,
which is the language of the people it serves. Other languages are gettext catalogues in
resources/locale/<lang>/LC_MESSAGES/prakerja.po (the source of truth, kept in git). A compiled
prakerja.mo beside it is used when it is at least as new as the .po (the installer compiles them);
otherwise the .po is compiled in memory when the language is first chosen, so a catalogue dropped into
the folder works at once, with no code change and no build step.

One language is in force for the whole program (set_language); `using(lang)` switches it for the
current thread only, e.g. to render a receipt in the applicant's language on the worker thread while
the screen stays in the staff member's language.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from gettext import NullTranslations
from io import BytesIO
from pathlib import Path

from prakerja_desktop.paths import resources_dir

# Babel is imported where it is needed (another language chosen, a date in words, a language's name):
# Indonesian, the default, needs no catalogue, and the first screen paints without loading Babel.

logger = logging.getLogger(__name__)

DOMAIN = "prakerja"
DEFAULT_LANGUAGE = "id"
# Babel calls Indonesian "Indonesia"; people say "Bahasa Indonesia". Other names come from Babel or
# the catalogue's own "X-Language-Name" header (for languages Babel does not know, e.g. Madurese).
_NAME_OVERRIDES = {"id": "Bahasa Indonesia"}

_lock = threading.Lock()
_cache: dict[tuple[Path, str], NullTranslations] = {}
_locale_dir: Path | None = None  # None: resources/locale
_translation: NullTranslations = NullTranslations()
_language = DEFAULT_LANGUAGE
_local = threading.local()  # per-thread override set by using()


def locale_dir() -> Path:
    """The folder holding one sub-folder per language."""
    return _locale_dir or resources_dir() / "locale"


def set_locale_dir(folder: Path | None) -> None:
    """Look for catalogues elsewhere (tests, portable installs); None goes back to resources/locale."""
    global _locale_dir
    _locale_dir = Path(folder) if folder is not None else None
    set_language(_language)


def catalogue_path(language: str, folder: Path | None = None, suffix: str = ".po") -> Path:
    """Where a language's catalogue lives."""
    return (folder or locale_dir()) / language / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


def available_languages(folder: Path | None = None) -> list[str]:
    """Indonesian first, then every language with a catalogue in the folder (a drop-in adds one)."""
    root = folder or locale_dir()
    found = set()
    if root.is_dir():
        for child in root.iterdir():
            if any(catalogue_path(child.name, root, suffix).is_file() for suffix in (".po", ".mo")):
                found.add(child.name)
    found.discard(DEFAULT_LANGUAGE)
    return [DEFAULT_LANGUAGE, *sorted(found)]


def language_name(language: str) -> str:
    """The language's name in itself ("English", "Basa Jawa"), for a language chooser."""
    if language in _NAME_OVERRIDES:
        return _NAME_OVERRIDES[language]
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(language).get_display_name(language)
    except (UnknownLocaleError, ValueError):
        name = None
    if not name:
        name = _header_name(language) or language
    return name[:1].upper() + name[1:]


def _header_name(language: str) -> str | None:
    """The "X-Language-Name" header of a language's .po (Babel's catalogue drops unknown headers)."""
    try:
        text = catalogue_path(language).read_text(encoding="utf-8", errors="replace")[:4000]
    except OSError:
        return None
    found = re.search(r'^"X-Language-Name:\s*(.+?)\\n"\s*$', text, re.MULTILINE)
    return found.group(1).strip() if found else None


def _compile(language: str, root: Path) -> NullTranslations:
    """The catalogue of a language: the .mo when it is fresh, else the .po compiled in memory."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import Translations

    po, mo = catalogue_path(language, root), catalogue_path(language, root, ".mo")
    try:
        if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
            with mo.open("rb") as handle:
                return Translations(handle, domain=DOMAIN)
        if po.is_file():
            with po.open("rb") as handle:
                catalog = read_po(handle, locale=None, domain=DOMAIN)
            buffer = BytesIO()
            write_mo(buffer, catalog)  # fuzzy entries are left out, as msgfmt does
            buffer.seek(0)
            return Translations(buffer, domain=DOMAIN)
    except (OSError, ValueError, SyntaxError) as exc:
        logger.warning("catalogue for %s could not be read (%s); Indonesian is shown", language,
                       type(exc).__name__)
    return NullTranslations()


def _translations_for(language: str) -> NullTranslations:
    if language == DEFAULT_LANGUAGE:
        return NullTranslations()
    key = (locale_dir(), language)
    with _lock:
        if key not in _cache:
            _cache[key] = _compile(language, key[0])
        return _cache[key]


def reload_catalogues() -> None:
    """Forget the loaded catalogues (after a .po was edited while the program runs)."""
    with _lock:
        _cache.clear()
    set_language(_language)


def set_language(language: str) -> None:
    """Switch the program's language ("id", "en", ...); one without a catalogue shows Indonesian."""
    global _translation, _language
    _translation = _translations_for(language)
    _language = language


@contextmanager
def using(language: str) -> Iterator[None]:
    """Speak `language` in this thread only, inside the with-block (receipts in the applicant's language)."""
    previous = getattr(_local, "active", None)
    _local.active = (language, _translations_for(language))
    try:
        yield
    finally:
        _local.active = previous


def _active() -> tuple[str, NullTranslations]:
    return getattr(_local, "active", None) or (_language, _translation)


def current_language() -> str:
    """The language code in force (in this thread)."""
    return _active()[0]


def babel_locale(language: str | None = None) -> str:
    """A locale Babel has data for: the language itself, else Indonesian (the bundle ships id and en)."""
    from babel import Locale, UnknownLocaleError

    language = language or current_language()
    try:
        Locale.parse(language)
    except (UnknownLocaleError, ValueError):
        return DEFAULT_LANGUAGE
    return language


def _(message: str) -> str:
    """Translate a Bahasa Indonesia message id into the current language."""
    return _active()[1].gettext(message)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark a message for extraction without translating it now (translated where it is shown)."""
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    """Singular or plural form for `count` (Indonesian itself has one form; English has two)."""
    return _active()[1].ngettext(singular, plural, count)


def pick(texts: dict[str, str]) -> str:
    """Choose the current language's text from a {"id": ..., "en": ...} mapping in data files.

    A language the file does not carry (a dropped-in catalogue) translates the Indonesian text
    through its catalogue (`i18n_tools extract` puts the data files' texts in the template)."""
    language, translation = _active()
    if texts.get(language):
        return texts[language]
    base = texts.get(DEFAULT_LANGUAGE) or next(iter(texts.values()), "")
    return translation.gettext(base) if base else base


def format_day(day: date, style: str = "long") -> str:
    """A date in words in the current language ("10 Juni 2023", "June 10, 2023")."""
    from babel.dates import format_date

    return format_date(day, format=style, locale=babel_locale())

