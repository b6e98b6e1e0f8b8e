"""`main.py regions show | check FILE [--old FILE] | import FILE [--old FILE] [--yes] | shipped [--yes]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from prakerja_desktop.app import App
from prakerja_desktop.domain.region_data import RegionData, RegionFileError
from prakerja_desktop.i18n import _, ngettext

EXIT_INVALID = 2
SHOWN_CHANGES = 15  # codes listed per kind of change; the rest is counted


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The sub-actions."""
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True,
                                    parser_class=type(parser))
    actions.add_parser("show", help="the region code set in use: version, source, counts")
    for name, text in (("check", "validate a region file and show how it differs (changes nothing)"),
                       ("import", "validate, show the differences, then use the region file on this PC")):
        action = actions.add_parser(name, help=text)
        action.add_argument("file", metavar="FILE", type=Path, help="wilayah.csv (kode;nama)")
        action.add_argument("--old", type=Path, default=None, metavar="FILE",
                            help="kode_lama.csv (kode_lama;kode_baru;…)")
        if name == "import":
            action.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    shipped = actions.add_parser("shipped", help="go back to the region codes shipped with the program")
    shipped.add_argument("--yes", action="store_true", help="do not ask for confirmation")


def _show(app: App) -> int:
    data = app.regions.info()
    origin = _("dimuat kantor") if app.regions.is_office_set() else _("bawaan program")
    print(_("Kode wilayah: {version} ({origin})").format(version=data.version, origin=origin))
    for key in ("dasar", "sumber", "lisensi"):
        if key in data.meta:
            print(f"  {key}: {data.meta[key]}")
    _print_counts(data)
    return 0


def _print_counts(data: RegionData) -> None:
    print("  " + _("{p} provinsi, {r} kabupaten/kota, {d} kecamatan, {o} kode lama").format(
        p=data.count(2), r=data.count(4), d=data.count(6), o=len(data.old_codes)))


def _changes(label: str, codes: list[str]) -> None:
    if not codes:
        return
    print(f"  {label}: {len(codes)}")
    for line in codes[:SHOWN_CHANGES]:
        print(f"    {line}")
    if len(codes) > SHOWN_CHANGES:
        more = len(codes) - SHOWN_CHANGES
        print("    " + ngettext("… dan {n} lainnya", "… dan {n} lainnya", more).format(n=more))


def _print_check(app: App, path: Path, old: Path | None) -> bool:
    """Validate and print the differences; False (and the error on stderr) when the file is refused."""
    try:
        checked = app.regions.check_files(path, old)
    except RegionFileError as exc:
        print(_("Berkas wilayah ditolak; tidak ada yang berubah."), file=sys.stderr)
        print(str(exc), file=sys.stderr)
        return False
    print(_("Berkas sah: {version}").format(version=checked.data.version))
    _print_counts(checked.data)
    names = checked.data.names
    if not (checked.added or checked.removed or checked.renamed):
        print(_("Kodenya sama dengan yang dipakai sekarang ({version}).").format(version=checked.compared_with))
        return True
    print(_("Perbedaan dengan yang dipakai sekarang ({version}):").format(version=checked.compared_with))
    _changes(_("kode baru"), [f"{code} {names[code]}" for code in checked.added])
    _changes(_("kode yang hilang"), list(checked.removed))
    _changes(_("nama berubah"), [f"{code}: {old} → {new}" for code, old, new in checked.renamed])
    return True


def _confirm(question: str, yes: bool) -> bool | None:
    """True to go on; False when declined; None when no one can be asked (no --yes, no terminal)."""
    if yes:
        return True
    if not sys.stdin.isatty():
        print(_("Tambahkan --yes untuk melanjutkan tanpa pertanyaan."), file=sys.stderr)
        return None
    return input(question).strip().lower() in ("y", "ya")


def run(args: argparse.Namespace, app: App) -> int:
    """Carry out one action."""
    if args.action == "show":
        return _show(app)
    if args.action == "check":
        return 0 if _print_check(app, args.file, args.old) else EXIT_INVALID
    if args.action == "import":
        if not _print_check(app, args.file, args.old):
            return EXIT_INVALID
        answer = _confirm(_("Pakai kode wilayah ini di PC ini mulai sekarang? [y/T] "), args.yes)
        if not answer:
            if answer is False:
                print(_("Dibatalkan; tidak ada yang berubah."))
            return EXIT_INVALID if answer is None else 1
        try:
            checked = app.regions.import_files(args.file, args.old)
        except RegionFileError as exc:  # changed between the check and the import
            print(str(exc), file=sys.stderr)
            return EXIT_INVALID
        print(_("Dipakai sekarang: kode wilayah {version}.").format(version=checked.data.version))
        return 0
    answer = _confirm(_("Kembali ke kode wilayah bawaan program? [y/T] "), args.yes)
    if not answer:
        return EXIT_INVALID if answer is None else 1
    data = app.regions.use_shipped()
    print(_("Dipakai sekarang: kode wilayah {version}.").format(version=data.version))
    return 0
