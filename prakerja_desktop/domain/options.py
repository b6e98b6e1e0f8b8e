"""The answer lists of the education-and-work step (resources/options.toml), read and checked without Qt."""

from __future__ import annotations

import functools
import logging
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prakerja_desktop.domain.rules import LANGUAGES, LocalizedText
from prakerja_desktop.i18n import pick
from prakerja_desktop.paths import resources_dir

logger = logging.getLogger(__name__)

LISTS = ("education", "employment", "training_interests")
_CODE = re.compile(r"[a-z0-9_]{1,40}")  # fits the 40-character columns of the records table
_ITEM_KEYS = frozenset({"code", *LANGUAGES})


class OptionsError(ValueError):
    """The options file is missing, unreadable or malformed; the message names the file and the place."""


@dataclass(frozen=True, slots=True)
class Option:
    """One answer: a stable code stored in records and its label in both languages."""

    code: str
    text: LocalizedText

    def label(self) -> str:
        """The label in the current language."""
        return pick(self.text.as_dict())


@dataclass(frozen=True, slots=True)
class OptionList:
    """One list of answers, in the order they are shown."""

    name: str
    items: tuple[Option, ...]

    def codes(self) -> tuple[str, ...]:
        """Every code, in order."""
        return tuple(item.code for item in self.items)

    def get(self, code: str | None) -> Option | None:
        """The option with this code, or None."""
        return next((item for item in self.items if item.code == code), None)

    def label(self, code: str) -> str:
        """The label of a code in the current language; an unknown code (older data) is shown as is."""
        found = self.get(code)
        return found.label() if found else code

    def pairs(self) -> list[tuple[str, str]]:
        """(code, label) pairs in the current language, for choice widgets."""
        return [(item.code, item.label()) for item in self.items]


@dataclass(frozen=True, slots=True)
class Options:
    """Every answer list of the file and its version."""

    version: str
    education: OptionList
    employment: OptionList
    training_interests: OptionList
    path: Path | None = None

    def label(self, code: str) -> str:
        """The label of a code from any list (codes are unique across lists); unknown codes as is."""
        for option_list in (self.education, self.employment, self.training_interests):
            found = option_list.get(code)
            if found is not None:
                return found.label()
        return code


def options_path() -> Path:
    """The shipped options file."""
    return resources_dir() / "options.toml"


def load_options(path: Path | None = None) -> Options:
    """Read and check the options file (the shipped one by default; read once per path)."""
    return _load(Path(path) if path is not None else options_path())


@functools.cache
def _load(path: Path) -> Options:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise OptionsError(f"{path}: cannot read the file ({exc.strerror or exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise OptionsError(f"{path}: not valid TOML ({exc})") from exc
    return parse_options(data, path)


def parse_options(data: dict[str, Any], path: Path) -> Options:
    """Check an already-read TOML mapping; `path` names the file in error messages."""
    version = data.get("version")
    if not isinstance(version, str) or not version.strip():
        raise OptionsError(f"{path}: version: must be a non-empty text such as \"2026-1\"")
    unknown = set(data) - {"version", *LISTS}
    if unknown:
        raise OptionsError(f"{path}: unknown key(s) {sorted(unknown)}; known: version, {', '.join(LISTS)}")
    lists = {name: _option_list(data.get(name), name, path) for name in LISTS}
    seen: dict[str, str] = {}
    for option_list in lists.values():
        for code in option_list.codes():
            if code in seen:
                raise OptionsError(
                    f"{path}: code {code!r} is used in both {seen[code]} and {option_list.name}")
            seen[code] = option_list.name
    return Options(version=version, path=path, **lists)


def _option_list(raw: Any, name: str, path: Path) -> OptionList:
    """One [[list]] of {code, id, en} tables."""
    if not isinstance(raw, list) or not raw:
        raise OptionsError(f"{path}: {name}: must be a non-empty list of [[{name}]] tables")
    items = []
    for index, entry in enumerate(raw):
        where = f"{path}: {name}[{index}]"
        if not isinstance(entry, dict):
            raise OptionsError(f"{where}: must be a table with code, id and en")
        extra = set(entry) - _ITEM_KEYS
        if extra:
            raise OptionsError(f"{where}: unknown key(s) {sorted(extra)}; allowed: code, id, en")
        code = entry.get("code")
        if not isinstance(code, str) or not _CODE.fullmatch(code):
            raise OptionsError(f"{where}.code: must be 1-40 characters a-z, 0-9 or _ (found {code!r})")
        for language in LANGUAGES:
            text = entry.get(language)
            if not isinstance(text, str) or not text.strip():
                raise OptionsError(f"{where} ({code}).{language}: must be a non-empty text")
        items.append(Option(code, LocalizedText(id=entry["id"], en=entry["en"])))
    return OptionList(name, tuple(items))
