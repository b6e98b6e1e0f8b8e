"""Issue 15: receipts that prove themselves, anywhere, offline.

The office and two paired laptops print receipts; each PDF is rendered to an image as a thermal printer
would (203 dpi), its QR decoded from the image, and checked at the office and on both laptops.
"""

from __future__ import annotations

import base64
import importlib.util
import json
import shutil
import subprocess
import sys
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest

from prakerja_desktop.app import App
from prakerja_desktop.receipts import keylist, proof, scan, verify
from prakerja_desktop.receipts.content import local_time
from prakerja_desktop.security import office_key
from prakerja_desktop.staff.records import RecordFilter, StaffRecords
from prakerja_desktop.storage.models import utcnow
from prakerja_desktop.sync.room import Sync
from tests import receipt_vectors
from tests.factories import make_draft
from tests.sync_support import add_person, open_device, pair
from tests.test_cli import run

ROOT = Path(__file__).resolve().parents[1]
VECTORS = json.loads((ROOT / "docs" / "receipt-vectors.json").read_text(encoding="utf-8"))
needs_pdftoppm = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) missing")


@pytest.fixture
def trio(tmp_path: Path, fresh_db_url):  # type: ignore[no-untyped-def]
    """The office and laptops A and B, each paired with the office."""
    devices = [open_device(tmp_path, name, fresh_db_url) for name in ("office", "laptop_a", "laptop_b")]
    pair(devices[0], devices[1], tmp_path / "pairing-a")
    pair(devices[0], devices[2], tmp_path / "pairing-b")
    yield devices
    for device in devices:
        device.close()


def printed_code(app: App, record_uuid: uuid.UUID, layout: str, folder: Path) -> str:
    """Print the receipt, render it at 203 dpi with pdftoppm, decode its QR from the image."""
    pdf = folder / f"{app.device.code}-{layout}.pdf"
    pdf.write_bytes(app.receipts.pdf(record_uuid, layout))
    subprocess.run(["pdftoppm", "-r", "203", "-gray", "-png", "-singlefile", str(pdf), str(pdf.with_suffix(""))],
                   check=True, timeout=60)
    codes = scan.codes_in_file(pdf.with_suffix(".png"))
    assert len(codes) == 1 and codes[0].startswith("PKJ2."), codes
    assert app.receipts.verify_file(pdf).status == verify.GENUINE  # the PDF itself decodes too
    return codes[0]


def deliver(office: App, laptop: App, folder: Path) -> None:
    """The laptop sends a bundle; the office imports it; its acknowledgement (with the key list) comes back."""
    bundle = Sync(laptop).export_bundle(folder / f"{laptop.device.code}-{uuid.uuid4().hex[:6]}.pkjb")
    outcome = Sync(office).import_file(bundle.path)
    Sync(laptop).import_ack(outcome.ack, purge=False)


def status(app: App, code: str) -> str:
    return app.receipts.verify(code).status


@needs_pdftoppm
def test_office_and_two_laptops_print_and_every_device_verifies(trio, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    office, a, b = trio
    add_person(office, 1, "Siti Nur Aisyah", female=True)
    add_person(a, 2, "Budi Santoso")
    add_person(b, 3, "Cici Paramida", female=True)
    uuids = {app: _only_record(app) for app in trio}
    codes = {office: printed_code(office, uuids[office], "a4", tmp_path),
             a: printed_code(a, uuids[a], "roll80", tmp_path),
             b: printed_code(b, uuids[b], "roll58", tmp_path)}
    # What the paper shows about the person is in the signed code, and verification shows it.
    answer = office.receipts.verify(codes[office])
    row = office.records.get(uuids[office])
    assert answer.status == verify.GENUINE and answer.record_uuid == uuids[office]
    assert answer.initials == "SNA" and answer.masked_nik == f"{row.nik[:6]}******{row.nik[-4:]}"
    # Before any acknowledgement: each laptop knows the office key and its own, not the other laptop's.
    assert status(a, codes[office]) == verify.GENUINE_NOT_HERE
    assert a.receipts.verify(codes[b]).reason == "unknown_key"
    assert status(office, codes[a]) == verify.GENUINE_NOT_HERE  # paired, not imported yet
    deliver(office, a, tmp_path)
    deliver(office, b, tmp_path)
    for app, own in ((office, (office, a, b)), (a, (a,)), (b, (b,))):
        for printer in (office, a, b):
            expected = verify.GENUINE if printer in own else verify.GENUINE_NOT_HERE
            assert status(app, codes[printer]) == expected, (app.device.code, printer.device.code)
    not_here = a.receipts.verify(codes[b])
    assert (not_here.receipt_number, not_here.device_code) == (b.records.get(uuids[b]).receipt_number,
                                                                 b.device.code)
    assert not_here.office_name and not_here.initials == "CP" and not_here.device_name
    # A laptop that accepts a stranger laptop's key file still trusts only its office's list.
    stranger = open_device(tmp_path, "stranger")
    try:
        card = Sync(stranger).write_card("laptop", tmp_path / "stranger.json")
        Sync(a).accept_card(Sync(a).read_card(tmp_path / "stranger.json"))
        add_person(stranger, 4, "Dedi")
        with stranger.db.write() as session:
            key = office_key.load_or_create(session, stranger.device.id)
        assert key.public_bytes == card.receipt_public
        forged = proof.make(key.sign, key.public_bytes, _number(stranger), proof.parse(codes[a]).issued,
                            "3508201705000004", "Dedi")
        assert a.receipts.verify(forged).reason == "unknown_key"
        assert office.receipts.verify(forged).reason == "unknown_key"
    finally:
        stranger.close()


@needs_pdftoppm
def test_a_withdrawn_key_fails_from_its_day_everywhere(trio, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    office, a, b = trio
    add_person(b, 3, "Cici Paramida", female=True)
    code = printed_code(b, _only_record(b), "roll58", tmp_path)
    day = proof.parse(code).issued
    deliver(office, b, tmp_path)
    deliver(office, a, tmp_path)
    assert status(a, code) == verify.GENUINE_NOT_HERE
    # Laptop B is lost: the office withdraws its key from the day after this receipt.
    withdrawn = office.receipts.withdraw_key(b.device.code, day + timedelta(days=1))
    assert [e.device_code for e in withdrawn] == [b.device.code]
    assert status(office, code) == verify.GENUINE
    with b.db.write() as session:  # the thief prints with the laptop's key after that day
        key = office_key.load_or_create(session, b.device.id)
    later = proof.make(key.sign, key.public_bytes, _number(b), day + timedelta(days=2), "3508201705000003", "Cici")
    assert office.receipts.verify(later).reason == "withdrawn_key"
    assert status(a, later) == verify.GENUINE_NOT_HERE  # laptop A has not heard yet ...
    add_person(a, 4, "Dedi")
    deliver(office, a, tmp_path)  # ... until its next acknowledgement brings the new list
    assert a.receipts.verify(later).reason == "withdrawn_key"
    assert status(a, code) == verify.GENUINE_NOT_HERE  # receipts before the day stay genuine
    # From the receipt's own day: not genuine any more.
    office.receipts.withdraw_key(b.device.code, day)
    assert office.receipts.verify(code).reason == "withdrawn_key"
    with pytest.raises(Exception, match="kantor"):
        a.receipts.withdraw_key(b.device.code, day)  # only the office withdraws keys


def test_a_merged_away_number_finds_the_surviving_record(trio, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    office, a, _b = trio
    add_person(office, 7, "Eka Putri", female=True)
    add_person(a, 7, "Eka Putri", female=True)  # the same NIK recorded on the laptop too
    kept = _only_record(office)
    laptop_record = a.records.get(_only_record(a))
    with a.db.write() as session:
        key = office_key.load_or_create(session, a.device.id)
    code = proof.make(key.sign, key.public_bytes, laptop_record.receipt_number,
                      local_time(laptop_record.submitted_at, "WIB").date(), laptop_record.nik,
                      laptop_record.full_name)
    deliver(office, a, tmp_path)  # the laptop's record waits in review: its number finds the person
    answer = office.receipts.verify(code)
    assert (answer.status, answer.record_uuid, answer.via_alias) == (verify.GENUINE, kept, "review")
    finder = StaffRecords(office)
    assert [r.uuid for r in finder.page(RecordFilter(text=laptop_record.receipt_number))] == [kept]
    admin = office.staff.create("admin", "Pak Admin", "admin", "rahasia-123")
    case = Sync(office).review_cases()[0]
    Sync(office).decide(case.uuid, "existing", admin)
    answer = office.receipts.verify(code)
    assert (answer.status, answer.record_uuid, answer.via_alias) == (verify.GENUINE, kept, "merged")
    assert office.receipts.verify_code(laptop_record.receipt_number).uuid == kept
    assert [r.uuid for r in finder.page(RecordFilter(text=code))] == [kept]


def test_staff_search_refuses_a_forged_qr(app: App) -> None:
    result = app.records.submit(make_draft(serial=5, name="Fajar"))
    genuine = _code_of(app, result.record_uuid)
    finder = StaffRecords(app)
    assert [r.uuid for r in finder.page(RecordFilter(text=genuine))] == [result.record_uuid]
    other = proof.parse(genuine)
    for forged in (genuine[:-3] + ("AAA" if not genuine.endswith("AAA") else "BBB"),
                   genuine.replace(f".{other.initials}.", ".XYZ."),
                   f"PKJ1.{result.receipt_number}.20261128." + "A" * 103):
        assert finder.page(RecordFilter(text=forged)) == [] and finder.count(RecordFilter(text=forged)) == 0
        assert app.receipts.verify(forged).status == verify.NOT_GENUINE


def test_old_pkj1_receipts_still_verify_but_say_so(app: App) -> None:
    from prakerja_desktop.receipts import qr

    result = app.records.submit(make_draft(serial=6, name="Gita"))
    row = app.records.get(result.record_uuid)
    with app.db.write() as session:
        key = office_key.load_or_create(session, app.device.id)
    old = qr.make_payload(key, row.receipt_number, local_time(row.submitted_at, "WIB").date())
    answer = app.receipts.verify(old)
    assert (answer.status, answer.version, answer.masked_nik) == (verify.GENUINE, 1, "")
    assert app.receipts.verify(old[:-1] + ("B" if old[-1] == "A" else "A")).status == verify.NOT_GENUINE


def test_every_vector_gives_its_answer_in_the_app_and_the_standalone_verifier() -> None:
    assert (ROOT / "docs" / "receipt-vectors.json").read_text(encoding="utf-8") == receipt_vectors.text()
    office_public = base64.b64decode(VECTORS["office_public"])
    listed = keylist.read_document(VECTORS["key_list"], office_public)
    spec = importlib.util.spec_from_file_location("verify_receipt", ROOT / "docs" / "verify_receipt.py")
    assert spec is not None and spec.loader is not None
    standalone = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(standalone)
    keys = standalone.load_keys(office_public, VECTORS["key_list"])
    assert len((ROOT / "docs" / "verify_receipt.py").read_text().splitlines()) <= 60
    for vector in VECTORS["vectors"]:
        answer = verify.check(vector["code"], listed)
        assert ("genuine" if answer.genuine else "not_genuine", answer.reason) == \
            (vector["status"], vector["reason"]), vector["name"]
        assert standalone.verify(vector["code"], keys) == (vector["status"], vector["reason"]), vector["name"]
    assert {v["status"] for v in VECTORS["vectors"]} == {"genuine", "not_genuine"}
    tampered = dict(VECTORS["key_list"], list={**VECTORS["key_list"]["list"], "office_name": "Lain"})
    with pytest.raises(keylist.KeyListError):
        keylist.read_document(tampered, office_public)


def test_the_standalone_verifier_runs_as_a_script(tmp_path: Path) -> None:
    listed = tmp_path / "kunci.json"
    listed.write_text(json.dumps(VECTORS["key_list"]), encoding="utf-8")
    for vector in VECTORS["vectors"][:1] + VECTORS["vectors"][-1:]:
        done = subprocess.run([sys.executable, str(ROOT / "docs" / "verify_receipt.py"), VECTORS["office_public"],
                               str(listed), vector["code"]], capture_output=True, text=True, timeout=60)
        assert done.returncode == (0 if vector["status"] == "genuine" else 5), done.stderr
        assert done.stdout.split()[0] == vector["status"]


def test_verify_on_the_command_line(tmp_path: Path) -> None:
    folder = tmp_path / "office"
    app = App.open(folder)
    try:
        result = app.records.submit(make_draft(serial=8, name="Hadi"))
        pdf = tmp_path / "tanda terima.pdf"
        pdf.write_bytes(app.receipts.pdf(result.record_uuid, "roll58"))
        code = _code_of(app, result.record_uuid)
    finally:
        app.close()
    done = run("verify", code, "--json", "--data-dir", str(folder))
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["status"] == "genuine" and answer["receipt_number"] == result.receipt_number
    assert answer["record_uuid"] == str(result.record_uuid) and "nik" not in answer
    done = run("verify", str(pdf), "--data-dir", str(folder))
    assert done.returncode == 0 and "ASLI" in done.stdout and result.receipt_number in done.stdout
    done = run("verify", code.replace(f".{proof.parse(code).initials}.", ".ZZ."), "--json", "--data-dir", str(folder))
    assert done.returncode == 5
    assert json.loads(done.stdout)["status"] == "not_genuine" and json.loads(done.stdout)["reason"] == "signature"
    done = run("verify", "bukan kode", "--data-dir", str(folder))
    assert done.returncode == 5 and "TIDAK ASLI" in done.stdout
    empty = tmp_path / "kosong.pdf"
    empty.write_bytes(b"%PDF-1.4\n%%EOF\n")
    done = run("verify", str(empty), "--data-dir", str(folder))
    assert done.returncode == 2 and "Traceback" not in done.stderr


def _only_record(app: App) -> uuid.UUID:
    from sqlalchemy import select

    from prakerja_desktop.storage.models import RecordRow

    with app.db.read() as session:
        return session.execute(select(RecordRow.uuid)).scalar_one()


def _number(app: App) -> str:
    return app.records.get(_only_record(app)).receipt_number


def _code_of(app: App, record_uuid: uuid.UUID) -> str:
    from tests.test_receipts import scan_qr

    return scan_qr(app.receipts.pdf(record_uuid))[0]


def test_key_list_document_is_signed_by_the_office(app: App) -> None:
    document = app.receipts.key_list_document()
    listed = keylist.read_document(document)
    with app.db.read() as session:
        public = office_key.load_public(session)
    assert public is not None and listed.office_public == public.public_bytes
    assert listed.entries[0].key_id == proof.key_id_of(public.public_bytes)
    assert date.fromisoformat(listed.issued_at[:10]) <= utcnow().date()


@pytest.mark.parametrize("layout", ["roll58", "roll80"])
def test_roll_layouts_keep_every_character_inside_the_printable_width(app: App, layout: str) -> None:
    import pypdfium2

    from prakerja_desktop.receipts.render import GEOMETRIES
    from tests.test_receipts import long_record, scan_qr

    record = long_record(app)
    pdf = app.receipts.pdf(record.record_uuid, layout)
    geometry = GEOMETRIES[layout]
    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        assert abs(page.get_width() - geometry.width) < 0.5
        text = page.get_textpage()
        boxes = [text.get_charbox(i) for i in range(text.count_chars())]
        assert len(boxes) > 500
        assert min(b[0] for b in boxes if b[2] > b[0]) >= geometry.margin - 0.5
        assert max(b[2] for b in boxes) <= geometry.width - geometry.margin + 0.5  # 48 mm printable on 58 mm
    finally:
        document.close()
    assert scan_qr(pdf, scale=203 / 72)  # decodable at a thermal printer's 203 dpi


needs_chromium = pytest.mark.skipif(shutil.which("chromium") is None,
                                    reason="headless Chromium (Debian package chromium; .ci/run installs it)")


def chromium_answers(page: Path, codes: list[str]) -> tuple[list[tuple[str, str]], str]:
    """Open the page in headless Chromium with the codes in its address; the answers and the page text."""
    import re
    import urllib.parse

    url = page.as_uri() + "#kode=" + urllib.parse.quote(",".join(codes))
    done = subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                           f"--user-data-dir={page.parent / 'chromium-profile'}", "--virtual-time-budget=20000",
                           "--dump-dom", url], capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    answers = re.findall(r'class="answer" data-status="(\w+)" data-reason="(\w*)"', done.stdout)
    return answers, done.stdout


@needs_chromium
def test_the_verifier_page_gives_the_same_answers_in_chromium(app: App, tmp_path: Path) -> None:
    from prakerja_desktop.receipts import qr, verifier_page

    page = tmp_path / "verifikasi.html"
    page.write_text(verifier_page.page(VECTORS["key_list"], "Disnaker Contoh"), encoding="utf-8")
    assert "http" not in page.read_text(encoding="utf-8").replace("http-equiv", "")  # nothing from a network
    answers, _dom = chromium_answers(page, [v["code"] for v in VECTORS["vectors"]])
    expected = [("genuine_not_here" if v["status"] == "genuine" else "not_genuine", v["reason"])
                for v in VECTORS["vectors"]]
    assert answers == expected
    # The page an office writes with `main.py verifier-page`: its own receipts, new and old format.
    result = app.records.submit(make_draft(serial=9, name="Indah"))
    code = _code_of(app, result.record_uuid)
    row = app.records.get(result.record_uuid)
    with app.db.write() as session:
        key = office_key.load_or_create(session, app.device.id)
    old = qr.make_payload(key, row.receipt_number, local_time(row.submitted_at, "WIB").date())
    ours = tmp_path / "kantor.html"
    ours.write_text(app.receipts.verifier_page(), encoding="utf-8")
    answers, dom = chromium_answers(ours, [code, old, code.replace(".I.", ".J.")])
    assert answers == [("genuine_not_here", ""), ("genuine_not_here", ""), ("not_genuine", "signature")]
    assert row.receipt_number in dom and "TIDAK ASLI" in dom
    # A page whose key list was edited refuses to check anything.
    forged = tmp_path / "diubah.html"
    forged.write_text(ours.read_text(encoding="utf-8").replace('"office_name": "', '"office_name": "X'),
                      encoding="utf-8")
    answers, dom = chromium_answers(forged, [code])
    assert answers == [] and 'data-done="error"' in dom and "rusak atau diubah" in dom


def test_verifier_page_command_writes_one_self_contained_file(tmp_path: Path) -> None:
    folder = tmp_path / "office"
    App.open(folder).close()
    out = tmp_path / "verifikasi.html"
    done = run("verifier-page", "--out", str(out), "--data-dir", str(folder))
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "<script src" not in text and "<link" not in text
    assert "prakerja-receipt-keys" in text and "Ed25519" in text
