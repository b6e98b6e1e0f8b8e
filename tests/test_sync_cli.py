"""The bundle commands: pairing files, export, import with its acknowledgement, and one-line errors."""

from __future__ import annotations

import io
import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from main import main
from prakerja_desktop import logs
from prakerja_desktop.app import App
from tests.sync_support import add_person


@pytest.fixture(autouse=True)
def _process_logging(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """main() sets up the process's logging: keep the crash file and the root handlers as they were."""
    # faulthandler's crash file is once per process; a real one here left test_errors_and_logs without its own.
    monkeypatch.setattr(logs, "_crash_file", logs._crash_file or io.StringIO())
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit_:  # argparse leaves through SystemExit (code 2, one line)
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_pair_export_import_and_ack_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                         fresh_db_url) -> None:  # type: ignore[no-untyped-def]
    # Each device its own database (--db): on a PostgreSQL run both would otherwise share the test's one.
    office_url, laptop_url = fresh_db_url(tmp_path / "office"), fresh_db_url(tmp_path / "laptop")
    office = ("--data-dir", str(tmp_path / "office"), "--db", office_url)
    laptop = ("--data-dir", str(tmp_path / "laptop"), "--db", laptop_url)
    code, out, _ = run(capsys, *office, "pairing", "export-office", "--out", str(tmp_path / "o.json"))
    assert code == 0 and "sidik jari" in out
    assert run(capsys, *laptop, "pairing", "export-laptop", "--out", str(tmp_path / "l.json"))[0] == 0
    assert run(capsys, *office, "pairing", "accept", str(tmp_path / "l.json"), "--yes")[0] == 0
    assert run(capsys, *laptop, "pairing", "accept", str(tmp_path / "o.json"), "--yes")[0] == 0
    code, out, _ = run(capsys, *office, "pairing", "list")
    assert code == 0 and out.startswith("laptop")
    app = App.open(tmp_path / "laptop", laptop_url)
    add_person(app, 1, "Ani")
    app.close()
    bundle = tmp_path / "usb" / "laptop-1.pkjb"
    bundle.parent.mkdir()
    code, out, _ = run(capsys, *laptop, "export-bundle", "--out", str(bundle))
    assert code == 0 and "1 data" in out
    code, out, _ = run(capsys, *office, "import-bundle", str(bundle))
    assert code == 0 and "1 data baru" in out and bundle.with_suffix(".pkja").exists()
    code, out, _ = run(capsys, *office, "import-bundle", str(bundle))
    assert code == 0 and "sudah pernah" in out
    code, _out, err = run(capsys, *office, "import-bundle", str(bundle.with_suffix(".pkja")))  # on the wrong side
    assert code == 2 and "dibuat kantor ini untuk laptop" in err, err
    code, out, _ = run(capsys, *laptop, "import-bundle", str(bundle.with_suffix(".pkja")), "--purge")
    assert code == 0 and "Dihapus dari laptop ini: 1 data" in out


def test_bad_files_and_arguments_are_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    office = str(tmp_path / "office")
    bad = tmp_path / "bad.pkjb"
    bad.write_bytes(b"PKJBUNDLE1\0\0")
    for argv in (("import-bundle", str(bad)), ("import-bundle", str(tmp_path / "missing.pkjb")),
                 ("pairing", "accept", str(bad), "--yes"), ("export-bundle", "--out", str(tmp_path / "x.pkjb")),
                 ("export-bundle",), ("pairing",)):
        code, _out, err = run(capsys, "--data-dir", office, *argv)
        assert code == 2, argv
        assert "Traceback" not in err and len(err.strip().splitlines()) == 1, (argv, err)
    big = tmp_path / "acak.bin"
    big.write_bytes(os.urandom(2_000_000))
    code, _out, err = run(capsys, "--data-dir", office, "pairing", "accept", str(big), "--yes")
    assert code == 2 and "bukan berkas pasangan" in err and "terlalu besar" not in err, err


def test_the_office_key_file_for_one_laptop_carries_its_receipt_prefix(tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                       capsys: pytest.CaptureFixture[str],
                                                                       fresh_db_url) -> None:
    import json

    office_url, laptop_url = fresh_db_url(tmp_path / "office"), fresh_db_url(tmp_path / "laptop")
    office = ("--data-dir", str(tmp_path / "office"), "--db", office_url)
    laptop = ("--data-dir", str(tmp_path / "laptop"), "--db", laptop_url)
    assert run(capsys, *laptop, "pairing", "export-laptop", "--out", str(tmp_path / "l.json"))[0] == 0
    laptop_id = json.loads((tmp_path / "l.json").read_text())["device_id"]
    code, out, _ = run(capsys, *office, "pairing", "accept", str(tmp_path / "l.json"), "--yes")
    prefix = out.strip().rsplit(" ", 1)[-1]
    assert code == 0 and "awalan nomor tanda terima" in out and len(prefix) == 5
    code, _out, err = run(capsys, *office, "pairing", "export-office", "--out", str(tmp_path / "o.json"),
                          "--for", "ZZZZZ")
    assert code == 2 and "ZZZZZ" in err
    code, out, _ = run(capsys, *office, "pairing", "export-office", "--out", str(tmp_path / "o.json"),
                       "--for", prefix.lower())  # the code `pairing list` shows
    assert code == 0 and prefix in out
    code, out, _ = run(capsys, *office, "pairing", "export-office", "--out", str(tmp_path / "o.json"),
                       "--for", laptop_id)  # or its id
    assert code == 0 and prefix in out
    code, out, _ = run(capsys, *laptop, "pairing", "accept", str(tmp_path / "o.json"), "--yes")
    assert code == 0 and prefix in out
    code, out, _ = run(capsys, *laptop, "info")
    assert prefix in out
