"""Receipts: what they show (content), the PDF (render), and the signed QR code (qr). No Qt.

The receipts room (room.py, `app.receipts`) is the door: pdf(), blank_checklist_pdf(), verify() /
verify_file() / verify_code() (signed codes: proof.py, the office's key list: keylist.py), withdraw_key(),
key_list_document(), verifier_page() and office_settings(). The GUI previews and prints the bytes it gets; it never builds a receipt itself.
Nothing is imported here, so the app starts without reportlab and segno (they load on the first receipt).
"""
