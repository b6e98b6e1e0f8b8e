"""Prakerja Desktop entry point: parse the arguments, then start the GUI or run a command."""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from prakerja_desktop import __version__, paths
from prakerja_desktop import commands as command_table

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a tenth of `--version`)
if TYPE_CHECKING:
    from typing import NoReturn

# Only what parsing needs is imported above: `--version`, `--help` and a wrong argument answer without
# loading translations, logging or any command (main() imports the rest after parsing).

EXIT_OK, EXIT_BUG, EXIT_USAGE, EXIT_ENVIRONMENT = 0, 1, 2, 3
_paused = False  # the cycle collector is paused while a command starts (_collector_paused)
# Commands that change keys, data or pairing: they say under which name the audit log recorded them.
ADMIN_COMMANDS = frozenset({"backup", "restore", "purge", "keys", "pairing", "import-bundle", "export-bundle",
                            "demo-data"})


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors are one clear line and exit code 2, never a traceback."""

    def error(self, message: str) -> NoReturn:
        """Print one line naming the problem and where to get help."""
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (lihat --help)\n")


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The command line: global options and subcommands (only the one named in ARGV fully loaded)."""
    common = OneLineParser(add_help=False)
    common.add_argument("--db", metavar="URL", default=argparse.SUPPRESS,
                        help=f"database URL (default: SQLite in the data folder; env {paths.DB_URL_ENV})")
    common.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS,
                        help=f"data folder for database, logs and device id (env {paths.DATA_DIR_ENV})")
    common.add_argument("--as", metavar="USERNAME", dest="staff_user", default=argparse.SUPPRESS,
                        help="run a command as this staff account (asks its password on the terminal; the audit "
                             "log names the staff member). Without it: the computer's user name, as for "
                             "unattended runs")
    common.add_argument("--kiosk", action="store_true", default=argparse.SUPPRESS,
                        help="kiosk mode: fullscreen, idle sessions wiped, restarted after a crash; "
                             "staff leave with the kiosk PIN")
    parser = OneLineParser(
        prog="main.py", parents=[common],
        description="Prakerja Desktop: persiapan pendaftaran Kartu Prakerja, tanpa internet. "
                    "Without a command it opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"Prakerja Desktop {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)
    chosen = chosen_command(argv)
    for command in command_table.COMMANDS:
        sub = commands.add_parser(command.name, parents=[common], help=command.help)
        if command.name == chosen:  # the others stay names with a help line: nothing of theirs is imported
            command.load().add_arguments(sub)
    return parser


def chosen_command(argv: Sequence[str]) -> str | None:
    """The subcommand named in ARGV (the first word that is not an option or an option's value)."""
    takes_value = ("--db", "--data-dir", "--as")
    words = iter(argv)
    for word in words:
        # argparse also accepts an unambiguous prefix such as --data; "--db=URL" carries its value.
        if word.startswith("--") and "=" not in word and any(o.startswith(word) for o in takes_value):
            next(words, None)
        elif not word.startswith("-"):
            return word if command_table.find(word) else None
    return None


def run_command(args: argparse.Namespace) -> int:
    """Open the app and run a subcommand; returns its exit code."""
    from prakerja_desktop.app import App
    from prakerja_desktop.commands import output
    from prakerja_desktop.i18n import _

    command = command_table.find(args.command)
    assert command is not None  # argparse accepted only a known name
    module = command.load()
    staff_user = getattr(args, "staff_user", None)
    needs_app = getattr(module, "NEEDS_APP", True)
    if staff_user and not needs_app:  # restore, salvage: the staff accounts are in the data they repair
        print("main.py: " + _("--as tidak bisa dipakai dengan {command}: akun petugas ada di data yang sedang "
                              "diperbaiki. Jalankan tanpa --as (dicatat atas nama pengguna komputer).").format(
            command=command.name), file=sys.stderr)
        return EXIT_USAGE
    secret = _ask_staff_secret(staff_user) if staff_user else None
    # Without --as (an unattended run, e.g. a scheduled backup): recorded under the computer's user name.
    user = _os_user()
    App.record_as(f"os:{user}")
    try:
        if not needs_app:  # e.g. restore, which must work on a damaged database
            _collect_from_here()
            code = int(module.run(args, None))
        else:
            with output.writing(module, args):  # outputs checked before the app opens; write errors: exit 3
                app = _open_app(args)
                try:
                    if app.rescue is not None:  # a read-only or full data disk: say why and what to do, once
                        print("main.py: " + app.rescue.banner + " " + _(
                            "Dari baris perintah: python main.py backup --to FOLDER_DI_FLASHDISK"), file=sys.stderr)
                    if staff_user and secret is not None:
                        refusal = _log_in(app, staff_user, secret, command.name in ADMIN_COMMANDS)
                        if refusal:
                            print(f"main.py: {refusal}", file=sys.stderr)
                            return EXIT_USAGE
                    _collect_from_here()
                    code = int(module.run(args, app))
                finally:
                    app.close()
        if code == EXIT_OK and App.unattended_events() and command.name in ADMIN_COMMANDS:  # errors stay one line
            if staff_user:
                print("main.py: " + _("dicatat di log audit atas nama petugas \"{user}\".").format(
                    user=staff_user.strip().lower()), file=sys.stderr)
            else:
                print("main.py: " + _("dicatat di log audit atas nama pengguna komputer \"{user}\" (tanpa login "
                                      "petugas; pakai --as NAMA_PENGGUNA untuk mencatat nama petugas).").format(
                    user=user), file=sys.stderr)
        return code
    finally:
        App.record_as(None)


def _collect_from_here() -> None:
    """The cycle collector back on for the command's work; what start-up made stays out of it (main())."""
    if _paused:
        gc.freeze()
        gc.enable()


def _ask_staff_secret(username: str) -> str:
    """The staff member's password, typed on the terminal without echo (no terminal: a plain refusal)."""
    import getpass

    from prakerja_desktop.errors import UserInputError
    from prakerja_desktop.i18n import _

    if not sys.stdin.isatty():
        raise UserInputError(_("--as perlu terminal untuk mengetik kata sandi petugas; untuk jalan otomatis "
                               "(terjadwal) jalankan tanpa --as."))
    try:
        return getpass.getpass(_("Kata sandi petugas {user}: ").format(user=username))
    except EOFError:
        return ""


def _log_in(app, username: str, secret: str, admin_only: bool) -> str:  # type: ignore[no-untyped-def]
    """Log the staff member in (audited like the window's login); their events carry their id. "" when fine."""
    from prakerja_desktop.app import App
    from prakerja_desktop.i18n import _

    result = app.staff.login(username, secret)
    if result.staff is None:
        return result.message
    if admin_only and not result.staff.is_admin:
        return _("Perintah ini hanya untuk admin; akun {user} bukan admin.").format(user=result.staff.username)
    App.record_as(str(result.staff.uuid))  # what this command writes as "system" names this staff member
    return ""


def _os_user() -> str:
    """The operating system's name for the person running the command ("unknown" if it has none)."""
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in the environment or the password database
        return "unknown"


def _open_app(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """Open the app; a locked database asks for the recovery passphrase on a terminal."""
    from prakerja_desktop.app import App, NeedsPassphrase

    data_dir, db_url = getattr(args, "data_dir", None), getattr(args, "db", None)
    try:
        return App.open(data_dir, db_url)
    except NeedsPassphrase:
        from prakerja_desktop.commands.keys import ask_passphrase
        from prakerja_desktop.i18n import _

        if not sys.stdin.isatty():
            raise
        App.unlock(ask_passphrase(_("Kata sandi pemulihan: ")), data_dir, db_url)
        return App.open(data_dir, db_url)


def _data_folder_problem(folder: Path) -> str:
    """Make the data folder; a plain one-line reason when it cannot be (a file, a path under a file)."""
    from prakerja_desktop.commands.output import reason_for
    from prakerja_desktop.i18n import _

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        return _("folder data {folder} adalah berkas, bukan folder; sebutkan sebuah folder (--data-dir).").format(
            folder=folder)
    except OSError as exc:
        return _("folder data {folder} tidak bisa dibuat: {reason}.").format(folder=folder, reason=reason_for(exc))
    return ""


def _config_folder_message(exc: BaseException) -> str:
    """When the OS refused the config folder (the device key lives there), say so: not "the data folder"."""
    import errno

    from prakerja_desktop.i18n import _

    config = paths.config_dir()
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        name = getattr(current, "filename", None)
        if isinstance(current, OSError) and name and current.errno in (
                errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOTDIR, errno.ENOSPC):
            where = Path(os.fsdecode(name)).absolute()
            if where == config or config in where.parents:
                return _("Folder pengaturan {folder} tidak bisa ditulis (kunci perangkat disimpan di sana). "
                         "Data tidak diubah. Minta petugas memeriksa izin folder itu.").format(folder=config)
        current = current.__cause__ or current.__context__
    return ""


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments, set up logging, and run the GUI or a command."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["--speech-helper"]:  # the frozen bundle's own speech process (ui/speech.py)
        from ui.speech_helper import main as speech_helper

        return speech_helper(*arguments[1:])
    if chosen_command(arguments) is None:
        return _main(arguments)
    with _collector_paused(program=argv is None):
        return _main(arguments)


@contextlib.contextmanager
def _collector_paused(program: bool) -> Iterator[None]:
    """A command starts without the cycle collector; run_command() resumes it for the command's work.

    A command's start (its imports, the app's models, the first query) makes a few hundred thousand objects
    that live until exit: collecting among them again and again as the heap grows cost about a twentieth of
    `main.py info`, and the interpreter's last collection at exit, over all of them, a fifth (issue 20,
    bench/cli.py). As the PROGRAM (argv from the command line) they stay frozen out of the collector to the
    end; called with arguments (the tests, in their own process) everything is as before afterwards.
    """
    global _paused
    if not gc.isenabled():
        yield
        return
    gc.disable()
    _paused = True
    try:
        yield
    finally:
        _paused = False
        if program:
            gc.freeze()  # destructors and atexit still run; only the final walk over these objects is skipped
        else:
            gc.unfreeze()
        gc.enable()


def _main(arguments: list[str]) -> int:
    """main() after the speech helper's early exit."""
    parser = build_parser(arguments)
    args = parser.parse_args(arguments)
    import logging

    from prakerja_desktop.errors import EnvironmentProblem, UserInputError, classify
    from prakerja_desktop.i18n import _
    from prakerja_desktop.kiosk import supervisor as kiosk_supervisor
    from prakerja_desktop.logs import setup_logging

    try:
        folder = paths.data_dir(getattr(args, "data_dir", None))
        problem = _data_folder_problem(folder)
        if problem:
            print(f"main.py: {problem}", file=sys.stderr)
            return EXIT_ENVIRONMENT
        kiosk = bool(getattr(args, "kiosk", False)) and not args.command
        if kiosk and not os.environ.get(kiosk_supervisor.CHILD_ENV):
            from ui.kiosk.launch import run_supervised  # no Qt unless it gives up

            return run_supervised(arguments, folder)
        setup_logging(folder)
        if args.command:
            return run_command(args)
        from ui.app import run_gui

        return run_gui(data_dir=folder, db_url=getattr(args, "db", None), kiosk=kiosk)
    except UserInputError as exc:
        print(f"main.py: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback for a person
        config_problem = _config_folder_message(exc)
        if config_problem:
            logging.getLogger("prakerja_desktop.main").error("config folder problem: %s", type(exc).__name__)
            print(f"main.py: {config_problem}", file=sys.stderr)
            return EXIT_ENVIRONMENT
        problem = classify(exc)
        if isinstance(problem, EnvironmentProblem):
            logging.getLogger("prakerja_desktop.main").error("environment problem: %s", problem.kind)
            print(f"main.py: {problem.user_message}", file=sys.stderr)
            backup = getattr(problem, "latest_backup", None)
            if backup is not None:
                where = f' --data-dir "{args.data_dir}"' if getattr(args, "data_dir", None) else ""
                command = f'python main.py restore "{backup}"{where}'
                print("main.py: " + _("untuk memulihkannya: {command}").format(command=command),
                      file=sys.stderr)
            return EXIT_ENVIRONMENT
        logging.getLogger("prakerja_desktop.main").exception("unexpected error")
        folder = paths.logs_dir(paths.data_dir(getattr(args, "data_dir", None)))
        print("main.py: " + _("terjadi kesalahan program; rinciannya ada di berkas log ({folder}).").format(
            folder=folder), file=sys.stderr)
        return EXIT_BUG


if __name__ == "__main__":
    sys.exit(main())
