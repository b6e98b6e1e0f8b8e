"""Email addresses: an offline syntax check (never DNS) and "did you mean …?" for typos."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from prakerja_desktop.domain.findings import CheckResult, Finding, error, info, warning
from prakerja_desktop.i18n import _

logger = logging.getLogger(__name__)

# Where most applicants' inboxes are, most used first (ties in the suggester go to the first).
SUGGESTED_DOMAINS: tuple[str, ...] = (
    "gmail.com",
    "yahoo.com",
    "yahoo.co.id",
    "ymail.com",
    "outlook.com",
    "hotmail.com",
    "live.com",
    "icloud.com",
    "proton.me",
    "protonmail.com",
)
# Real domains that sit close to a popular one; never "correct" them.
OTHER_REAL_DOMAINS: frozenset[str] = frozenset(
    {
        "googlemail.com", "rocketmail.com", "outlook.co.id", "msn.com", "me.com", "mac.com",
        "aol.com", "mail.com", "gmx.com", "gmx.net", "zoho.com", "yandex.com", "mail.ru",
        "yahoo.co.uk", "yahoo.co.jp", "yahoo.co.in", "yahoo.com.sg", "yahoo.com.my",
        "hotmail.co.uk", "live.co.uk", "pm.me", "tuta.io", "tutanota.com",
    }
)
KNOWN_DOMAINS: frozenset[str] = frozenset(SUGGESTED_DOMAINS) | OTHER_REAL_DOMAINS
# Misspellings seen often, including ones too far from the right domain for the edit distance.
COMMON_TYPOS: dict[str, str] = {
    "gmial.com": "gmail.com", "gmai.com": "gmail.com", "gmail.co": "gmail.com",
    "gmail.con": "gmail.com", "gamil.com": "gmail.com", "gmil.com": "gmail.com",
    "gmal.com": "gmail.com", "gmali.com": "gmail.com", "gmaill.com": "gmail.com",
    "gnail.com": "gmail.com", "gmail.co.id": "gmail.com", "gmail.id": "gmail.com",
    "gmail.com.com": "gmail.com", "gmail.cm": "gmail.com", "gmail.om": "gmail.com",
    "yaho.com": "yahoo.com", "yahooo.com": "yahoo.com", "yahoo.co": "yahoo.com",
    "yahoo.con": "yahoo.com", "yhoo.com": "yahoo.com", "yahoo.id": "yahoo.co.id",
    "yahoo.co.di": "yahoo.co.id", "yahoo.co.od": "yahoo.co.id",
    "hotmial.com": "hotmail.com", "hotmail.co": "hotmail.com", "homail.com": "hotmail.com",
    "outlok.com": "outlook.com", "outllok.com": "outlook.com", "outlook.co": "outlook.com",
    "iclod.com": "icloud.com", "icloud.co": "icloud.com",
}
# Top-level domains that do not exist but are one slip away from "com".
_TLD_TYPOS: frozenset[str] = frozenset(
    {"con", "cpm", "vom", "xom", "cim", "comm", "coom", "ocm", "cmo", "comn", "c0m"}
)
YAHOO_DOMAINS: frozenset[str] = frozenset({"yahoo.com", "yahoo.co.id", "ymail.com"})
_MAX_DISTANCE = 2


@dataclass(frozen=True, slots=True)
class EmailInfo:
    """A syntactically valid address and, when the domain looks mistyped, a suggestion."""

    normalized: str  # local part as typed, domain in lower case
    suggestion: str | None  # the whole address with the suggested domain


def edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (optimal string alignment): swaps of neighbours cost 1."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[len(b)]


def suggest_domain(domain: str) -> str | None:
    """A popular domain the typed one is probably a typo of, or None."""
    domain = domain.strip().lower()
    if not domain or domain in KNOWN_DOMAINS:
        return None
    if domain in COMMON_TYPOS:
        return COMMON_TYPOS[domain]
    if "." not in domain:
        # "gmail" or "gmailcom": the end of the address was left off or the dot was missed.
        for known in SUGGESTED_DOMAINS:
            if domain in (known.split(".")[0], known.replace(".", "")):
                return known
        return None
    limit = 1 if len(domain) < 7 else _MAX_DISTANCE  # short names are one slip from anything
    best: tuple[int, str] | None = None
    for known in SUGGESTED_DOMAINS:
        if abs(len(known) - len(domain)) > limit:
            continue
        distance = edit_distance(domain, known)
        if distance <= limit and (best is None or distance < best[0]):
            best = (distance, known)
    if best is not None:
        return best[1]
    head, _dot, tld = domain.rpartition(".")
    if tld in _TLD_TYPOS and head:
        return f"{head}.com"
    return None


def _fail(code: str, message: str) -> CheckResult[EmailInfo]:
    return CheckResult(None, (error(code, message),))


def _precheck(text: str) -> CheckResult[EmailInfo] | None:
    """Plain messages for the mistakes people make most, before the full syntax check."""
    if not text:
        return _fail("email.empty", _("Alamat email belum diisi."))
    if any(ch.isspace() for ch in text):
        return _fail("email.spaces", _("Alamat email tidak boleh ada spasi. Hapus spasinya."))
    at_count = text.count("@")
    if at_count == 0:
        return _fail(
            "email.no_at", _("Alamat email harus ada tanda @, misalnya nama@gmail.com.")
        )
    if at_count > 1:
        return _fail("email.many_at", _("Alamat email hanya boleh ada satu tanda @."))
    local, _at, domain = text.partition("@")
    if not local or not domain:
        return _fail(
            "email.incomplete",
            _("Alamat email belum lengkap. Contoh yang benar: nama@gmail.com."),
        )
    if not local.isascii():
        return _fail(
            "email.characters",
            _(
                "Sebelum tanda @ hanya boleh huruf a sampai z (tanpa tanda seperti é), "
                "angka 0 sampai 9, dan tanda . _ - +."
            ),
        )
    if "," in domain:
        fixed = domain.replace(",", ".")
        return _fail(
            "email.comma",
            _("Pakai titik, bukan koma. Maksudnya {email}?").format(email=f"{local}@{fixed}"),
        )
    if "." not in domain:
        message = _("Bagian setelah tanda @ belum lengkap, misalnya gmail.com.")
        suggested = suggest_domain(domain)
        if suggested:
            message += " " + _("Maksudnya {email}?").format(email=f"{local}@{suggested}")
        return _fail("email.domain_incomplete", message)
    if ".." in text or local[0] == "." or local[-1] == "." or domain[0] == "." or domain[-1] == ".":
        message = _(
            "Tanda titik tidak boleh di awal, di akhir, di samping @, "
            "atau dua kali berturut-turut."
        )
        return _fail("email.dots", message)
    return None


def check_email(text: str) -> CheckResult[EmailInfo]:
    """Check a typed email address offline; the normalized address and a typo suggestion."""
    text = text.strip() if isinstance(text, str) else ""
    early = _precheck(text)
    if early is not None:
        return early
    # On first use: a receipt, a report or the first screen does not need it (issue 20).
    from email_validator import EmailNotValidError, validate_email

    try:
        checked = validate_email(text, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError:
        return _fail(
            "email.invalid",
            _("Alamat email ini belum benar. Periksa lagi hurufnya. Contoh: nama@gmail.com."),
        )
    except Exception as exc:  # the validator must never take the wizard down
        logger.error("email validator failed: %s", type(exc).__name__)
        return _fail(
            "email.invalid",
            _("Alamat email ini belum benar. Periksa lagi hurufnya. Contoh: nama@gmail.com."),
        )
    # email_validator lowercases role names such as "NOC" or "Postmaster"; keep what was typed.
    local = text.partition("@")[0]
    domain = checked.domain.lower()
    normalized = f"{local}@{domain}"
    findings: list[Finding] = []
    suggested_domain = suggest_domain(domain)
    suggestion = f"{local}@{suggested_domain}" if suggested_domain else None
    if suggestion:
        findings.append(
            warning("email.suggestion", _("Maksudnya {email}?").format(email=suggestion))
        )
    if domain in YAHOO_DOMAINS or suggested_domain in YAHOO_DOMAINS:
        findings.append(
            info(
                "email.yahoo_domain",
                _(
                    "Alamat yahoo.com dan yahoo.co.id itu berbeda. Tulis persis alamat "
                    "yang Anda pakai untuk membuka email."
                ),
            )
        )
    return CheckResult(EmailInfo(normalized, suggestion), tuple(findings))
