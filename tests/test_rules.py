"""Rule-set files: the shipped ones are complete and bilingual; broken ones fail with a clear message."""

from __future__ import annotations

import copy
import dataclasses
import os
import string
import tomllib
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prakerja_desktop.domain.applicant import Readiness
from prakerja_desktop.domain.rules import (
    CASES,
    AgeRangeParams,
    KkLimitParams,
    LocalizedText,
    RuleSet,
    RuleSetError,
    RuleType,
    SocialAssistanceParams,
    available_rule_sets,
    load_rule_set,
    load_rule_set_file,
    parse_rule_set,
    rule_set_for_date,
    rules_dir,
)

SHIPPED = ("2020", "2021", "2023")


def shipped_text(rule_set_id: str = "2023") -> str:
    """The raw text of a shipped rule-set file."""
    return (rules_dir() / f"{rule_set_id}.toml").read_text(encoding="utf-8")


def write_set(folder: Path, text: str, name: str = "2023") -> Path:
    """Write a rule-set file into a temporary folder."""
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def all_texts(rule_set: RuleSet) -> list[tuple[str, LocalizedText]]:
    """Every user-facing text of a rule set, with where it comes from."""
    texts: list[tuple[str, LocalizedText]] = [("name", rule_set.name)]
    for rule in rule_set.rules:
        texts.append((f"{rule.id}.text", rule.text))
        if rule.note:
            texts.append((f"{rule.id}.note", rule.note))
        for name, case in rule.cases.items():
            texts.append((f"{rule.id}.{name}", case.text))
            if case.fix:
                texts.append((f"{rule.id}.{name}.fix", case.fix))
        if isinstance(rule.params, SocialAssistanceParams):
            texts += [(f"{rule.id}.{p.code}", p.label) for p in rule.params.programmes]
    texts += [(f"position.{p.code}", p.label) for p in rule_set.excluded_positions]
    texts += [(f"step{i}", t) for i, t in enumerate(rule_set.registration_steps, 1)]
    for item in rule_set.readiness_items:
        texts += [(f"readiness.{item.field}", item.label), (f"readiness.{item.field}.missing", item.missing)]
    texts += [(f"benefit{i}", t) for i, t in enumerate(rule_set.benefits, 1)]
    return texts


# --- the shipped rule sets ------------------------------------------------------------------------------


def test_shipped_rule_sets_load_oldest_first() -> None:
    sets = available_rule_sets()
    assert [s.id for s in sets] == list(SHIPPED)
    assert [s.valid_from for s in sets] == sorted(s.valid_from for s in sets)


def test_newest_rule_set_is_the_default() -> None:
    assert load_rule_set().id == "2023"
    assert load_rule_set(None).valid_from == date(2023, 1, 1)


def test_load_by_id() -> None:
    assert load_rule_set("2021").id == "2021"


def test_unknown_rule_set_id_is_a_clear_error() -> None:
    with pytest.raises(RuleSetError, match=r"tidak ada kumpulan aturan '1999' \(yang ada: 2020, 2021, 2023\)"):
        load_rule_set("1999")


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2020, 4, 11), "2020"),
        (date(2020, 12, 31), "2020"),
        (date(2022, 6, 1), "2021"),
        (date(2024, 5, 2), "2023"),
    ],
)
def test_rule_set_for_date(day: date, expected: str) -> None:
    assert rule_set_for_date(day).id == expected


def test_no_rule_set_before_the_programme() -> None:
    with pytest.raises(RuleSetError, match="2019-01-01"):
        rule_set_for_date(date(2019, 1, 1))


def test_2023_age_limits_and_rules() -> None:
    rule_set = load_rule_set("2023")
    assert rule_set.rule("age").params == AgeRangeParams(min=18, max=64)
    assert rule_set.rule("kk_limit").params == KkLimitParams(max=2)
    assert {r.type for r in rule_set.rules} == set(RuleType) - {RuleType.SOCIAL_ASSISTANCE}


def test_2021_has_upper_age_limit_and_social_assistance() -> None:
    rule_set = load_rule_set("2021")
    assert rule_set.rule("age").params == AgeRangeParams(min=18, max=64)
    params = rule_set.rule("social_assistance").params
    assert isinstance(params, SocialAssistanceParams)
    assert [p.code for p in params.programmes] == ["pkh", "bpnt", "bsu", "bpum"]


def test_2020_has_no_upper_age_limit() -> None:
    rule = load_rule_set("2020").rule("age")
    assert rule.params == AgeRangeParams(min=18, max=None)
    assert "too_old" not in rule.cases
    with pytest.raises(KeyError):
        load_rule_set("2020").rule("social_assistance")


@pytest.mark.parametrize("rule_set_id", SHIPPED)
def test_every_text_is_present_in_both_languages(rule_set_id: str) -> None:
    rule_set = load_rule_set(rule_set_id)
    texts = all_texts(rule_set)
    assert len(texts) > 40
    for where, text in texts:
        assert text.id.strip(), f"{rule_set_id} {where}: Indonesian text is empty"
        assert text.en.strip(), f"{rule_set_id} {where}: English text is empty"
        assert text.id != text.en, f"{rule_set_id} {where}: not translated"


@pytest.mark.parametrize("rule_set_id", SHIPPED)
def test_every_rule_has_texts_and_a_fix_for_every_problem(rule_set_id: str) -> None:
    for rule in load_rule_set(rule_set_id).rules:
        assert rule.text.id.strip() and rule.text.en.strip()
        for name, case in rule.cases.items():
            assert case.text.id.strip() and case.text.en.strip(), (rule.id, name)
            if name != "ok":
                assert case.fix is not None, (rule.id, name)
                assert case.fix.id.strip() and case.fix.en.strip(), (rule.id, name)


@pytest.mark.parametrize("rule_set_id", SHIPPED)
def test_every_case_renders_with_its_placeholders(rule_set_id: str) -> None:
    for rule in load_rule_set(rule_set_id).rules:
        for name, case in rule.cases.items():
            values = {key: f"<{key}>" for key in CASES[rule.type][name]}
            for text in filter(None, (case.text, case.fix)):
                for language in ("id", "en"):
                    rendered = getattr(text, language).format_map(values)
                    assert "{" not in rendered and "}" not in rendered, (rule.id, name, language)


@pytest.mark.parametrize("rule_set_id", SHIPPED)
def test_readiness_items_match_the_readiness_fields(rule_set_id: str) -> None:
    fields = [f.name for f in dataclasses.fields(Readiness)]
    assert [i.field for i in load_rule_set(rule_set_id).readiness_items] == fields


@pytest.mark.parametrize("rule_set_id", SHIPPED)
def test_nine_registration_steps_and_some_benefits(rule_set_id: str) -> None:
    rule_set = load_rule_set(rule_set_id)
    assert len(rule_set.registration_steps) == 9
    assert len(rule_set.benefits) >= 2


@pytest.mark.parametrize("rule_set_id", SHIPPED)
def test_excluded_positions_cover_every_group(rule_set_id: str) -> None:
    rule_set = load_rule_set(rule_set_id)
    assert [p.code for p in rule_set.excluded_positions] == [
        "state_official", "dpr_dprd", "asn", "tni", "polri", "village_head", "village_official", "soe_board",
    ]
    assert rule_set.position("tni") is not None
    assert rule_set.position("none") is None


def test_2023_registration_steps_mention_what_to_prepare() -> None:
    steps = [s.id for s in load_rule_set("2023").registration_steps]
    assert "email" in steps[0]
    assert "OTP" in steps[5] and "6 bulan" in steps[5]
    assert "BNI" in steps[8] and "DANA" in steps[8]


def test_localized_text_follows_the_language() -> None:
    from prakerja_desktop.i18n import set_language

    text = LocalizedText(id="Umur {age} tahun", en="Age {age}")
    try:
        assert text.current(age=20) == "Umur 20 tahun"
        set_language("en")
        assert text.current(age=20) == "Age 20"
    finally:
        set_language("id")


def test_loaded_cases_cannot_be_changed() -> None:
    rule = load_rule_set("2023").rule("age")
    with pytest.raises(TypeError):
        rule.cases["ok"] = rule.cases["missing"]  # type: ignore[index]


# --- broken files ---------------------------------------------------------------------------------------


def test_broken_toml_names_the_file(tmp_path: Path) -> None:
    path = write_set(tmp_path, 'format = 1\nid = "2023"\n[[rules]\nid = "x"\n')
    with pytest.raises(RuleSetError) as caught:
        load_rule_set_file(path)
    assert str(path) in str(caught.value)
    assert "penulisan TOML salah" in str(caught.value)
    assert caught.value.line == 3  # the broken table header


def test_broken_file_in_the_folder_fails_the_listing(tmp_path: Path) -> None:
    write_set(tmp_path, shipped_text("2023"))
    write_set(tmp_path, "this is = = not toml", name="2024")
    with pytest.raises(RuleSetError, match=r"2024\.toml, baris 1: penulisan TOML salah"):
        available_rule_sets(tmp_path)


def test_missing_file_is_a_rule_set_error(tmp_path: Path) -> None:
    with pytest.raises(RuleSetError, match="tidak bisa dibaca"):
        load_rule_set_file(tmp_path / "2023.toml")


def test_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(RuleSetError, match="tidak ada berkas aturan"):
        load_rule_set(directory=tmp_path)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'type = "age_range"',
            'type = "age_between"',
            r"rules\[1\] \(age\)\.type: jenis aturan tidak dikenal 'age_between'",
        ),
        ('type = "kk_limit"', "type = 3", r"rules\[5\] \(kk_limit\)\.type: jenis aturan tidak dikenal 3"),
        ("min = 18\n", "min = 18\nmaks = 70\n", r"parameter tidak dikenal \['maks'\] untuk age_range"),
        ("min = 18\n", "min = 70\n", "min >= 0 dan max >= min"),
        ("min = 18\n", 'min = "18"\n', "min >= 0 dan max >= min"),
        ("max = 2\n", "max = 0\n", r"kk_limit\)\.params\.max: kk_limit memerlukan bilangan bulat max >= 1"),
        ('id = "2023"\n', 'id = "2024"\n', "'2024' harus sama dengan nama berkas '2023'"),
        ("format = 1\n", "format = 2\n", r"format: harus 1 \(tertulis 2\)"),
        ("valid_from = 2023-01-01\n", 'valid_from = "2023-01-01"\n', "valid_from: harus tanggal"),
        (
            "{age} tahun: sesuai",
            "{umur} tahun: sesuai",
            r"cases\.ok\.id: isian tidak dikenal \['umur'\]",
        ),
        ("{age} tahun: sesuai", "{age tahun: sesuai", r"cases\.ok\.id: isian \{…\} rusak"),
        ('en = "Aged 18 to 64."\n', "", r"rules\[1\] \(age\)\.text\.en: harus berisi teks"),
        ('en = "Aged 18 to 64."\n', 'en = "  "\n', r"rules\[1\] \(age\)\.text\.en: harus berisi teks"),
        ('field = "has_ektp"', 'field = "has_ktp"', r"readiness: harus menyebut setiap isian Readiness satu kali"),
        ('id = "not_prior_recipient"', 'id = "citizen"', "id aturan harus unik"),
        ('code = "polri"', 'code = "tni"', "kode harus unik"),
        ('code = "polri"', 'code = "none"', "kode harus unik dan bukan 'none'"),
    ],
)
def test_malformed_rule_set_is_a_clear_error(tmp_path: Path, old: str, new: str, message: str) -> None:
    text = shipped_text("2023")
    assert old in text  # the test edits something that is really there
    path = write_set(tmp_path, text.replace(old, new, 1))
    with pytest.raises(RuleSetError, match=message) as caught:
        load_rule_set_file(path)
    assert str(caught.value).startswith(str(path))


def test_missing_fix_for_a_problem_case(tmp_path: Path) -> None:
    text = shipped_text("2023")
    old = (
        'fix.id = "Isi tanggal lahir persis seperti di KTP."\n'
        'fix.en = "Enter the date of birth exactly as on the KTP."\n'
    )
    assert old in text
    path = write_set(tmp_path, text.replace(old, ""))
    with pytest.raises(RuleSetError, match=r"cases\.missing\.fix: wajib ada"):
        load_rule_set_file(path)


def test_missing_case(tmp_path: Path) -> None:
    text = shipped_text("2023")
    start = text.index("[rules.cases.implausible]")
    end = text.index("# ----", start)
    path = write_set(tmp_path, text[:start] + text[end:])
    with pytest.raises(RuleSetError, match=r"age\)\.cases: harus menjelaskan tepat .*'implausible'"):
        load_rule_set_file(path)


def test_too_old_case_without_upper_limit(tmp_path: Path) -> None:
    path = write_set(tmp_path, shipped_text("2023").replace("max = 64\n", "", 1))
    with pytest.raises(RuleSetError, match=r"cases: harus menjelaskan tepat"):
        load_rule_set_file(path)


def test_listing_is_ordered_by_valid_from_not_by_file_name(tmp_path: Path) -> None:
    write_set(tmp_path, shipped_text("2023"))
    write_set(
        tmp_path,
        shipped_text("2023").replace('id = "2023"', 'id = "a2024"', 1).replace("2023-01-01", "2022-01-01", 1),
        name="a2024",
    )
    assert [s.id for s in available_rule_sets(tmp_path)] == ["a2024", "2023"]
    assert load_rule_set(directory=tmp_path).id == "2023"


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    path = write_set(tmp_path, shipped_text("2023"))
    assert load_rule_set_file(path).valid_from == date(2023, 1, 1)
    write_set(tmp_path, shipped_text("2023").replace("valid_from = 2023-01-01", "valid_from = 2023-07-15"))
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    assert load_rule_set_file(path).valid_from == date(2023, 7, 15)


# --- robustness: whatever the data, only RuleSetError ---------------------------------------------------

_RAW = tomllib.loads(shipped_text("2021"))
_LEAVES = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 200), st.text(max_size=12), st.dates(),
    st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
    st.sampled_from(["{age}", "{", "age_range", "none", "has_ektp"]),
)


def _paths(value: object, prefix: tuple = ()) -> list[tuple]:
    """Every key path into a nested dict/list structure."""
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


_ALL_PATHS = _paths(_RAW)


def test_the_mutation_test_has_a_valid_starting_point(tmp_path: Path) -> None:
    assert parse_rule_set(copy.deepcopy(_RAW), tmp_path / "2021.toml").id == "2021"
    assert len(_ALL_PATHS) > 200


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    edits=st.lists(
        st.tuples(st.sampled_from(_ALL_PATHS), st.one_of(st.just("<delete>"), _LEAVES)),
        min_size=1,
        max_size=3,
    )
)
def test_any_damage_gives_a_rule_set_error_or_a_valid_set(edits: list[tuple[tuple, object]]) -> None:
    data = copy.deepcopy(_RAW)
    for path, value in edits:
        parent = data
        try:
            for key in path[:-1]:
                parent = parent[key]
            if value == "<delete>":
                del parent[path[-1]]
            else:
                parent[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue  # an earlier edit removed or replaced this part
    try:
        rule_set = parse_rule_set(data, Path("2021.toml"))
    except RuleSetError as exc:
        assert str(exc).startswith("2021.toml: ")
    else:
        assert isinstance(rule_set, RuleSet)
        for rule in rule_set.rules:
            assert set(rule.cases) <= set(CASES[rule.type])


@given(
    st.text(alphabet=string.ascii_lowercase + "_", min_size=1, max_size=20).filter(
        lambda t: t not in {r.value for r in RuleType}
    )
)
def test_any_unknown_rule_type_is_rejected(rule_type: str) -> None:
    data = copy.deepcopy(_RAW)
    data["rules"][0]["type"] = rule_type
    with pytest.raises(RuleSetError, match=f"jenis aturan tidak dikenal '{rule_type}'"):
        parse_rule_set(data, Path("2021.toml"))
