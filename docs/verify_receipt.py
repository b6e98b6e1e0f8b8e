"""Standalone receipt verifier (docs/receipt-format.md), `cryptography` only. Exit 0 genuine, 5 not genuine.
Usage: python verify_receipt.py OFFICE_PUBLIC_KEY_BASE64 KEYLIST.json CODE"""
import base64, json, re, sys  # noqa: E401
from datetime import date

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

V2 = re.compile(r"(PKJ2\.[0-9A-Z]{5}-([0-9]{6,12})\.([0-9]{8})\.[0-9]{10}\.[A-Z]{0,3}\.([A-Z2-7]{5}))\.([A-Z2-7]{103})")
DAMM = "0317598642709215486342068713591750983426612304597836742095815869720134894536201794386172052581436790"


def signed(public: bytes, signature: bytes, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, message)
        return True
    except (InvalidSignature, ValueError):
        return False


def load_keys(office_public: bytes, document: dict) -> dict:
    """The listed keys by key id, once the list's signature is the office's."""
    body = document["list"]
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()
    if base64.b64decode(body["office_public"]) != office_public or not signed(
            office_public, base64.b64decode(document["signature"]), canonical):
        raise SystemExit("the key list is not signed by this office key")
    return {key["key_id"]: key for key in body["keys"]}


def verify(code: str, keys: dict) -> tuple[str, str]:
    """("genuine", "") or ("not_genuine", reason)."""
    match, check = V2.fullmatch(code.strip().upper()), 0
    if not match:
        return "not_genuine", "format"
    head, digits, day, key_id, text = match.groups()
    for digit in digits:  # the receipt number's Damm check digit
        check = int(DAMM[check * 10 + int(digit)])
    try:
        issued, signature = date(int(day[:4]), int(day[4:6]), int(day[6:])), base64.b32decode(text + "=")
    except ValueError:
        return "not_genuine", "format"
    if check != 0 or base64.b32encode(signature).decode().rstrip("=") != text:  # canonical spelling only
        return "not_genuine", "format"
    key = keys.get(key_id)
    if key is None or not signed(base64.b64decode(key["public"]), signature, head.encode()):
        return "not_genuine", "unknown_key" if key is None else "signature"
    if key["withdrawn_from"] and issued >= date.fromisoformat(key["withdrawn_from"]):
        return "not_genuine", "withdrawn_key"
    if key["valid_from"] and issued < date.fromisoformat(key["valid_from"]):
        return "not_genuine", "key_not_yet_valid"
    return "genuine", ""


if __name__ == "__main__":
    with open(sys.argv[2], encoding="utf-8") as handle:
        print(*(answer := verify(sys.argv[3], load_keys(base64.b64decode(sys.argv[1]), json.load(handle)))))
    status = answer[0]
    sys.exit(0 if status == "genuine" else 5)
