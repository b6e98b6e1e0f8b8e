"""Recovery passphrases are scored, not only counted: "1234567890" is refused with a reason in Bahasa Indonesia."""

from __future__ import annotations

from pathlib import Path

import pytest

from prakerja_desktop.app import App
from prakerja_desktop.errors import UserInputError
from prakerja_desktop.security import passphrase_strength


@pytest.mark.parametrize(("weak", "words"), [
    ("1234567890", "sering dipakai"),
    ("abcdefghijkl", "Urutan"),
    ("aaaaaaaaaaaa", "diulang"),
    ("zxcvbnm,./asd", "keyboard"),
    ("prakerja2026", "Tanggal"),
])
def test_weak_passphrases_are_refused_with_a_reason_and_an_example(data_dir: Path, weak: str, words: str) -> None:
    app = App.open(data_dir)
    try:
        with pytest.raises(UserInputError) as refused:
            app.keys.set_recovery_passphrase(weak, None)
    finally:
        app.close()
    message = str(refused.value)
    assert words in message and "misalnya:" in message
    example = message.rsplit("misalnya: ", 1)[1]
    assert len(example.split("-")) == passphrase_strength.SUGGESTED_WORDS
    assert passphrase_strength.problem(example) == ""  # the example offered is itself strong


@pytest.mark.sqlite_only("the recovery passphrase wraps the SQLite file's key; a server's key is the server's")
def test_a_strong_passphrase_is_taken(data_dir: Path) -> None:
    app = App.open(data_dir)
    try:
        app.keys.set_recovery_passphrase("kopi tubruk di balai desa", None)
        assert app.keys.status().has_passphrase
    finally:
        app.close()


def test_suggestions_are_random_indonesian_words() -> None:
    made = {passphrase_strength.suggest() for _ in range(20)}
    assert len(made) == 20
    for phrase in made:
        assert all(word in passphrase_strength.WORDS for word in phrase.split("-"))
        assert passphrase_strength.problem(phrase) == ""
