"""Email check (offline) and the "did you mean …?" suggester, with property tests."""

from __future__ import annotations

import logging
import re
import socket

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prakerja_desktop.domain.email import (
    KNOWN_DOMAINS,
    SUGGESTED_DOMAINS,
    EmailInfo,
    check_email,
    edit_distance,
    suggest_domain,
)
from prakerja_desktop.domain.findings import CheckResult, Severity


def assert_well_formed(result: CheckResult[EmailInfo]) -> None:
    assert isinstance(result, CheckResult)
    for finding in result.findings:
        assert finding.message.strip()
        assert finding.code.startswith("email.")
        assert not re.search(r"\{[a-z_]*\}", finding.message)
    if result.ok:
        local, _at, domain = result.value.normalized.partition("@")
        assert local and domain
        assert domain == domain.lower()
        assert result.value.normalized.count("@") == 1
    else:
        assert result.value is None
        assert result.errors


def test_valid_address_keeps_local_part_and_lowercases_domain() -> None:
    result = check_email("  Budi.Santoso@GMAIL.COM \n")
    assert result.ok
    assert result.value == EmailInfo("Budi.Santoso@gmail.com", None)
    assert result.findings == ()


def test_role_names_keep_their_case() -> None:
    # email_validator lowercases "NOC", "Postmaster" and other role accounts by itself.
    assert check_email("NOC@gmail.com").value.normalized == "NOC@gmail.com"
    assert check_email("Postmaster@Yahoo.co.id").value.normalized == "Postmaster@yahoo.co.id"


def test_plus_and_digits_are_fine() -> None:
    assert check_email("siti+prakerja2024@gmail.com").value.normalized == (
        "siti+prakerja2024@gmail.com"
    )


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [
        ("budi@gmial.com", "budi@gmail.com"),
        ("budi@gmai.com", "budi@gmail.com"),
        ("budi@gmail.co", "budi@gmail.com"),
        ("budi@gmail.con", "budi@gmail.com"),
        ("budi@gamil.com", "budi@gmail.com"),
        ("budi@GMIAL.COM", "budi@gmail.com"),
        ("budi@gmail.co.id", "budi@gmail.com"),
        ("budi@gmaill.com", "budi@gmail.com"),
        ("budi@yaho.com", "budi@yahoo.com"),
        ("budi@yahooo.com", "budi@yahoo.com"),
        ("budi@yahoo.co", "budi@yahoo.com"),
        ("budi@yahoo.com.id", "budi@yahoo.co.id"),
        ("budi@hotmial.com", "budi@hotmail.com"),
        ("budi@outlok.com", "budi@outlook.com"),
        ("budi@iclod.com", "budi@icloud.com"),
        ("budi@protonn.me", "budi@proton.me"),
        ("budi@perusahaan.con", "budi@perusahaan.com"),
        ("Budi@gmial.com", "Budi@gmail.com"),
    ],
)
def test_typos_get_a_suggestion_that_does_not_block(typed: str, suggested: str) -> None:
    result = check_email(typed)
    assert result.ok
    assert result.value.suggestion == suggested
    suggestion = [f for f in result.findings if f.code == "email.suggestion"]
    assert len(suggestion) == 1
    assert suggestion[0].severity is Severity.WARNING
    assert suggestion[0].message == f"Maksudnya {suggested}?"


@pytest.mark.parametrize("domain", sorted(KNOWN_DOMAINS))
def test_known_domains_are_never_corrected(domain: str) -> None:
    result = check_email(f"budi@{domain}")
    assert result.ok
    assert result.value.suggestion is None
    assert "email.suggestion" not in result.codes()


@pytest.mark.parametrize(
    "domain", ["kemnaker.go.id", "ui.ac.id", "telkom.co.id", "perusahaan.co", "desa-maju.id"]
)
def test_ordinary_domains_are_left_alone(domain: str) -> None:
    assert check_email(f"budi@{domain}").value.suggestion is None


def test_yahoo_co_id_is_real_but_gets_a_reminder() -> None:
    result = check_email("budi@yahoo.co.id")
    assert result.ok
    assert result.value.suggestion is None
    reminders = [f for f in result.findings if f.code == "email.yahoo_domain"]
    assert len(reminders) == 1
    assert reminders[0].severity is Severity.INFO
    assert "yahoo.co.id" in reminders[0].message and "yahoo.com" in reminders[0].message


def test_yahoo_com_gets_the_same_reminder() -> None:
    assert check_email("budi@yahoo.com").codes() == {"email.yahoo_domain"}


def test_gmail_gets_no_reminder() -> None:
    assert check_email("budi@gmail.com").codes() == set()


@pytest.mark.parametrize(
    ("typed", "code", "hint"),
    [
        ("", "email.empty", "belum diisi"),
        ("   ", "email.empty", "belum diisi"),
        ("budi", "email.no_at", "@"),
        ("budi@@gmail.com", "email.many_at", "satu tanda @"),
        ("budi @gmail.com", "email.spaces", "spasi"),
        ("budi@", "email.incomplete", "belum lengkap"),
        ("@gmail.com", "email.incomplete", "belum lengkap"),
        ("budi@gmail", "email.domain_incomplete", "Maksudnya budi@gmail.com?"),
        ("budi@gmailcom", "email.domain_incomplete", "Maksudnya budi@gmail.com?"),
        ("budi@kantor", "email.domain_incomplete", "gmail.com"),
        ("budi@gmail,com", "email.comma", "Maksudnya budi@gmail.com?"),
        ("budi@gmail.com.", "email.dots", "titik"),
        (".budi@gmail.com", "email.dots", "titik"),
        ("budi..santoso@gmail.com", "email.dots", "titik"),
        ("bùdi@gmail.com", "email.characters", "a sampai z"),
        ("budi@-gmail.com", "email.invalid", "nama@gmail.com"),
        ('"budi"@gmail.com', "email.invalid", "nama@gmail.com"),
        ("budi@[1.2.3.4]", "email.invalid", "nama@gmail.com"),
    ],
)
def test_errors_in_plain_words(typed: str, code: str, hint: str) -> None:
    result = check_email(typed)
    assert not result.ok
    assert result.codes() == {code}
    assert hint in result.errors[0].message


def test_never_uses_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("network used")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    result = check_email("budi@some-company-that-does-not-exist.co.id")
    assert result.ok


def test_nothing_personal_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    for typed in ["budi.rahasia@gmial.com", "budi.rahasia@", "budi.rahasia@yahoo.co.id"]:
        check_email(typed)
    assert "rahasia" not in caplog.text


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("gmail.com", "gmail.com", 0),
        ("gmial.com", "gmail.com", 1),  # a swap costs one
        ("gmai.com", "gmail.com", 1),
        ("gmail.con", "gmail.com", 1),
        ("gamil.com", "gmail.com", 1),
        ("kitten", "sitting", 3),
        ("", "abc", 3),
        ("ca", "abc", 3),  # optimal string alignment, not full Damerau-Levenshtein (2)
    ],
)
def test_edit_distance(a: str, b: str, distance: int) -> None:
    assert edit_distance(a, b) == distance
    assert edit_distance(b, a) == distance


def test_suggest_domain_directly() -> None:
    assert suggest_domain("gmial.com") == "gmail.com"
    assert suggest_domain("GMIAL.COM") == "gmail.com"
    assert suggest_domain("gmail.com") is None
    assert suggest_domain("ymail.com") is None  # one letter from gmail.com, and real
    assert suggest_domain("mail.com") is None
    assert suggest_domain("yahoo") == "yahoo.com"
    assert suggest_domain("") is None
    assert suggest_domain("abc.de") is None


# --- properties -------------------------------------------------------------------------------


ANY_TEXT = st.one_of(
    st.text(),
    st.text(st.characters(), min_size=1),
    st.text(min_size=500, max_size=5000),
    st.emails(),
    st.tuples(st.text(max_size=20), st.text(max_size=20)).map("@".join),
    st.text(alphabet="abc.@-_+ ", max_size=30),
)


@given(ANY_TEXT)
@settings(deadline=None)
def test_never_raises_and_always_explains(text: str) -> None:
    assert_well_formed(check_email(text))


LOCAL = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_",
    min_size=1,
    max_size=30,
)


@given(LOCAL, st.sampled_from(sorted(KNOWN_DOMAINS)))
def test_known_domains_round_trip(local: str, domain: str) -> None:
    result = check_email(f"{local}@{domain.upper()}")
    assert result.ok
    assert result.value.normalized == f"{local}@{domain}"
    assert result.value.suggestion is None


@given(LOCAL, st.sampled_from(SUGGESTED_DOMAINS), st.data())
def test_one_slip_in_a_popular_domain_is_suggested_back(
    local: str, domain: str, data: st.DataObject
) -> None:
    position = data.draw(st.integers(0, len(domain) - 1))
    letter = data.draw(st.sampled_from("abcdefghijklmnopqrstuvwxyz"))
    typo = domain[:position] + letter + domain[position + 1 :]
    result = check_email(f"{local}@{typo}")
    if typo in KNOWN_DOMAINS:
        assert result.value is None or result.value.suggestion is None
    elif result.ok:
        assert result.value.suggestion is not None
        assert result.value.suggestion.startswith(local + "@")
        assert edit_distance(typo, result.value.suggestion.partition("@")[2]) <= 2


@given(st.text(max_size=12), st.text(max_size=12))
def test_edit_distance_properties(a: str, b: str) -> None:
    d = edit_distance(a, b)
    assert d == edit_distance(b, a)
    assert abs(len(a) - len(b)) <= d <= max(len(a), len(b))
    assert (d == 0) == (a == b)
