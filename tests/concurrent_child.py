"""A kiosk process for the concurrency test: `python -m tests.concurrent_child DATA_DIR FIRST COUNT GO_FILE`.

Opens the database (PRAKERJA_DB_URL: the test's PostgreSQL database), says "ready", waits until
GO_FILE exists so every process starts at the same moment, submits COUNT people with serials
FIRST.. (distinct NIKs), then prints one JSON line: the receipt numbers it was given.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import date
from pathlib import Path

from prakerja_desktop.app import App
from tests.factories import make_draft


def main(data_dir: str, first: int, count: int, go_file: str) -> None:
    """Submit COUNT drafts as fast as possible once GO_FILE appears."""
    app = App.open(Path(data_dir))
    print("ready", flush=True)
    while not Path(go_file).exists():
        time.sleep(0.005)
    receipts = []
    for serial in range(first, first + count):
        # Serials run past 9999 into other birth years, so every NIK is distinct.
        birth = date(1990 + serial // 9999, 5, 17)
        result = app.records.submit(make_draft(serial=serial % 9999 + 1, birth=birth), today=date(2026, 11, 28))
        receipts.append(result.receipt_number)
    app.close()
    print(json.dumps({"device": app.device.code, "receipts": receipts}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
