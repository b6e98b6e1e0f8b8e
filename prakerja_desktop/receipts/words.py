"""A verification answer in plain Bahasa Indonesia (the command line and the staff screen say the same)."""

from __future__ import annotations

from prakerja_desktop.i18n import _
from prakerja_desktop.receipts.verify import GENUINE, GENUINE_NOT_HERE, Verdict


def headline(verdict: Verdict) -> str:
    """One line: the answer."""
    if verdict.status == GENUINE:
        return _("ASLI: tanda terima ini sah dan datanya ada di komputer ini.")
    if verdict.status == GENUINE_NOT_HERE:
        return _("ASLI: tanda terima ini sah, tetapi datanya tidak ada di komputer ini.")
    return _("TIDAK ASLI: {why}").format(why=reason_text(verdict.reason))


def reason_text(reason: str) -> str:
    """Why a code is not genuine."""
    texts = {
        "format": _("kode ini tidak utuh atau salah tulis; ini bukan kode tanda terima yang lengkap."),
        "signature": _("tanda tangannya tidak cocok: isi kode diubah atau dipalsukan."),
        "unknown_key": _("kunci yang menandatanganinya tidak ada di daftar kunci kantor ini."),
        "withdrawn_key": _("kunci perangkat ini sudah ditarik (misalnya laptop hilang) sebelum tanggal "
                           "tanda terima ini."),
        "key_not_yet_valid": _("tanggal tanda terima ini sebelum kunci perangkatnya terdaftar di kantor."),
    }
    return texts.get(reason, texts["format"])


def details(verdict: Verdict) -> list[tuple[str, str]]:
    """What the code says, to compare with the person's KTP (label, value); empty for a malformed code."""
    if not verdict.receipt_number:
        return []
    device = verdict.device_code
    if verdict.device_name and verdict.device_name != device:
        device = f"{device} ({verdict.device_name})" if device else verdict.device_name
    rows = [(_("Nomor tanda terima"), verdict.receipt_number),
            (_("Tanggal"), verdict.issued.strftime("%d-%m-%Y") if verdict.issued else "")]
    if verdict.version >= 2:
        rows += [(_("NIK (tersamar)"), verdict.masked_nik), (_("Inisial nama"), verdict.initials or "-")]
    rows += [(_("Perangkat"), device), (_("Kantor"), verdict.office_name)]
    return rows


def notes(verdict: Verdict) -> list[str]:
    """Warnings that go with a genuine answer."""
    found = []
    if not verdict.genuine and verdict.receipt_number:
        found.append(_("Isi kode di atas tidak terbukti benar: jangan dipakai untuk mencari atau mencocokkan."))
    if verdict.genuine and verdict.version == 1:
        found.append(_("Format lama: kode ini tidak memuat NIK atau nama. Cocokkan data dengan KTP."))
    elif verdict.genuine:
        found.append(_("Cocokkan NIK dan inisial nama di atas dengan KTP orang yang membawa kertas ini."))
    if verdict.record_differs:
        found.append(_("Perhatian: data bernomor ini di komputer ini berbeda dari kode (tanggal, NIK atau "
                       "nama). Periksa KTP sebelum melanjutkan."))
    if verdict.via_alias:
        found.append(_("Nomor ini sudah digabung ke data lain orang yang sama; data itu yang dibuka."))
    return found


def explain(verdict: Verdict) -> list[str]:
    """Every line, for the command line."""
    return [headline(verdict), *(f"  {label}: {value}" for label, value in details(verdict)), *notes(verdict)]
