"""`main.py rules list | show ID | check FILE | import FILE [--yes] | use ID|--auto | status [...] | package OUT`."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from prakerja_desktop.app import App
from prakerja_desktop.domain.rules import RuleSet, RuleSetError
from prakerja_desktop.errors import UserInputError
from prakerja_desktop.i18n import _

EXIT_INVALID = 2

OUTPUT_FILES = ("out",)  # `rules package OUT`: checked first; write errors exit 3 (commands/output.py)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The sub-actions."""
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True,
                                    parser_class=type(parser))
    actions.add_parser("list", help="every rule set, the one in force marked with *")
    show = actions.add_parser("show", help="the rules of one set, with source and date checked")
    show.add_argument("id", metavar="ID")
    check = actions.add_parser("check", help="validate a rule-set file and show how it differs (changes nothing)")
    check.add_argument("file", metavar="FILE", type=Path)
    imp = actions.add_parser("import", help="validate, show the differences, then keep the rule set")
    imp.add_argument("file", metavar="FILE", type=Path)
    imp.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    use = actions.add_parser("use", help="put a rule set in force now (switch back); --auto: by date again")
    target = use.add_mutually_exclusive_group(required=True)
    target.add_argument("id", metavar="ID", nargs="?")
    target.add_argument("--auto", action="store_true", help="the newest set whose date has come")
    status = actions.add_parser("status", help="show or set the registration status")
    state = status.add_mutually_exclusive_group()
    state.add_argument("--open", action="store_true", help="registration is open (give --wave, --until)")
    state.add_argument("--closed", action="store_true", help="registration is closed (give --note)")
    status.add_argument("--wave", type=int, default=None, metavar="N")
    status.add_argument("--until", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD")
    status.add_argument("--note", default="", metavar="TEXT")
    package = actions.add_parser("package", help="office: write the office package (rule sets, status) for laptops")
    package.add_argument("out", metavar="OUT", type=Path)


def _describe(rule_set: RuleSet) -> str:
    """id, name and date on one line."""
    return f"{rule_set.id}  {rule_set.name.current()}  ({_('berlaku mulai')} {rule_set.valid_from.isoformat()})"


def _list(app: App) -> int:
    for entry in app.rules.entries():
        mark = "*" if entry.active else " "
        origin = _("bawaan") if entry.origin == "shipped" else _("diimpor")
        chosen = _(", dipilih admin") if entry.chosen else ""
        print(f"{mark} {_describe(entry.rule_set)} [{origin}{chosen}]")
    return 0


def _show(app: App, rule_set_id: str) -> int:
    rule_set = app.rules.get(rule_set_id)
    print(_describe(rule_set))
    print(_("Sumber: {source}").format(source=" ".join(rule_set.source.split())))
    for rule in rule_set.rules:
        print(f"- {rule.id} ({rule.type.value}): {rule.text.current()}")
        if rule.source:
            checked = rule.checked.isoformat() if rule.checked else "-"
            print("    " + _("sumber: {source} (diperiksa {date})").format(
                source=" ".join(rule.source.split()), date=checked))
    return 0


def _print_check(app: App, path: Path) -> bool:
    """Validate and print the differences; False (and the error on stderr) when the file is refused."""
    try:
        checked = app.rules.check_file(path)
    except RuleSetError as exc:
        print(_("Berkas aturan ditolak; tidak ada yang berubah."), file=sys.stderr)
        print(str(exc), file=sys.stderr)
        return False
    print(_("Berkas sah: {set}").format(set=_describe(checked.rule_set)))
    if not checked.differences:
        print(_("Sama dengan aturan yang berlaku sekarang ({id}).").format(id=checked.compared_with))
    else:
        print(_("Perbedaan dengan aturan yang berlaku sekarang ({id}):").format(id=checked.compared_with))
        for line in checked.differences:
            print(f"  - {line}")
    return True


def _import(app: App, path: Path, yes: bool) -> int:
    if not _print_check(app, path):
        return EXIT_INVALID
    if not yes:
        if not sys.stdin.isatty():
            print(_("Tambahkan --yes untuk memakai aturan ini tanpa pertanyaan."), file=sys.stderr)
            return EXIT_INVALID
        if input(_("Simpan dan pakai aturan ini mulai tanggal berlakunya? [y/T] ")).strip().lower() not in ("y", "ya"):
            print(_("Dibatalkan; tidak ada yang berubah."))
            return 1
    try:
        checked = app.rules.import_file(path)
    except RuleSetError as exc:  # changed between the check and the import
        print(str(exc), file=sys.stderr)
        return EXIT_INVALID
    print(_("Disimpan: {id}. Berlaku sekarang: {active}.").format(id=checked.rule_set.id,
                                                                   active=app.rule_set.id))
    return 0


def _status(app: App, args: argparse.Namespace) -> int:
    if args.open or args.closed:
        app.rules.put_registration(open_=args.open, wave=args.wave, until=args.until, note=args.note)
    status, today = app.rules.registration(), app.rules.office_today()
    print(status.headline(today))
    if status.explanation(today):
        print(status.explanation(today))
    return 0


def run(args: argparse.Namespace, app: App) -> int:
    """Carry out one action."""
    if args.action == "list":
        return _list(app)
    if args.action == "show":
        return _show(app, args.id)
    if args.action == "check":
        return 0 if _print_check(app, args.file) else EXIT_INVALID
    if args.action == "import":
        return _import(app, args.file, args.yes)
    if args.action == "use":
        rule_set = app.rules.use(None if args.auto else args.id)
        print(_("Berlaku sekarang: {set}").format(set=_describe(rule_set)))
        return 0
    if args.action == "status":
        return _status(app, args)
    if args.action == "package":
        app.rules.write_package(args.out)
        print(_("Paket kantor untuk laptop: {path}").format(path=args.out))
        return 0
    raise UserInputError(_("Perintah tidak dikenal."))
