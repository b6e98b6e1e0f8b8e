"""How hard a recovery passphrase is to guess (zxcvbn), said in Bahasa Indonesia; and a generated one.

Length alone let "1234567890" through. zxcvbn (MIT) estimates the guesses an attacker needs from
patterns: sequences, repeats, keyboard rows, dates, common words (its lists are English, so the
office's own words and common Indonesian ones are added). A stolen backup is attacked offline, so
we ask for MIN_SCORE 3 (about 10^8 guesses or more, each an Argon2 run). The suggestion is six
random words from a list of common Indonesian words: easy to write down and read aloud.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from prakerja_desktop.i18n import _

MIN_SCORE = 3
SUGGESTED_WORDS = 6
# Words people reach for first in this app; zxcvbn treats them as dictionary words.
LOCAL_WORDS = ("prakerja", "kartu", "kantor", "desa", "kelurahan", "kecamatan", "kabupaten", "indonesia",
               "jakarta", "surabaya", "bandung", "rahasia", "sandi", "katasandi", "admin", "petugas",
               "pendaftaran", "merdeka", "bismillah", "sayang", "cinta", "rahasiaku", "selamat", "pagi")
WORDS = (
    "air", "angin", "anggur", "apel", "api", "awan", "ayam", "bahu", "baju", "bambu", "bangku", "bantal",
    "batu", "bawang", "bebek", "bejana", "belimbing", "benang", "bening", "beras", "besi", "bintang", "biru",
    "bola", "bulan", "bunga", "buku", "bukit", "burung", "cabai", "cahaya", "cangkir", "cat", "cermin",
    "cokelat", "daun", "dapur", "dinding", "domba", "duku", "durian", "embun", "emas", "gajah", "garam",
    "garpu", "gelas", "gembok", "gunung", "gula", "hujan", "hutan", "ikan", "ilalang", "jagung", "jahe",
    "jambu", "jamur", "jari", "jendela", "jerami", "jeruk", "jembatan", "jalan", "kabut", "kaca", "kacang",
    "kain", "kaki", "kambing", "kancil", "kapal", "kapas", "kapur", "karang", "kasur", "katak", "kayu",
    "kecap", "kelapa", "keledai", "kelinci", "kemangi", "kemeja", "kencur", "kendi", "kepiting", "kerang",
    "kerbau", "keris", "kertas", "kijang", "kipas", "kolam", "kopi", "kuda", "kuning", "kunci", "kunyit",
    "kursi", "labu", "ladang", "langit", "lampu", "lautan", "layang", "lemari", "lembah", "lidah", "lilin",
    "limau", "lumbung", "lumpur", "madu", "mangga", "manggis", "mawar", "meja", "melati", "merah", "merpati",
    "minyak", "mutiara", "nanas", "nangka", "nasi", "nila", "obor", "ombak", "padi", "pagar", "paku",
    "pantai", "papan", "pasir", "payung", "pelangi", "pensil", "perahu", "perak", "pepaya", "petai",
    "pinang", "pintu", "piring", "pisang", "pohon", "pulau", "pupuk", "putih", "rambutan", "rantai",
    "rebung", "rembulan", "rotan", "rumput", "rusa", "sabun", "sagu", "salak", "sambal", "sapi", "sapu",
    "sawah", "sayur", "selimut", "semangka", "semut", "sendok", "senja", "sepatu", "sepeda", "serai",
    "sirih", "singkong", "siput", "sungai", "surat", "susu", "talas", "tali", "taman", "tanah", "tangga",
    "tebu", "teh", "telur", "tembaga", "tempe", "terang", "terong", "tikar", "timun", "tomat", "topi",
    "tongkat", "tupai", "udang", "ubi", "ular", "untaian", "unggas", "wajan", "waluh", "wortel", "zamrud",
    "anyaman", "bakul", "belanga", "beringin", "cemara", "cengkeh", "dahan", "delima", "enau", "gamelan",
    "gendang", "gerobak", "jati", "kecapi", "kenari", "kemiri", "ketupat", "lesung", "lontar", "mahoni",
    "pala", "pandan", "rebana", "sampan", "seruling", "suling", "tampah", "tembikar", "wayang", "angklung",
    "bakwan", "bubur", "cendol", "dodol", "gethuk", "klepon", "lemper", "martabak", "onde", "pecel",
    "rendang", "sate", "soto", "tahu", "wedang", "lodeh", "opor", "gulai", "rujak", "gado",
)


def problem(passphrase: str, own_words: Iterable[str] = ()) -> str:
    """"" when the passphrase is hard enough to guess; else why not, and what to do, in one sentence."""
    from zxcvbn import zxcvbn  # type: ignore[import-untyped]  # start-up speed: only when a passphrase is set

    result = zxcvbn(passphrase[:100], user_inputs=[*LOCAL_WORDS, *own_words])
    if result["score"] >= MIN_SCORE:
        return ""
    patterns = {match.get("pattern") for match in result.get("sequence", [])}
    if "sequence" in patterns:
        why = _("Urutan seperti 1234 atau abcd mudah ditebak.")
    elif "repeat" in patterns:
        why = _("Huruf atau angka yang diulang mudah ditebak.")
    elif "spatial" in patterns:
        why = _("Deretan tombol keyboard seperti qwerty mudah ditebak.")
    elif "date" in patterns:
        why = _("Tanggal dan tahun mudah ditebak.")
    elif "dictionary" in patterns:
        why = _("Kata sandi ini sering dipakai orang, atau berisi kata umum atau nama kantor.")
    else:
        why = _("Kata sandi ini terlalu mudah ditebak.")
    return why + " " + _("Pakai beberapa kata acak yang tidak berhubungan, misalnya: {example}").format(
        example=suggest())


def suggest(words: int = SUGGESTED_WORDS) -> str:
    """A passphrase of random common Indonesian words ("kopi-pelangi-sapu-...")."""
    return "-".join(secrets.choice(WORDS) for _ in range(words))
