"""Column headers of village lists (Indonesian or English names); the cells are cleaned by the field catalogue."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from prakerja_desktop.domain import fields
from prakerja_desktop.domain.fields.cells import cell_text

FIELDS = ("name", "nik", "kk", "phone", "email", "birth_date")
REQUIRED = ("name", "nik")
EXTRA_FIELDS = ("rt", "rw")  # read and checked when present, never reported missing

# Accepted header names per field; compared after normalize_header() (case, spaces, punctuation
# and anything in brackets ignored), so "No. KTP", "NO_KTP" and "no ktp (16 digit)" all match.
ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("nama", "name", "nama lengkap", "full name", "nama peserta", "nama sesuai ktp",
             "nama pemohon", "nama pendaftar"),
    "nik": ("nik", "no ktp", "nomor ktp", "nomor induk kependudukan", "no nik", "nomor nik", "nik ktp",
            "no induk kependudukan", "national id", "id number"),
    "kk": ("kk", "no kk", "nomor kk", "nomor kartu keluarga", "no kartu keluarga", "kartu keluarga",
           "family card", "family card number", "kk number", "nkk"),
    "phone": ("hp", "no hp", "nomor hp", "telepon", "no telepon", "nomor telepon", "telp", "no telp",
              "phone", "phone number", "mobile", "whatsapp", "no whatsapp", "nomor whatsapp", "wa",
              "no wa", "nomor wa", "hp wa", "no hp wa", "handphone", "no handphone"),
    "email": ("email", "e mail", "surel", "alamat email", "email address", "alamat surel"),
    "birth_date": ("tanggal lahir", "tgl lahir", "birth date", "date of birth", "dob", "birthdate",
                   "ttl", "tempat tanggal lahir", "tempat tgl lahir"),
    "rt": ("rt",),
    "rw": ("rw",),
}

HEADER_SCAN_ROWS = 10  # a title or an empty line may sit above the header row
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def normalize_header(text: object) -> str:
    """A header reduced to lowercase letters and digits, without accents or bracketed hints."""
    if text is None:
        return ""
    plain = unicodedata.normalize("NFKD", _BRACKETS.sub(" ", str(text))).casefold()
    return "".join(ch for ch in plain if ch.isalnum() and not unicodedata.combining(ch))


_LOOKUP: dict[str, str] = {normalize_header(a): f for f, names in ALIASES.items() for a in names}


def field_label(field: str) -> str:
    """A field's name for people."""
    return fields.label(field)


def accepted_names(field: str) -> str:
    """The header names accepted for a field, for error messages."""
    return ", ".join(f'"{name}"' for name in ALIASES[field][:5])


@dataclass(frozen=True, slots=True)
class HeaderMatch:
    """Which column holds which field, and the columns nobody asked for."""

    titles: tuple[str, ...]  # the header cells as text, trailing empty ones dropped
    columns: dict[str, int]  # field -> column index (the first match wins)
    ignored: tuple[str, ...]  # titles of unused non-empty columns

    @property
    def complete(self) -> bool:
        """True when every required field has a column."""
        return all(f in self.columns for f in REQUIRED)


def match_header(cells: tuple[Any, ...] | list[Any]) -> HeaderMatch:
    """Match one row of cells against the accepted header names."""
    titles = [cell_text(c) for c in cells]
    while titles and not titles[-1]:
        titles.pop()
    columns: dict[str, int] = {}
    ignored: list[str] = []
    for index, title in enumerate(titles):
        found = _LOOKUP.get(normalize_header(title))
        if found and found not in columns:
            columns[found] = index
        elif title:
            ignored.append(title)
    return HeaderMatch(tuple(titles), columns, tuple(ignored))


def find_header(rows: list[tuple[Any, ...]]) -> tuple[int, HeaderMatch] | None:
    """The first row (0-based) with every required column, else None."""
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        match = match_header(row)
        if match.complete:
            return index, match
    return None


def best_header(rows: list[tuple[Any, ...]]) -> HeaderMatch | None:
    """The row that looks most like a header (for explaining what is missing), else None."""
    matches = [match_header(r) for r in rows[:HEADER_SCAN_ROWS] if any(cell_text(c) for c in r)]
    return max(matches, key=lambda m: len(m.columns), default=None)
