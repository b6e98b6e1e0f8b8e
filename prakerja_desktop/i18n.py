"""Translations for the core (gettext), usable without Qt.

Message ids are Bahasa Indonesia: with no catalogue loaded the product still speaks Indonesian,
which is the language of the people it serves. Other languages are gettext catalogues in
resources/locale/<lang>/LC_MESSAGES/prakerja.mo.
"""

from __future__ import annotations

import gettext
import logging

from prakerja_desktop.paths import resources_dir

logger = logging.getLogger(__name__)

DOMAIN = "prakerja"
DEFAULT_LANGUAGE = "id"

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = DEFAULT_LANGUAGE


def set_language(language: str) -> None:
    """Switch the core's language ("id", "en", ...); unknown languages fall back to Indonesian."""
    global _translation, _language
    _language = language
    if language == DEFAULT_LANGUAGE:
        _translation = gettext.NullTranslations()
        return
    _translation = gettext.translation(
        DOMAIN, localedir=str(resources_dir() / "locale"), languages=[language], fallback=True
    )


def current_language() -> str:
    """The language code in force."""
    return _language


def _(message: str) -> str:
    """Translate a Bahasa Indonesia message id into the current language."""
    return _translation.gettext(message)


def pick(texts: dict[str, str]) -> str:
    """Choose the current language's text from a {"id": ..., "en": ...} mapping in data files."""
    return texts.get(_language) or texts.get(DEFAULT_LANGUAGE) or next(iter(texts.values()), "")
