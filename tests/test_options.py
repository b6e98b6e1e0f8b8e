"""The answer lists of the education-and-work step: complete in both languages, clear errors when broken."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from prakerja_desktop.domain.options import OptionsError, load_options, options_path
from prakerja_desktop.i18n import set_language
from tests.factories import make_applicant


@pytest.fixture
def english() -> Iterator[None]:
    """Switch the core to English for one test, then back."""
    set_language("en")
    yield
    set_language("id")


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "options.toml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD_ITEM = 'code = "{code}"\nid = "Indonesia {code}"\nen = "English {code}"\n'


def _good(**overrides: str) -> str:
    parts = {"version": 'version = "t-1"\n'}
    for name, code in (("education", "sd"), ("employment", "unemployed"), ("training_interests", "sewing")):
        parts[name] = f"[[{name}]]\n" + GOOD_ITEM.format(code=code)
    parts.update(overrides)
    return "\n".join(parts.values())


def test_shipped_file_has_every_item_in_both_languages() -> None:
    options = load_options()
    assert options.version and options.path == options_path()
    for option_list in (options.education, options.employment, options.training_interests):
        assert len(option_list.items) >= 5
        for item in option_list.items:
            assert item.text.id.strip() and item.text.en.strip(), item.code
            assert item.text.id != item.text.en or item.code in {"diploma"}, item.code
    codes = [c for lst in (options.education, options.employment, options.training_interests)
             for c in lst.codes()]
    assert len(codes) == len(set(codes))


def test_shipped_codes_cover_what_the_rest_of_the_program_stores() -> None:
    options = load_options()
    assert options.education.codes() == ("none", "sd", "smp", "sma", "diploma", "s1", "s2_s3")
    applicant = make_applicant()
    assert applicant.education in options.education.codes()
    assert applicant.employment in options.employment.codes()
    assert set(applicant.training_interests) <= set(options.training_interests.codes())
    assert {"unemployed", "laid_off", "employee", "self_employed", "freelance", "homemaker"} <= set(
        options.employment.codes())
    assert len(options.training_interests.items) == 10


def test_labels_follow_the_current_language(english: None) -> None:
    options = load_options()
    assert options.label("unemployed") == "Not working / looking for work"
    assert options.education.label("sma") == "Senior high school (SMA/SMK) or equal"
    assert options.employment.pairs()[0] == ("unemployed", "Not working / looking for work")


def test_labels_in_indonesian_by_default() -> None:
    options = load_options()
    assert options.label("sma") == "SMA / SMK / sederajat"
    assert options.training_interests.label("sewing") == "Menjahit"


def test_an_unknown_code_from_older_data_is_shown_as_is() -> None:
    options = load_options()
    assert options.label("retired_code") == "retired_code"
    assert options.education.label("xyz") == "xyz"
    assert options.education.get(None) is None


def test_a_small_valid_file_loads(tmp_path: Path) -> None:
    options = load_options(_write(tmp_path, _good()))
    assert options.version == "t-1"
    assert options.employment.pairs() == [("unemployed", "Indonesia unemployed")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("version = [oops", "not valid TOML"),
        (_good(version=""), "version: must be a non-empty text"),
        (_good(employment=""), "employment: must be a non-empty list"),
        (_good(education='[[education]]\ncode = "sd"\nid = "SD"\n'),
         "education[0] (sd).en: must be a non-empty text"),
        (_good(education='[[education]]\ncode = "S D"\nid = "SD"\nen = "SD"\n'), "education[0].code"),
        (_good(education='[[education]]\ncode = "sd"\nid = "SD"\nen = "SD"\nlabel = "x"\n'),
         "unknown key(s) ['label']"),
        (_good(training_interests="[[training_interests]]\n" + GOOD_ITEM.format(code="unemployed")),
         "code 'unemployed' is used in both employment and training_interests"),
        (_good() + 'colour = "red"\n', "unknown key(s) ['colour']"),
    ],
)
def test_a_broken_file_gives_a_clear_error_naming_the_file(tmp_path: Path, text: str, expected: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(OptionsError) as caught:
        load_options(path)
    assert str(path) in str(caught.value)
    assert expected in str(caught.value)


def test_a_missing_file_gives_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(OptionsError, match="cannot read the file"):
        load_options(tmp_path / "nowhere.toml")
