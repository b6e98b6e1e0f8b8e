"""Build resources/regions/ (current codes and the old-code table) from the cahyadsn/wilayah data.

Usage: python tools/build_regions.py GIT_DIR [COMMIT]
GIT_DIR is a clone (or bare mirror) of github.com/cahyadsn/wilayah (MIT licence). The program
reads db/wilayah.sql (the current Kepmendagri set) and db/archive/wilayah_YYYY.sql (the older
sets) with `git show`, keeps province, regency/city and district rows (villages are counted, not
shipped: the app never asks for a village) and derives the old→new code table by matching
names: an old code that is gone from the current set is mapped to the current code whose
regency and district carry the same name. Nothing is typed in by hand.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "resources" / "regions"
VERSION = "kepmendagri-300.2.2-2138-2025+2430"
BASIS = "Kepmendagri No. 300.2.2-2138 Tahun 2025, diubah Kepmendagri No. 300.2.2-2430 Tahun 2025"
# Oldest first; the label says under which regulation a code was in force.
ARCHIVES = (
    ("2016", "Permendagri No. 56 Tahun 2015"),
    ("2018", "Permendagri No. 137 Tahun 2017"),
    ("2020", "Permendagri No. 72 Tahun 2019 (Kepmendagri No. 146.1-4717 Tahun 2020)"),
    ("2022", "Permendagri No. 58 Tahun 2021 (Kepmendagri No. 050-145 Tahun 2022)"),
    ("2023", "Kepmendagri No. 100.1.1-6117 Tahun 2022"),
)
ROW = re.compile(r"""\(\s*(['"])([0-9.]+)\1\s*,\s*(['"])((?:(?!\3).|\3\3|\\.)*)\3\s*\)""")


def _show(git_dir: str, commit: str, path: str) -> str:
    return subprocess.run(
        ["git", "--git-dir", git_dir, "show", f"{commit}:{path}"],
        check=True, capture_output=True, text=True, encoding="utf-8", errors="replace",
    ).stdout


def _rows(sql: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for match in ROW.finditer(sql):
        quote = match.group(3)
        name = match.group(4).replace(quote * 2, quote).replace("\\'", "'").replace('\\"', '"')
        out[match.group(2)] = " ".join(name.split())
    return out


def _norm(name: str) -> str:
    name = name.upper().replace("KABUPATEN ", "").replace("KAB. ", "").replace("KAB ", "")
    name = name.replace("KOTA ", "KOTA:").replace("ADM. ", "").replace("ADMINISTRASI ", "")
    return re.sub(r"[^A-Z:]", "", name)


def build(git_dir: str, commit: str) -> None:
    """Write wilayah.csv and kode_lama.csv from the given commit of the source."""
    current = _rows(_show(git_dir, commit, "db/wilayah.sql"))
    villages = [k for k in current if k.count(".") == 3]
    kept = {k: v for k, v in current.items() if k.count(".") <= 2}
    by_level = {n: sorted(k for k in kept if k.count(".") == n) for n in (0, 1, 2)}
    regency_by_name: dict[str, list[str]] = {}
    for code in by_level[1]:
        regency_by_name.setdefault(_norm(kept[code]), []).append(code)
    district_by_name: dict[tuple[str, str], list[str]] = {}
    for code in by_level[2]:
        district_by_name.setdefault((code[:5], _norm(kept[code])), []).append(code)

    mapping: dict[str, tuple[str, str, str]] = {}  # old → (new, old name, in force under)
    for year, label in ARCHIVES:
        old = _rows(_show(git_dir, commit, f"db/archive/wilayah_{year}.sql"))
        for code in sorted(k for k in old if k.count(".") == 1):
            if code in kept:
                continue
            found = regency_by_name.get(_norm(old[code]), [])
            if len(found) == 1:
                mapping[code] = (found[0], old[code], label)
        for code in sorted(k for k in old if k.count(".") == 2):
            if code in kept:
                continue
            regency = code[:5] if code[:5] in kept else mapping.get(code[:5], ("",))[0]
            if not regency:
                continue
            found = district_by_name.get((regency, _norm(old[code])), [])
            # A district that is gone under its old name is still known at regency level.
            mapping[code] = (found[0] if len(found) == 1 else regency, old[code], label)

    OUT.mkdir(parents=True, exist_ok=True)
    regencies = by_level[1]
    kab = sum(1 for k in regencies if kept[k].startswith("Kab"))
    header = [
        "# Kode dan nama wilayah administrasi pemerintahan: provinsi, kabupaten/kota, kecamatan.",
        f"# versi: {VERSION}",
        f"# dasar: {BASIS}",
        f"# sumber: github.com/cahyadsn/wilayah db/wilayah.sql, commit {commit}",
        "# lisensi: MIT (Copyright (c) 2017-2025 Cahya DSN); data pemerintah (Kemendagri)",
        f"# jumlah: {len(by_level[0])} provinsi, {kab} kabupaten, {len(regencies) - kab} kota, "
        f"{len(by_level[2])} kecamatan, {len(villages)} desa/kelurahan (desa tidak disertakan)",
        "kode;nama",
    ]
    lines = header + [f"{k};{kept[k]}" for k in sorted(kept)]
    (OUT / "wilayah.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    old_lines = [
        "# Kode wilayah lama (sebelum pemekaran/pemindahan) dan kode yang berlaku sekarang.",
        f"# versi: {VERSION}",
        "# dasar: dicocokkan menurut nama dari arsip kode lama cahyadsn/wilayah "
        f"(db/archive/wilayah_YYYY.sql, commit {commit})",
        "kode_lama;kode_baru;nama_lama;berlaku_menurut",
    ] + [f"{k};{v[0]};{v[1]};{v[2]}" for k, v in sorted(mapping.items())]
    (OUT / "kode_lama.csv").write_text("\n".join(old_lines) + "\n", encoding="utf-8")
    print(f"{len(kept)} codes, {len(mapping)} old codes, {len(villages)} villages counted")


if __name__ == "__main__":
    build(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "HEAD")
