"""What SQLCipher costs: the same work on an encrypted and a plain SQLite file, in the same run.

    python bench/encryption.py            10k-record inserts, 100k-record name search
    python bench/encryption.py --quick    smaller sizes

Rows: opening a connection (PRAGMA key with a raw key, no KDF, vs plain), inserting records through
app.records.import_rows, name searches through app.records.search_names, and unlocking with the
recovery passphrase (Argon2id, once per start in locked mode; no baseline).
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import FIRST, LAST, Row, _record_rows, best_of  # noqa: E402
from prakerja_desktop import device as device_store  # noqa: E402
from prakerja_desktop import paths
from prakerja_desktop.app import App  # noqa: E402
from prakerja_desktop.security import keyslots  # noqa: E402
from prakerja_desktop.storage import encryption, records  # noqa: E402
from prakerja_desktop.storage.database import open_database  # noqa: E402


def app_at(folder: Path, encrypted: bool) -> App:
    """App over a new database in FOLDER, encrypted or plain."""
    folder.mkdir(parents=True)
    if encrypted:
        return App.open(folder)
    app = App(db=open_database(paths.default_db_url(folder), encrypt=False),
                        device=device_store.load_or_create(folder), data_dir=folder)
    app._register_device()
    return app


def fill(app: App, size: int, rng: random.Random) -> None:
    """SIZE records in batches, as a bundle import would add them."""
    for offset in range(0, size, 50_000):
        chunk = _record_rows(min(50_000, size - offset), rng, app.device.id, offset)
        app.records.import_rows([records.row_values(a, receipt_number=f"E-{offset + i:08d}",
                                                    device_id=app.device.id, rule_set_id="2023",
                                                    outcome="eligible", reasons=[])
                                 for i, a in enumerate(chunk)])


def main(argv: list[str] | None = None) -> int:
    """Run each pair and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes: the script runs (tests); numbers mean little")
    args = parser.parse_args(argv)
    insert_size, search_size = (200, 1_000) if args.smoke else (2_000, 20_000) if args.quick else (10_000, 100_000)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="prakerja-bench-enc-") as tmp:
        folder = Path(tmp)
        import os

        os.environ.setdefault(paths.CONFIG_DIR_ENV, str(folder / "config"))  # never the real device secret
        enc, plain = app_at(folder / "enc", True), app_at(folder / "plain", False)
        enc_file, plain_file = folder / "enc" / paths.DB_FILENAME, folder / "plain" / paths.DB_FILENAME
        key = encryption.data_key(enc_file)

        def open_enc() -> None:
            connection = encryption.connect(enc_file, key)
            connection.close()

        def open_plain() -> None:
            connection = sqlite3.connect(plain_file)
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
            connection.close()

        opens = 20 if args.smoke else 200
        rows.append(Row("open a connection (raw key) vs plain", opens,
                        best_of(5, lambda: [open_enc() for _ in range(opens)]),
                        best_of(5, lambda: [open_plain() for _ in range(opens)]), "< 1 ms more each"))
        rows.append(Row("insert records: encrypted vs plain", insert_size,
                        best_of(1, lambda: fill(enc, insert_size, random.Random(1))),
                        best_of(1, lambda: fill(plain, insert_size, random.Random(1))), "≤ 1.5×"))
        enc.close()
        plain.close()
        big_enc, big_plain = app_at(folder / "big-enc", True), app_at(folder / "big-plain", False)
        fill(big_enc, search_size, random.Random(2))
        fill(big_plain, search_size, random.Random(2))
        rng = random.Random(3)
        terms = [rng.choice(FIRST + LAST)[:4] for _ in range(200)]
        rows.append(Row("name search, 200 queries: encrypted vs plain", search_size,
                        best_of(2, lambda: [big_enc.records.search_names(t) for t in terms]),
                        best_of(2, lambda: [big_plain.records.search_names(t) for t in terms]), "≤ 1.5×"))
        big_enc.close()
        big_plain.close()
        keys = keyslots.read_key_file(keyslots.key_file_path(enc_file))
        assert keys is not None
        keys.set_passphrase(key, "kata sandi pemulihan untuk uji")
        start = time.perf_counter()
        keys.open_with_passphrase("kata sandi pemulihan untuk uji")
        unlock = time.perf_counter() - start
        print(f"  unlock with the recovery passphrase (Argon2id t=3, 64 MiB, p=2): {unlock * 1000:.0f} ms")
    print()
    print(f"{'benchmark':56} {'n':>10} {'enc s':>9} {'plain s':>9} {'ratio':>7}  target")
    for row in rows:
        print(f"{row.name:56} {row.size:>10,} {row.ours:>9.3f} {row.baseline:>9.3f} {row.ratio:>6.2f}×  {row.target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
