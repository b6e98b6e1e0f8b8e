"""The receipt code test vectors (docs/receipt-vectors.json), made from fixed keys: same input, same file.

Run `python -m tests.receipt_vectors` to write the file again after a deliberate format change.
"""

from __future__ import annotations

import base64
import json
from datetime import date
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from prakerja_desktop.domain.codes import format_receipt_number
from prakerja_desktop.receipts import keylist, proof
from prakerja_desktop.security.office_key import OfficeKey
from prakerja_desktop.sync.keys import office_id_of

PATH = Path(__file__).resolve().parents[1] / "docs" / "receipt-vectors.json"
SEEDS = {"office": "11" * 32, "laptop_a": "22" * 32, "laptop_b": "33" * 32, "stranger": "44" * 32}
NIK = "3508201705000001"
N0, N1 = format_receipt_number("K7QD2", 137), format_receipt_number("K7QD2", 140)
A1, B1, B2 = format_receipt_number("KAP7A", 17), format_receipt_number("KBP7B", 24), format_receipt_number("KBP7B", 31)
NAME = "Siti Nur Aisyah"


def _key(name: str) -> tuple[Ed25519PrivateKey, bytes]:
    private = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(SEEDS[name]))
    return private, private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def _code(name: str, number: str, day: date, nik: str = NIK, full_name: str = NAME) -> str:
    private, public = _key(name)
    return proof.make(private.sign, public, number, day, nik, full_name)


def _swap_last(code: str) -> str:
    """The same signature with the last character's unused bits set: a non-canonical spelling."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    value = alphabet.index(code[-1])
    return code[:-1] + alphabet[value | 0b001]


def make_vectors() -> dict[str, Any]:
    """The whole vectors document."""
    office_private, office_public = _key("office")
    _, a_public = _key("laptop_a")
    _, b_public = _key("laptop_b")
    entries = (
        keylist.office_entry(office_public, "Disnaker Contoh"),
        keylist.Entry(proof.key_id_of(a_public), a_public, "5c1d2e0a-0000-4000-8000-00000000000a", "KAP7A",
                      "Laptop A", date(2026, 12, 1)),
        keylist.Entry(proof.key_id_of(b_public), b_public, "5c1d2e0a-0000-4000-8000-00000000000b", "KBP7B",
                      "Laptop B (hilang)", date(2026, 12, 1), date(2026, 12, 5)),
    )
    listed = keylist.KeyList(str(office_id_of(office_public)), "Disnaker Contoh", office_public,
                             "2026-12-07T10:00:00Z", entries)
    document = keylist.signed_document(listed, OfficeKey(office_private.public_key(), office_private))
    day = date(2026, 12, 3)
    genuine = _code("office", N0, day)
    laptop = _code("laptop_a", A1, day, "3171010101900002", "Budi")
    vectors = [
        ("genuine, printed at the office", genuine, "genuine", ""),
        ("genuine, printed on laptop A", laptop, "genuine", ""),
        ("genuine, typed in lower case (readers upper-case first)", genuine.lower(), "genuine", ""),
        ("genuine, laptop B before its key was withdrawn", _code("laptop_b", B1, date(2026, 12, 4)),
         "genuine", ""),
        ("receipt number changed (check digit still right)",
         genuine.replace(N0, N1), "not_genuine", "signature"),
        ("date changed", genuine.replace(".20261203.", ".20261204."), "not_genuine", "signature"),
        ("NIK digits changed", genuine.replace(".3508200001.", ".3508200002."), "not_genuine", "signature"),
        ("initials changed", genuine.replace(".SNA.", ".SNB."), "not_genuine", "signature"),
        ("signed by a key on no list", _code("stranger", N0, day), "not_genuine", "unknown_key"),
        ("key id swapped to another listed key",
         genuine.replace(f".{proof.key_id_of(office_public)}.", f".{proof.key_id_of(a_public)}."),
         "not_genuine", "signature"),
        ("laptop B after its key was withdrawn", _code("laptop_b", B2, date(2026, 12, 5)),
         "not_genuine", "withdrawn_key"),
        ("laptop A before its key was listed", _code("laptop_a", A1, date(2026, 11, 30)),
         "not_genuine", "key_not_yet_valid"),
        ("non-canonical base32 (unused bits of the last character set)", _swap_last(genuine),
         "not_genuine", "format"),
        ("one character cut off", genuine[:-1], "not_genuine", "format"),
        ("wrong check digit in the receipt number", genuine.replace(N0, N0[:-1] + str((int(N0[-1]) + 1) % 10)),
         "not_genuine", "format"),
        ("a day that does not exist", genuine.replace(".20261203.", ".20261232."), "not_genuine", "format"),
    ]
    return {
        "about": "Receipt code test vectors (docs/receipt-format.md). Private keys are test seeds: never real.",
        "office_public": base64.b64encode(office_public).decode("ascii"),
        "private_seeds_hex": SEEDS,
        "key_list": document,
        "vectors": [{"name": name, "code": code, "status": status, "reason": reason}
                    for name, code, status, reason in vectors],
    }


def text() -> str:
    """The file's exact content."""
    return json.dumps(make_vectors(), indent=1, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    PATH.write_text(text(), encoding="utf-8")
    print(f"wrote {PATH}")
