"""`main.py check FILE --out REPORT.xlsx [--pdf REPORT.pdf]`: batch pre-check of a village list."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
from collections.abc import Iterator
from types import FrameType

from prakerja_desktop.app import App
from prakerja_desktop.i18n import _, ngettext

OUTPUT_FILES = ("out", "pdf")  # checked first; write errors exit 3 (commands/output.py)
EXIT_CANCELLED = 130  # the shell's code for "stopped by Ctrl-C"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The list, the report and its options."""
    parser.add_argument("file", metavar="FILE",
                        help="CSV or XLSX with columns such as nama, NIK, KK, HP, email, tanggal lahir")
    parser.add_argument("--out", metavar="REPORT.xlsx", required=True,
                        help="annotated XLSX: the rows with Status and what to fix")
    parser.add_argument("--pdf", metavar="REPORT.pdf", help="also a printable PDF (NIKs masked)")
    parser.add_argument("--no-db", action="store_true",
                        help="do not look for NIKs already recorded in this database")
    parser.add_argument("--progress-every", metavar="N", type=int, default=5000,
                        help="progress line on stderr every N rows (default 5000; 0: none)")


class StderrProgress:
    """A progress line on stderr every `every` rows, with a percentage when the total is known."""

    def __init__(self, every: int) -> None:
        self.every = every
        self.next = every

    def __call__(self, done: int, total: int | None) -> None:
        """Print when another `every` rows are done."""
        if self.every <= 0 or done < self.next:
            return
        self.next = (done // self.every + 1) * self.every
        if total:
            line = _("diperiksa {done} dari {total} baris ({percent}%)").format(
                done=done, total=total, percent=done * 100 // total)
        else:
            line = ngettext("diperiksa {done} baris", "diperiksa {done} baris", done).format(done=done)
        print(line, file=sys.stderr, flush=True)


@contextlib.contextmanager
def ctrl_c_stops(flag: threading.Event) -> Iterator[None]:
    """The first Ctrl-C sets the flag (the check stops and writes a partial report); a second one aborts."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_interrupt(signum: int, frame: FrameType | None) -> None:
        if flag.is_set():
            raise KeyboardInterrupt
        flag.set()
        print(_("Menghentikan pemeriksaan; laporan sebagian sedang ditulis…"), file=sys.stderr, flush=True)

    previous = signal.signal(signal.SIGINT, on_interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def run(args: argparse.Namespace, app: App) -> int:
    """Check the list, write the report(s), print the summary; 130 when stopped by Ctrl-C."""
    stop = threading.Event()
    try:
        with ctrl_c_stops(stop):
            summary = app.batch.check(args.file, args.out, args.pdf, against_records=not args.no_db,
                                      progress=StderrProgress(args.progress_every), cancelled=stop.is_set)
    except KeyboardInterrupt:  # a second Ctrl-C while the report was being written
        print(_("Dihentikan; laporan tidak ditulis."), file=sys.stderr)
        return EXIT_CANCELLED
    for line in summary.lines():
        print(line)
    print(_("Laporan XLSX: {path}").format(path=summary.out_xlsx))
    if summary.out_pdf is not None:
        print(_("Ringkasan PDF: {path}").format(path=summary.out_pdf))
    if summary.cancelled:
        print(_("Dihentikan dengan Ctrl-C: laporan di atas hanya berisi {rows} baris pertama.").format(
            rows=summary.rows), file=sys.stderr)
        return EXIT_CANCELLED
    return 0
