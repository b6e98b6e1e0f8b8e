"""Row statuses, the notes that explain them, and short labels that are safe to print."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from prakerja_desktop.i18n import _


class RowStatus(StrEnum):
    """What a row needs before the outreach visit."""

    READY = "siap"  # nothing to do
    FIX = "perbaiki"  # something must be corrected before the visit
    CHECK = "periksa"  # staff should look (warnings, age, duplicates)


def status_label(status: RowStatus) -> str:
    """The status word shown in reports."""
    return {RowStatus.READY: _("siap"), RowStatus.FIX: _("perbaiki"), RowStatus.CHECK: _("periksa")}[status]


@dataclass(frozen=True, slots=True)
class Note:
    """One thing to fix or check in a row; `text` may quote the row's data, labels never do."""

    code: str  # stable id, e.g. "nik.length"
    text: str
    fix: bool  # True: must be corrected; False: staff should check


def _labels() -> dict[str, str]:
    """Short labels per code without any of the row's data (for the PDF and the top problems)."""
    return {
        "name.empty": _("Nama belum diisi"),
        "name.letters": _("Nama harus ditulis dengan huruf"),
        "nik.empty": _("NIK belum diisi"),
        "nik.length": _("NIK tidak 16 angka"),
        "nik.characters": _("NIK berisi huruf atau tanda"),
        "nik.non_ascii_digit": _("NIK memakai angka dari tulisan lain"),
        "nik.province_unknown": _("Kode provinsi di NIK salah"),
        "nik.regency_unknown": _("Kode kabupaten/kota di NIK tidak dikenal"),
        "nik.district_unknown": _("Kode kecamatan di NIK tidak dikenal"),
        "nik.birth_date_invalid": _("Tanggal lahir di dalam NIK tidak mungkin"),
        "nik.birth_date_mismatch": _("Tanggal lahir berbeda dengan yang ada di NIK"),
        "nik.serial_zero": _("Empat angka terakhir NIK 0000"),
        "nik.excel_lost": _("NIK rusak oleh Excel (bentuk E+15)"),
        "nik.excel_rounded": _("NIK disimpan sebagai angka; angka terakhir mungkin berubah"),
        "kk.empty": _("Nomor KK belum diisi"),
        "kk.length": _("Nomor KK tidak 16 angka"),
        "kk.characters": _("Nomor KK berisi huruf atau tanda"),
        "kk.non_ascii_digit": _("Nomor KK memakai angka dari tulisan lain"),
        "kk.province_unknown": _("Kode provinsi di nomor KK salah"),
        "kk.district_unknown": _("Kode wilayah di nomor KK tidak dikenal"),
        "kk.issue_date_invalid": _("Tanggal di dalam nomor KK tidak mungkin"),
        "kk.issue_date_future": _("Tanggal di dalam nomor KK belum terjadi"),
        "kk.serial_zero": _("Empat angka terakhir nomor KK 0000"),
        "kk.same_as_nik": _("Nomor KK sama dengan NIK"),
        "kk.excel_lost": _("Nomor KK rusak oleh Excel (bentuk E+15)"),
        "kk.excel_rounded": _("Nomor KK disimpan sebagai angka; angka terakhir mungkin berubah"),
        "kk.limit": _("Lebih banyak orang dengan KK yang sama daripada batas per KK"),
        "phone.empty": _("Nomor HP belum diisi"),
        "phone.length": _("Nomor HP terlalu pendek atau terlalu panjang"),
        "phone.characters": _("Nomor HP berisi huruf atau tanda"),
        "phone.non_ascii_digit": _("Nomor HP memakai angka dari tulisan lain"),
        "phone.invalid": _("Nomor HP tidak benar"),
        "phone.not_mobile": _("Bukan nomor HP (telepon rumah atau kantor)"),
        "phone.not_indonesian": _("Bukan nomor Indonesia"),
        "phone.excel_lost": _("Nomor HP rusak oleh Excel (bentuk E+10)"),
        "email.empty": _("Belum ada email (dibuat saat kunjungan)"),
        "email.suggestion": _("Email mungkin salah ketik (misalnya gmial.com)"),
        "birth.missing": _("Tanggal lahir belum diisi"),
        "birth.unreadable": _("Tanggal lahir tidak terbaca"),
        "birth.two_digit_year": _("Tahun lahir hanya 2 angka"),
        "birth.month_first": _("Tanggal lahir ditulis bulan-hari-tahun"),
        "birth.impossible": _("Tanggal lahir tidak ada di kalender"),
        "birth.future": _("Tanggal lahir belum terjadi"),
        "age.too_young": _("Belum cukup umur"),
        "age.too_old": _("Melewati batas umur"),
        "age.implausible": _("Tanggal lahir tidak mungkin benar"),
        "dup.nik_in_file": _("NIK muncul dua kali di daftar"),
        "dup.nik_known": _("NIK sudah tercatat di kantor ini"),
        "phone.shared": _("Nomor HP dipakai orang lain di daftar"),
        "address.rt": _("RT bukan angka"),
        "address.rw": _("RW bukan angka"),
        "cell.formula": _("Sel berisi rumus tanpa nilai"),
        "cell.excel_error": _("Sel berisi kesalahan Excel (#REF!, #N/A)"),
        "row.unreadable": _("Baris tidak bisa dibaca"),
        "row.failed": _("Baris tidak bisa diperiksa otomatis"),
    }


def _prefix_labels() -> dict[str, str]:
    return {"nik": _("NIK perlu diperiksa"), "kk": _("Nomor KK perlu diperiksa"),
            "phone": _("Nomor HP perlu diperiksa"), "email": _("Alamat email belum benar"),
            "birth": _("Tanggal lahir perlu diperiksa"), "age": _("Umur perlu diperiksa")}


def problem_label(code: str) -> str:
    """A short label for a note code, free of personal data."""
    label = _labels().get(code)
    if label:
        return label
    return _prefix_labels().get(code.split(".", 1)[0], code)


def problem_labels(codes: list[str]) -> list[str]:
    """Labels for several codes, without repeating one."""
    labels, prefixes = _labels(), _prefix_labels()
    out: list[str] = []
    for code in codes:
        label = labels.get(code) or prefixes.get(code.split(".", 1)[0], code)
        if label not in out:
            out.append(label)
    return out
