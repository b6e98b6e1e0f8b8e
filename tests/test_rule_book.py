"""Rule sets as data: check, import, take effect from a date, switch back; the wizard and `check` agree."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from prakerja_desktop.app import App
from prakerja_desktop.domain import flow
from prakerja_desktop.domain.applicant import Draft
from prakerja_desktop.domain.eligibility import Outcome, age_finding
from prakerja_desktop.domain.rules import RuleSetError, key_lines, load_rule_set
from prakerja_desktop.errors import UserInputError
from prakerja_desktop.storage.models import AuditEvent
from tests.batch_files import person, result_rows, write_csv
from tests.conftest import ROOT
from tests.factories import make_applicant
from tests.test_cli import run

SHIPPED = ROOT / "resources" / "rules" / "2023.toml"
TODAY = date.today()  # the rule book decides by today's date, as in use
BIRTH_62 = date(TODAY.year - 62, 1, 1) if TODAY >= date(TODAY.year, 1, 2) else date(TODAY.year - 63, 1, 1)


def lowered_copy(folder: Path, *, max_age: int = 60, rule_set_id: str = "2023-uji",
                 valid_from: str = "2023-01-01", name: str = "aturan-baru.toml") -> Path:
    """A copy of the shipped 2023 set with another id and the upper age limit lowered."""
    text = SHIPPED.read_text(encoding="utf-8")
    for old, new in (('id = "2023"\n', f'id = "{rule_set_id}"\n'), ("max = 64\n", f"max = {max_age}\n"),
                     ("valid_from = 2023-01-01\n", f"valid_from = {valid_from}\n")):
        assert old in text
        text = text.replace(old, new, 1)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def audit_actions(app: App) -> list[str]:
    with app.db.read() as session:
        return [e.action for e in session.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars()]


def wizard_outcome(app: App) -> tuple[Outcome, str, str]:
    """What the wizard computes for a 62-year-old: the pre-check, the age rule's case, the identity step's note."""
    draft = Draft(applicant=make_applicant(birth=BIRTH_62), step="review")
    result = app.records.precheck(draft, TODAY)
    finding = age_finding(app.rule_set, BIRTH_62, TODAY)
    return result.outcome, result.reason("age").code, finding.code


def test_the_62_year_old_is_eligible_under_the_shipped_rules(app: App) -> None:
    assert app.rule_set.id == "2023"
    assert wizard_outcome(app) == (Outcome.ELIGIBLE, "age.ok", "identity.age")


def test_importing_a_lowered_age_limit_then_switching_back(app: App, tmp_path: Path) -> None:
    path = lowered_copy(tmp_path)
    checked = app.rules.check_file(path)
    assert checked.compared_with == "2023"
    assert "Aturan age: batas umur 18 sampai 64 \u2192 umur 18 sampai 60" in checked.differences
    assert app.rule_set.id == "2023"  # checking changes nothing

    app.rules.import_file(path)
    assert app.rule_set.id == "2023-uji"
    assert wizard_outcome(app) == (Outcome.NOT_ELIGIBLE, "age.too_old", "identity.age_too_old")
    assert "sampai 60 tahun" in app.records.precheck(
        Draft(applicant=make_applicant(birth=BIRTH_62)), TODAY).reason("age").text

    app.rules.use("2023")  # switch back: the earlier set stays available
    assert app.rule_set.id == "2023"
    assert wizard_outcome(app) == (Outcome.ELIGIBLE, "age.ok", "identity.age")
    assert {e.id for e in app.rules.entries()} >= {"2020", "2021", "2023", "2023-uji"}

    app.rules.use(None)  # the dates decide again: the import is the newest of its date
    assert app.rule_set.id == "2023-uji"
    actions = audit_actions(app)
    assert actions.count("rules.imported") == 1 and actions.count("rules.chosen") == 2


def test_the_imported_set_survives_a_restart(app: App, data_dir: Path, tmp_path: Path) -> None:
    app.rules.import_file(lowered_copy(tmp_path))
    again = App.open(data_dir)
    try:
        assert again.rule_set.id == "2023-uji"
        assert load_rule_set("2023-uji").rule("age").params.max == 60  # records checked under it stay explainable
    finally:
        again.close()


def test_a_future_rule_set_waits_for_its_date(app: App, tmp_path: Path) -> None:
    later = (TODAY + timedelta(days=30)).isoformat()
    app.rules.import_file(lowered_copy(tmp_path, valid_from=later))
    assert app.rule_set.id == "2023"
    assert app.rules.active(TODAY + timedelta(days=30)).id == "2023-uji"
    with pytest.raises(UserInputError, match="baru berlaku mulai"):
        app.rules.use("2023-uji")


def test_an_invalid_file_is_refused_with_its_line_and_nothing_changes(app: App, tmp_path: Path) -> None:
    path = lowered_copy(tmp_path)
    text = path.read_text(encoding="utf-8")
    line = text.splitlines().index("max = 60") + 1
    path.write_text(text.replace("max = 60\n", "max = 10\n", 1), encoding="utf-8")  # max below min
    before = audit_actions(app)
    with pytest.raises(RuleSetError) as caught:
        app.rules.import_file(path)
    assert caught.value.line == line  # the line of the upper limit
    assert f"aturan-baru.toml, baris {line}: rules[1] (age).params.max:" in str(caught.value)
    assert "min >= 0 dan max >= min" in str(caught.value)
    assert app.rule_set.id == "2023" and audit_actions(app) == before
    assert "2023-uji" not in {e.id for e in app.rules.entries()}


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ('type = "kk_limit"', 'type = "kk_batas"', 'type = "kk_batas"'),
        ("{age} tahun: sesuai", "{umur} tahun: sesuai", "{umur} tahun: sesuai"),
        ('code = "polri"', 'code = "tni"', 'code = "tni"'),
        ("format = 1\n", "format = 2\n", "format = 2"),
    ],
)
def test_errors_name_the_line(tmp_path: Path, app: App, old: str, new: str, where: str) -> None:
    path = lowered_copy(tmp_path)
    text = path.read_text(encoding="utf-8").replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleSetError) as caught:
        app.rules.check_file(path)
    lines = text.splitlines()
    assert caught.value.line is not None
    assert where in lines[caught.value.line - 1]


def test_broken_toml_names_its_line(tmp_path: Path, app: App) -> None:
    path = tmp_path / "rusak.toml"
    path.write_text('format = 1\nid = "x"\nvalid_from = 2023-01-01\n[[rules]\n', encoding="utf-8")
    with pytest.raises(RuleSetError, match=r"rusak\.toml, baris 4: penulisan TOML salah") as caught:
        app.rules.check_file(path)
    assert caught.value.line == 4


def test_key_lines_follow_arrays_of_tables_and_skip_long_texts() -> None:
    lines = key_lines(SHIPPED.read_text(encoding="utf-8"))
    text = SHIPPED.read_text(encoding="utf-8").splitlines()
    assert text[lines["rules[1].params.max"] - 1] == "max = 64"
    assert text[lines["rules[5].params"] - 1] == "[rules.params]"
    assert text[lines["excluded_positions[2].code"] - 1] == 'code = "asn"'
    assert text[lines["readiness[0].field"] - 1] == 'field = "has_ektp"'


def test_an_id_taken_by_a_shipped_or_another_set_is_refused(app: App, tmp_path: Path) -> None:
    with pytest.raises(UserInputError, match="dipakai aturan bawaan"):
        app.rules.import_file(lowered_copy(tmp_path, rule_set_id="2023"))
    app.rules.import_file(lowered_copy(tmp_path))
    app.rules.import_file(lowered_copy(tmp_path))  # the same file again: nothing new
    with pytest.raises(UserInputError, match="tidak ditimpa"):
        app.rules.import_file(lowered_copy(tmp_path, max_age=59))


def test_a_file_that_is_not_text_or_too_big_is_a_clear_error(app: App, tmp_path: Path) -> None:
    binary = tmp_path / "foto.toml"
    binary.write_bytes(b"\xff\xd8\xff\xe0" * 10)
    with pytest.raises(UserInputError, match="bukan teks UTF-8"):
        app.rules.check_file(binary)
    with pytest.raises(UserInputError, match="tidak ditemukan"):
        app.rules.check_file(tmp_path / "tidak-ada.toml")


# --- the command line ------------------------------------------------------------------------------


def test_cli_check_import_use_and_the_batch_check_agree(tmp_path: Path) -> None:
    data = tmp_path / "data"
    village = write_csv(tmp_path / "desa.csv", [person("Tua", BIRTH_62, 1)])

    def batch_status() -> str:
        result = run("check", str(village), "--out", str(tmp_path / "hasil.xlsx"), "--no-db", env_data=data)
        assert result.returncode == 0, result.stderr
        return str(result_rows(tmp_path / "hasil.xlsx")[2][0])

    assert batch_status() == "siap"
    path = lowered_copy(tmp_path)
    result = run("rules", "check", str(path), env_data=data)
    assert result.returncode == 0, result.stderr
    assert "umur 18 sampai 64 \u2192 umur 18 sampai 60" in result.stdout

    result = run("rules", "import", str(path), env_data=data)  # no terminal and no --yes: refused
    assert result.returncode == 2 and "--yes" in result.stderr
    result = run("rules", "import", str(path), "--yes", env_data=data)
    assert result.returncode == 0, result.stderr
    assert "Berlaku sekarang: 2023-uji" in result.stdout
    assert batch_status() != "siap"
    notes = result_rows(tmp_path / "hasil.xlsx")[2][1]
    assert "60" in notes

    listing = run("rules", "list", env_data=data).stdout
    assert "* 2023-uji" in listing and "  2023 " in listing
    assert run("rules", "use", "2023", env_data=data).returncode == 0
    assert batch_status() == "siap"
    assert "* 2023 " in run("rules", "list", env_data=data).stdout


def test_cli_refuses_an_invalid_file_with_its_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    path = lowered_copy(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace('type = "age_range"', 'type = "umur"'), encoding="utf-8")
    result = run("rules", "import", str(path), "--yes", env_data=data)
    assert result.returncode == 2
    assert "Berkas aturan ditolak; tidak ada yang berubah." in result.stderr
    assert "baris " in result.stderr and "jenis aturan tidak dikenal 'umur'" in result.stderr
    assert "Traceback" not in result.stderr
    assert "* 2023 " in run("rules", "list", env_data=data).stdout


def test_cli_show_prints_each_rule_with_source_and_date(tmp_path: Path) -> None:
    result = run("rules", "show", "2023", env_data=tmp_path / "data")
    assert result.returncode == 0
    assert result.stdout.count("diperiksa 2026-12-07") == len(load_rule_set("2023").rules)
    assert run("rules", "show", "1999", env_data=tmp_path / "data").returncode == 2


def test_wizard_steps_follow_the_imported_set(app: App, tmp_path: Path) -> None:
    app.rules.import_file(lowered_copy(tmp_path))
    warnings = flow.all_warnings(make_applicant(birth=BIRTH_62), app.rule_set,
                                 app.records.step_facts(make_applicant(birth=BIRTH_62), TODAY))
    assert all(w.code != "identity.age" for w in warnings)  # no plain "fine" age line among warnings
    assert age_finding(app.rule_set, BIRTH_62, TODAY).message.count("60") >= 1


# --- the shipped 2023 rules, checked against public sources ------------------------------------------------


def test_every_2023_rule_names_its_source_and_the_date_it_was_checked() -> None:
    rule_set = load_rule_set("2023")
    assert rule_set.checked == date(2026, 12, 7)
    for rule in rule_set.rules:
        assert rule.source.strip() and "http" in rule.source, rule.id
        assert rule.checked == date(2026, 12, 7), rule.id


def test_in_school_names_madrasah_pesantren_kemenag_and_what_a_graduate_does() -> None:
    rule = load_rule_set("2023").rule("not_in_school")
    assert "madrasah" in rule.text.id and "pesantren" in rule.text.id
    assert "madrasah" in rule.cases["unanswered"].text.id  # the question as asked
    assert rule.note is not None
    for word in ("Kementerian Agama", "EMIS", "Dapodik", "PDDikti", "ijazah", "memperbarui status kelulusan"):
        assert word in rule.note.id, word


def test_previous_recipients_include_revoked_cards() -> None:
    rule = load_rule_set("2023").rule("not_prior_recipient")
    assert "dicabut" in rule.text.id and "dicabut" in rule.cases["not_met"].text.id
    assert "30 hari" in rule.cases["not_met"].text.id
    assert "revoked" in rule.text.en


def test_excluded_positions_name_leaders_and_members_of_parliament() -> None:
    rule_set = load_rule_set("2023")
    assert rule_set.position("dpr_dprd").label.id.startswith("Pimpinan/anggota")
    assert "pimpinan atau anggota DPR atau DPRD" in rule_set.rule("excluded_position").text.id


def test_the_age_rule_says_the_counting_date_is_not_published() -> None:
    rule = load_rule_set("2023").rule("age")
    assert rule.params.min == 18 and rule.params.max == 64
    assert rule.note is not None and "tidak mengumumkan tanggal pastinya" in rule.note.id
    assert "tidak mengumumkan pada tanggal apa umur dihitung" in rule.cases["too_young"].fix.id


def test_a_third_applicant_from_one_kk_is_a_warning_to_check_not_a_block(app: App) -> None:
    from prakerja_desktop.domain.eligibility import evaluate

    result = evaluate(app.rule_set, make_applicant(), today=TODAY, kk_recorded_count=2)
    assert result.reason("kk_limit").outcome is Outcome.NEEDS_CHECK and result.outcome is Outcome.NEEDS_CHECK
    assert "bukan pendaftar" in app.rule_set.rule("kk_limit").source


def test_three_accounts_lupa_akun_and_no_face_verification_apps() -> None:
    rule_set = load_rule_set("2023")
    steps = [s.id for s in rule_set.registration_steps]
    assert steps[0].startswith("Akun 1 dari 3: email") and "HP Anda sendiri" in steps[0]
    assert steps[1].startswith("Akun 2 dari 3") and "Lupa Password" in steps[1]
    assert "email, NIK atau nomor HP" in steps[1] and "Jangan pernah membuat akun kedua" in steps[1]
    assert "verifikasi wajah" in steps[4] and "diblokir" in steps[4]
    assert steps[7].startswith("Saat pendaftaran dibuka")  # no promise that a wave is open
    assert steps[8].startswith("Akun 3 dari 3") and "premium/terverifikasi" in steps[8]
    assert "nomor HP yang sama" in steps[8]
    items = {i.field: i for i in rule_set.readiness_items}
    assert "HP Anda sendiri" in items["email_inbox_ok"].label.id
    assert items["payout_account"].label.id.startswith("Akun 3 (nanti)")
    assert "nomor HP yang sama" in items["payout_account"].label.id


# --- whose "today": the office's time zone, not this computer's -------------------------------------------


def test_a_set_starting_at_midnight_wit_is_in_force_at_1530_utc_the_day_before(
        app: App, data_dir: Path, tmp_path: Path) -> None:
    start = TODAY + timedelta(days=30)
    app.settings.put("office_timezone", "WIT")
    app.rules.import_file(lowered_copy(tmp_path, valid_from=start.isoformat()))
    eve = datetime.combine(start - timedelta(days=1), time(15, 30))  # UTC: 00.30 WIT on the start day
    assert app.rules.office_today(eve) == start
    assert app.rules.active(now=eve).id == "2023-uji"
    assert app.rules.active(now=eve - timedelta(minutes=31)).id == "2023"  # 23.59 WIT the day before
    again = App.open(data_dir)  # the zone is read back with the rule sets
    try:
        assert again.rules.active(now=eve).id == "2023-uji"
    finally:
        again.close()
    app.settings.put("office_timezone", "WIB")  # 22.30 WIB: still the day before in Jakarta
    assert app.rules.active(now=eve).id == "2023"


def test_the_zone_follows_the_office_region_when_none_is_chosen(app: App, tmp_path: Path) -> None:
    start = TODAY + timedelta(days=30)
    app.rules.import_file(lowered_copy(tmp_path, valid_from=start.isoformat()))
    eve = datetime.combine(start - timedelta(days=1), time(16, 30))  # 00.30 WITA, 23.30 WIB
    assert app.rules.active(now=eve).id == "2023"  # no zone, no region: WIB
    app.settings.put("office_regency_code", "5171")  # Kota Denpasar: WITA
    assert app.rules.active(now=eve).id == "2023-uji"


# --- reports and staff views read the office's set in force, not the newest shipped one --------------------


def test_reports_use_the_rule_set_in_force(app: App, tmp_path: Path) -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    for old, new in (('id = "2023"\n', 'id = "2023-label"\n'),
                     ('label.id = """Akun 3 (nanti): rekening bank (BNI)', 'label.id = """Akun 3 (uji): rekening bank (BNI)')):
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / "label.toml"
    path.write_text(text, encoding="utf-8")
    app.records.submit(Draft(applicant=make_applicant()), today=TODAY)
    labels = [label for label, _n, _share in app.reports.build(date(2000, 1, 1), date(2100, 1, 1)).readiness_gaps]
    assert any(label.startswith("Akun 3 (nanti)") for label in labels)
    app.rules.import_file(path)
    assert app.rule_set.id == "2023-label"
    labels = [label for label, _n, _share in app.reports.build(date(2000, 1, 1), date(2100, 1, 1)).readiness_gaps]
    assert any(label.startswith("Akun 3 (uji)") for label in labels)
    assert not any(label.startswith("Akun 3 (nanti)") for label in labels)
