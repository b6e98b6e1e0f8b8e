"""Child processes for the crash and two-process tests: `python -m tests.reliability_child MODE DATA_DIR`.

zygote  imports everything once, then forks one submitter per "run N" line read on stdin, so 200
        SIGKILLed restarts cost a fork each instead of an interpreter start. Every line goes to
        stdout with one os.write (atomic on a pipe): "pid P" (forked), "ready" (database open),
        "R <receipt>" (a submit returned), "exit P" (the submitter is gone).
kiosk   N operations like a kiosk: save a draft, save it again, submit; prints a JSON summary.
staff   N operations like a staff window: search, count, open, edit with a reason, wave outcome.
"""

from __future__ import annotations

import json
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from prakerja_desktop.app import App
from prakerja_desktop.errors import classify
from tests.factories import make_draft

STAFF_USER, STAFF_SECRET = "petugas", "rahasia-123"


def say(line: str) -> None:
    """One line to stdout in one write (never interleaved with another process's line)."""
    os.write(1, (line + "\n").encode())


def zygote(data_dir: Path) -> None:
    """Fork a submitter for every "run N" line until stdin closes."""
    with tempfile.TemporaryDirectory() as scratch:  # warm up (imports, lazy tables) on a scratch database
        warm = App.open(Path(scratch))
        warm.records.submit(make_draft(), today=date(2026, 11, 28))
        warm.close()
    say("zygote-ready")
    for command in sys.stdin:
        run = int(command.split()[1])
        pid = os.fork()
        if pid == 0:
            try:
                submitter(data_dir, run)
            finally:
                os._exit(0)
        say(f"pid {pid}")
        os.waitpid(pid, 0)
        say(f"exit {pid}")


def submitter(data_dir: Path, run: int) -> None:
    """Submit distinct people until killed (each run has its own birth date, so NIKs never repeat)."""
    app = App.open(data_dir)
    say("ready")
    birth = date(1980, 1, 1) + timedelta(days=run)
    for serial in range(1, 10_000):
        result = app.records.submit(make_draft(birth=birth, serial=serial), today=date(2026, 11, 28))
        say(f"R {result.receipt_number}")


def _timed(stats: dict[str, Any], name: str, function: Any) -> Any:
    """Run one operation, counting it and any error by kind (a locked database must never show)."""
    started = time.perf_counter()
    try:
        return function()
    except Exception as exc:  # noqa: BLE001 - every failure is counted and reported to the parent
        problem = classify(exc)
        key = f"{name}:{problem.kind if problem else type(exc).__name__}"
        stats["errors"][key] = stats["errors"].get(key, 0) + 1
        return None
    finally:
        elapsed = time.perf_counter() - started
        stats["ops"] += 1
        stats["worst_ms"][name] = max(stats["worst_ms"].get(name, 0.0), round(elapsed * 1000, 1))


def kiosk(data_dir: Path, operations: int) -> dict[str, Any]:
    """Save, save again and submit, as applicants at a kiosk do."""
    app = App.open(data_dir)
    stats: dict[str, Any] = {"ops": 0, "errors": {}, "worst_ms": {}}
    say("ready")
    sys.stdin.readline()  # "go": both processes start together
    started, serial = time.perf_counter(), 0
    while stats["ops"] < operations:
        serial += 1
        draft = make_draft(birth=date(1999, 3, 3), serial=serial)
        draft.step = "contact"
        # Each lambda runs at once inside _timed; the default binds this turn's draft all the same.
        _timed(stats, "save_draft", lambda draft=draft: app.drafts.save(draft))
        draft.step = "review"
        _timed(stats, "save_draft", lambda draft=draft: app.drafts.save(draft))
        _timed(stats, "submit", lambda draft=draft: app.records.submit(draft, today=date(2026, 11, 28)))
    stats["seconds"] = time.perf_counter() - started
    app.close()
    return stats


def staff(data_dir: Path, operations: int) -> dict[str, Any]:
    """Search, count, open, edit and record outcomes, as a staff window does."""
    from prakerja_desktop.staff.records import RecordFilter, StaffRecords

    app = App.open(data_dir)
    session = app.staff.login(STAFF_USER, STAFF_SECRET).staff
    assert session is not None
    records = StaffRecords(app)
    stats: dict[str, Any] = {"ops": 0, "errors": {}, "worst_ms": {}}
    pick = random.Random(11)
    say("ready")
    sys.stdin.readline()
    started = time.perf_counter()
    uuids = [row.uuid for row in records.page(RecordFilter(), limit=1000)]
    while stats["ops"] < operations:
        step = stats["ops"] % 6
        if step == 0 and stats["ops"] % 120 == 0:  # pick up what the kiosk added meanwhile
            uuids = _timed(stats, "page", lambda: [r.uuid for r in records.page(RecordFilter(), limit=1000)]) \
                or uuids
            continue
        target = pick.choice(uuids)
        if step == 0:
            _timed(stats, "search", lambda: records.page(RecordFilter(text=pick.choice(["Budi", "Siti", "DEMO"]))))
        elif step == 1:
            _timed(stats, "count", lambda: records.count(RecordFilter(text="Budi")))
        elif step == 2:
            _timed(stats, "open", lambda target=target: app.records.get(target))
        elif step == 3:
            _timed(stats, "edit", lambda target=target: records.edit(target, {"village": f"Desa {pick.randint(1, 99)}"},
                                                        "ejaan diperbaiki", session))
        elif step == 4:
            _timed(stats, "outcome", lambda target=target: records.set_outcome(target, pick.randint(1, 5), session,
                                                                 accepted=pick.choice([True, None])))
        else:
            _timed(stats, "search_names", lambda: app.records.search_names("budi san"))
    stats["seconds"] = time.perf_counter() - started
    app.close()
    return stats


def main() -> None:
    """Dispatch on the mode."""
    mode, data_dir = sys.argv[1], Path(sys.argv[2])
    if mode == "zygote":
        zygote(data_dir)
        return
    operations = int(sys.argv[3])
    summary = kiosk(data_dir, operations) if mode == "kiosk" else staff(data_dir, operations)
    say("summary " + json.dumps(summary))


if __name__ == "__main__":
    main()
