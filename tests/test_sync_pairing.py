"""Pairing, second pass (issue 19): receipt prefixes the office assigns, and pairing cards as QR codes."""

from __future__ import annotations

import json
import uuid
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from prakerja_desktop import device as device_store
from prakerja_desktop.app import App
from prakerja_desktop.errors import UserInputError
from prakerja_desktop.storage.models import PairingPrefix
from prakerja_desktop.sync import pairing_code
from prakerja_desktop.sync.keys import PairingCard
from tests.factories import make_draft
from tests.sync_support import open_device, pair


def _same_code_laptop(root: Path, name: str, code: str, fresh_db_url) -> App:  # type: ignore[no-untyped-def]
    """A laptop whose own random code is CODE (the 1-in-33-million draw, made certain)."""
    device_store.save(root / name, device_store.DeviceIdentity(uuid.uuid4(), code))
    return open_device(root, name, fresh_db_url)


def _submit(app: App, serial: int) -> str:
    return app.records.submit(make_draft(serial=serial, name=f"Orang {serial}"), today=date(2026, 12, 7)).receipt_number


def test_two_laptops_paired_the_same_day_never_print_the_same_number(tmp_path: Path, fresh_db_url) -> None:  # type: ignore[no-untyped-def]
    office = open_device(tmp_path, "office", fresh_db_url)
    laptops = [_same_code_laptop(tmp_path, f"laptop{i}", "K7QD2", fresh_db_url) for i in (1, 2)]
    try:
        before = [_submit(laptop, 10 + i) for i, laptop in enumerate(laptops)]
        assert before[0] == before[1] == "K7QD2-000013"  # number 1 and its check digit: today's risk: two laptops, one number
        for laptop in laptops:
            pair(office, laptop, tmp_path / "pairing")
        codes = [laptop.device.code for laptop in laptops]
        assert codes[0] != codes[1] and "K7QD2" not in codes
        after = [_submit(laptop, 20 + i) for i, laptop in enumerate(laptops)]
        assert after[0] != after[1]
        assert [number.split("-")[0] for number in after] == codes
        assert all(laptop.sync.receipt_prefix().from_office for laptop in laptops)
        with office.db.read() as session:
            rows = session.execute(select(PairingPrefix.prefix, PairingPrefix.kind, PairingPrefix.device_id)).all()
        assigned = {prefix for prefix, kind, _device in rows if kind == "assigned"}
        assert assigned == set(codes)
        assert ("K7QD2", "own", laptops[0].device.id) in rows  # the first one's own code stays with it
        # The office's own new PC never draws a code handed to a laptop.
        with office.db.read() as session:
            from prakerja_desktop.sync import prefixes
            assert all(prefixes.taken(session, code) for code in (*codes, "K7QD2"))
    finally:
        for app in (office, *laptops):
            app.close()


def test_pairing_again_is_idempotent(tmp_path: Path, fresh_db_url) -> None:  # type: ignore[no-untyped-def]
    office = open_device(tmp_path, "office", fresh_db_url)
    laptop = open_device(tmp_path, "laptop", fresh_db_url)
    try:
        first_card = laptop.sync.my_card("laptop")
        first = office.sync.accept_card(first_card)
        assert office.sync.accept_card(first_card).receipt_prefix == first.receipt_prefix  # the same card twice
        office_card = office.sync.my_card("office", laptop.device.id)
        assert laptop.sync.accept_card(office_card).prefix_changed
        assert laptop.device.code == first.receipt_prefix
        assert device_store.load_or_create(tmp_path / "laptop").code == first.receipt_prefix  # kept for restarts
        again = office.sync.accept_card(laptop.sync.my_card("laptop"))  # it now shows the assigned prefix
        assert again.receipt_prefix == first.receipt_prefix
        assert office.sync.my_card("office", laptop.device.id) == office_card
        second = laptop.sync.accept_card(office.sync.my_card("office", laptop.device.id))
        assert not second.prefix_changed and laptop.device.code == first.receipt_prefix
        with office.db.read() as session:
            kinds = sorted(session.execute(select(PairingPrefix.kind)).scalars())
        assert kinds == ["assigned", "own"]
        assert [info.code for info in office.sync.paired()] == [first.receipt_prefix]
    finally:
        office.close()
        laptop.close()


def test_an_office_card_for_another_laptop_or_from_before_a_restore_is_refused(tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                               fresh_db_url) -> None:
    office = open_device(tmp_path, "office", fresh_db_url)
    one, two = open_device(tmp_path, "one", fresh_db_url), open_device(tmp_path, "two", fresh_db_url)
    try:
        for laptop in (one, two):
            office.sync.accept_card(laptop.sync.my_card("laptop"))
        with pytest.raises(UserInputError, match="laptop lain"):
            two.sync.accept_card(office.sync.my_card("office", one.device.id))
        assert two.sync.receipt_prefix().from_office is False
        # A restore gives the laptop a fresh code: the card made for its old code must not take it back.
        from prakerja_desktop.backups.backup import after_restore
        stale = office.sync.my_card("office", one.device.id)
        after_restore(one, {"restore_id": "test"})
        with pytest.raises(UserInputError, match="pemulihan"):
            one.sync.accept_card(stale)
        renewed = office.sync.accept_card(one.sync.my_card("laptop"))  # pairing again gives a new prefix
        assert renewed.receipt_prefix != stale.receipt_prefix
        assert one.sync.accept_card(office.sync.my_card("office", one.device.id)).prefix_changed
        assert one.device.code == renewed.receipt_prefix
        with pytest.raises(UserInputError, match="belum diterima"):
            office.sync.my_card("office", uuid.uuid4())
    finally:
        for app in (office, one, two):
            app.close()


def test_a_prefix_changed_by_hand_in_the_file_is_refused(tmp_path: Path, fresh_db_url) -> None:  # type: ignore[no-untyped-def]
    office = open_device(tmp_path, "office", fresh_db_url)
    laptop = open_device(tmp_path, "laptop", fresh_db_url)
    try:
        office.sync.accept_card(laptop.sync.my_card("laptop"))
        path = tmp_path / "office.json"
        office.sync.write_card("office", path, for_device=laptop.device.id)
        doc = json.loads(path.read_text())
        doc["receipt_prefix"] = "AAAAA"  # the fingerprint covers only the keys: the signature catches this
        path.write_text(json.dumps(doc))
        with pytest.raises(UserInputError, match="bukan berkas pasangan"):
            laptop.sync.read_card(path)
    finally:
        office.close()
        laptop.close()


def test_already_paired_laptops_keep_their_own_code_and_keep_working(tmp_path: Path, fresh_db_url) -> None:  # type: ignore[no-untyped-def]
    office = open_device(tmp_path, "office", fresh_db_url)
    laptop = open_device(tmp_path, "laptop", fresh_db_url)
    try:
        own = laptop.device.code
        laptop.sync.accept_card(office.sync.my_card("office"))  # an office card made for no laptop (as before)
        office.sync.accept_card(laptop.sync.my_card("laptop"))
        assert laptop.device.code == own and not laptop.sync.receipt_prefix().from_office
        assert _submit(laptop, 5).startswith(own + "-")
        laptop.sync.export_bundle(tmp_path / "b.pkjb")
        result = office.sync.import_bundle((tmp_path / "b.pkjb").read_bytes()).result
        assert result.added.get("records") == 1
    finally:
        office.close()
        laptop.close()


# --- the QR text ---------------------------------------------------------------------------------


def _cards(tmp_path: Path, fresh_db_url) -> tuple[PairingCard, PairingCard]:  # type: ignore[no-untyped-def]
    office = open_device(tmp_path, "office", fresh_db_url)
    laptop = open_device(tmp_path, "laptop", fresh_db_url)
    try:
        card = laptop.sync.my_card("laptop")
        office.sync.accept_card(card)
        return card, office.sync.my_card("office", laptop.device.id)
    finally:
        office.close()
        laptop.close()


def test_a_qr_code_carries_the_whole_card_and_fits_a_cheap_scanner(tmp_path: Path, fresh_db_url) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    for card in _cards(tmp_path, fresh_db_url):
        long_name = replace(card, name="Kantor Dinas Tenaga Kerja Kabupaten Banyuwangi")
        text = pairing_code.encode(long_name)
        assert set(text) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567.PKJAIR1")  # QR alphanumeric, every keyboard
        assert pairing_code.qr_version(text) <= 10  # 57 modules or fewer
        back = pairing_code.decode(text.lower())  # a scanner typing with Caps Lock on
        assert back == replace(card, name="Kantor Dinas Tenaga Kerj")  # names are cut to 24 bytes
        assert back.fingerprint == card.fingerprint


def test_a_partial_or_wrong_scan_says_so_in_words(tmp_path: Path, fresh_db_url) -> None:  # type: ignore[no-untyped-def]
    laptop_card, office_card = _cards(tmp_path, fresh_db_url)
    text = pairing_code.encode(laptop_card)
    for broken in (text[:-20], text[:60], text[:-1] + ("A" if text[-1] != "A" else "B"), text + "AB"):
        with pytest.raises(UserInputError, match="tidak lengkap atau salah"):
            pairing_code.decode(broken)
    for other in ("PKJ2.K7QD2-0001375.20261207", "https://example.com", "%&/(!"):
        with pytest.raises(UserInputError, match="bukan kode QR pasangan"):
            pairing_code.decode(other)
    office_text = pairing_code.encode(office_card)
    # the signed prefix changed inside the code (a forged card with a valid checksum)
    from dataclasses import replace
    forged = pairing_code.encode(replace(office_card, receipt_prefix="AAAAA"))
    assert forged != office_text
    with pytest.raises(UserInputError, match="tidak lengkap atau salah"):
        pairing_code.decode(forged)


def test_a_typed_fingerprint_is_checked_letter_by_letter(tmp_path: Path, fresh_db_url) -> None:  # type: ignore[no-untyped-def]
    card, _office = _cards(tmp_path, fresh_db_url)
    fp = card.fingerprint
    pairing_code.check_fingerprint(fp, card)
    pairing_code.check_fingerprint(fp.lower().replace(" ", "-"), card)
    pairing_code.check_fingerprint(fp.replace("O", "0").replace("I", "1").replace("B", "8"), card)  # look-alikes
    with pytest.raises(UserInputError, match="belum lengkap"):
        pairing_code.check_fingerprint(fp[:9], card)
    wrong = fp[:-1] + ("A" if fp[-1] != "A" else "C")
    with pytest.raises(UserInputError, match="tidak sama"):
        pairing_code.check_fingerprint(wrong, card)
    assert pairing_code.looks_like_fingerprint(fp) and not pairing_code.looks_like_code(fp)
    assert pairing_code.looks_like_code(pairing_code.encode(card).lower())
