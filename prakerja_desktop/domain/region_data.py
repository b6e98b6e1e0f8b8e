"""The region data set: Kemendagri codes and names, read and checked from a `kode;nama` file.

The shipped set lives in resources/regions/ (wilayah.csv and kode_lama.csv, with their source,
version and licence in resources/regions/README.md). The same format is what an office can check
and load when the next Kepmendagri decision is published: every error names its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from prakerja_desktop.errors import UserInputError
from prakerja_desktop.i18n import _
from prakerja_desktop.paths import resources_dir

CODES_FILE = "wilayah.csv"
OLD_CODES_FILE = "kode_lama.csv"
_CODE = re.compile(r"\d{2}(\.\d{2}){0,2}")
_META = re.compile(r"#\s*(versi|dasar|sumber|lisensi|jumlah)\s*:\s*(.+)")
MAX_ERRORS = 20


class RegionFileError(UserInputError):
    """A region file that cannot be used; the message lists the lines at fault."""


@dataclass(frozen=True, slots=True)
class RegionData:
    """One version of the codes: code (digits only, 2/4/6 long) → name, and old code → new code."""

    version: str
    names: dict[str, str]
    old_codes: dict[str, str] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)

    def count(self, length: int) -> int:
        """How many codes of this length (2 provinces, 4 regencies/cities, 6 districts)."""
        return sum(1 for code in self.names if len(code) == length)


def _fail(name: str, problems: list[str]) -> RegionFileError:
    shown = problems[:MAX_ERRORS]
    more = len(problems) - len(shown)
    lines = [_("Berkas wilayah {name} tidak bisa dipakai:").format(name=name), *shown]
    if more:
        lines.append(_("… dan {n} masalah lain.").format(n=more))
    return RegionFileError("\n".join(lines))


def _rows(text: str) -> tuple[dict[str, str], list[tuple[int, list[str]]]]:
    """Metadata from the # lines, and the data rows with their line numbers (header skipped)."""
    meta: dict[str, str] = {}
    rows: list[tuple[int, list[str]]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            if (found := _META.fullmatch(line)) is not None:
                meta.setdefault(found.group(1), found.group(2).strip())
            continue
        cells = [cell.strip() for cell in line.split(";")]
        if not rows and cells[0].casefold() in ("kode", "kode_lama"):
            continue
        rows.append((number, cells))
    return meta, rows


def parse_codes(text: str, name: str) -> tuple[dict[str, str], dict[str, str]]:
    """Codes (digits only) → names and the # metadata; raises RegionFileError with line numbers."""
    meta, rows = _rows(text)
    names: dict[str, str] = {}
    problems: list[str] = []
    for number, cells in rows:
        if len(cells) != 2 or not cells[1]:
            problems.append(_("Baris {n}: harus berisi kode;nama.").format(n=number))
            continue
        code, label = cells
        if not _CODE.fullmatch(code):
            problems.append(
                _("Baris {n}: kode {code} harus seperti 35, 35.08 atau 35.08.20.").format(
                    n=number, code=code
                )
            )
            continue
        digits = code.replace(".", "")
        if digits in names:
            problems.append(_("Baris {n}: kode {code} sudah ada di atasnya.").format(n=number, code=code))
            continue
        if len(digits) > 2 and digits[:-2] not in names:
            problems.append(
                _("Baris {n}: kode {code} muncul sebelum wilayah induknya.").format(n=number, code=code)
            )
            continue
        names[digits] = label
    if "versi" not in meta:
        problems.insert(0, _("Baris versi (# versi: …) tidak ada di awal berkas."))
    if not any(len(code) == 6 for code in names) and not problems:
        problems.append(_("Berkas tidak berisi satu pun kecamatan."))
    if problems:
        raise _fail(name, problems)
    return names, meta


def parse_old_codes(text: str, name: str, names: dict[str, str]) -> dict[str, str]:
    """Old code → current code (digits only); each current code must exist in `names`."""
    _meta, rows = _rows(text)
    mapping: dict[str, str] = {}
    problems: list[str] = []
    for number, cells in rows:
        if len(cells) < 2:
            problems.append(_("Baris {n}: harus berisi kode_lama;kode_baru.").format(n=number))
            continue
        old, new = cells[0], cells[1]
        if not (_CODE.fullmatch(old) and _CODE.fullmatch(new)):
            problems.append(_("Baris {n}: kode lama atau kode baru tidak sah.").format(n=number))
            continue
        old_digits, new_digits = old.replace(".", ""), new.replace(".", "")
        if old_digits in names:
            # A code still in force cannot also be an old code: that would hide a current place.
            problems.append(_("Baris {n}: kode {code} masih berlaku, bukan kode lama.").format(n=number, code=old))
        elif new_digits not in names:
            problems.append(_("Baris {n}: kode baru {code} tidak ada di daftar wilayah.").format(n=number, code=new))
        elif len(new_digits) > len(old_digits):
            problems.append(_("Baris {n}: kode baru {code} lebih rinci dari kode lama.").format(n=number, code=new))
        else:
            mapping[old_digits] = new_digits
    if problems:
        raise _fail(name, problems)
    return mapping


def read_text(path: Path) -> str:
    """A region file's text, or a RegionFileError in plain words."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RegionFileError(
            _("Berkas wilayah {name} bukan teks UTF-8.").format(name=path.name)
        ) from exc
    except OSError as exc:
        raise RegionFileError(
            _("Berkas wilayah {name} tidak bisa dibaca.").format(name=path.name)
        ) from exc


def load_folder(folder: Path) -> RegionData:
    """Read wilayah.csv (and kode_lama.csv when present) from a folder."""
    names, meta = parse_codes(read_text(folder / CODES_FILE), CODES_FILE)
    old_path = folder / OLD_CODES_FILE
    old = parse_old_codes(read_text(old_path), OLD_CODES_FILE, names) if old_path.exists() else {}
    return RegionData(version=meta["versi"], names=names, old_codes=old, meta=meta)


def shipped_folder() -> Path:
    """The folder of the data set that ships with the program."""
    return resources_dir() / "regions"
