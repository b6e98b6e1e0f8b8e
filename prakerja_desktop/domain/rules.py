"""Kartu Prakerja rule sets: versioned TOML files in resources/rules/, loaded into typed dataclasses.

The programme's conditions change between years, so every fact (age limits, excluded positions, the
online steps, benefits) is data. This module only reads and validates it; eligibility.py applies it.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeGuard

from prakerja_desktop.domain.applicant import Readiness
from prakerja_desktop.i18n import _, pick
from prakerja_desktop.paths import resources_dir

logger = logging.getLogger(__name__)

FORMAT_VERSION = 1
LANGUAGES = ("id", "en")
NO_POSITION = "none"  # the excluded_position answer for "none of these"


class RuleSetError(ValueError):
    """A rule-set file is missing, unreadable or malformed; the message names the file, the line and the problem."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line  # the line of the file the problem is on, when known


class RuleType(StrEnum):
    """The kinds of rule the engine knows how to apply."""

    AGE_RANGE = "age_range"
    CITIZEN_REQUIRED = "citizen_required"
    NOT_IN_SCHOOL = "not_in_school"
    EXCLUDED_POSITION = "excluded_position"
    NOT_PRIOR_RECIPIENT = "not_prior_recipient"
    KK_LIMIT = "kk_limit"
    SOCIAL_ASSISTANCE = "social_assistance"


_QUESTION_CASES: dict[str, frozenset[str]] = {"ok": frozenset(), "not_met": frozenset(), "unanswered": frozenset()}

# Per rule type: the cases a file must describe, and the placeholders each case's texts may use.
CASES: dict[RuleType, dict[str, frozenset[str]]] = {
    RuleType.AGE_RANGE: {
        "ok": frozenset({"age", "min", "max"}),
        "too_young": frozenset({"age", "min", "eligible_from"}),
        "too_old": frozenset({"age", "max", "last_day"}),  # only when max is set
        "missing": frozenset({"min", "max"}),
        "implausible": frozenset({"min", "max"}),
    },
    RuleType.CITIZEN_REQUIRED: dict(_QUESTION_CASES),
    RuleType.NOT_IN_SCHOOL: dict(_QUESTION_CASES),
    RuleType.EXCLUDED_POSITION: {
        **_QUESTION_CASES,
        "not_met": frozenset({"position"}),
        "unknown": frozenset(),
    },
    RuleType.NOT_PRIOR_RECIPIENT: dict(_QUESTION_CASES),
    RuleType.KK_LIMIT: {
        "ok": frozenset({"count", "max"}),
        "limit_reached": frozenset({"count", "max"}),
        "unknown": frozenset({"max"}),
    },
    RuleType.SOCIAL_ASSISTANCE: {"check": frozenset({"programmes"})},
}
OK_CASE = "ok"  # the only case whose fix text may be left out


@dataclass(frozen=True, slots=True)
class LocalizedText:
    """A user-facing text in Bahasa Indonesia and English."""

    id: str
    en: str

    def as_dict(self) -> dict[str, str]:
        """The {"id": ..., "en": ...} mapping that i18n.pick() expects."""
        return {"id": self.id, "en": self.en}

    def current(self, **values: object) -> str:
        """The text in the current language with its placeholders filled in."""
        return pick(self.as_dict()).format_map(values)


@dataclass(frozen=True, slots=True)
class Case:
    """What to tell the person for one outcome of a rule, and what they can do about it."""

    text: LocalizedText
    fix: LocalizedText | None = None


@dataclass(frozen=True, slots=True)
class Labelled:
    """A code with a label in both languages (an excluded position, a social-assistance programme)."""

    code: str
    label: LocalizedText


@dataclass(frozen=True, slots=True)
class AgeRangeParams:
    """Age limits in whole years, both inclusive; max None means no upper limit."""

    min: int
    max: int | None = None


@dataclass(frozen=True, slots=True)
class KkLimitParams:
    """At most `max` recipients per family card."""

    max: int


@dataclass(frozen=True, slots=True)
class SocialAssistanceParams:
    """The social-assistance programmes whose recipients are excluded."""

    programmes: tuple[Labelled, ...]


RuleParams = AgeRangeParams | KkLimitParams | SocialAssistanceParams | None


@dataclass(frozen=True, slots=True)
class Rule:
    """One condition of a rule set."""

    id: str
    type: RuleType
    params: RuleParams
    text: LocalizedText  # the requirement itself, e.g. for the About screen
    cases: Mapping[str, Case]  # read-only: rule sets are cached and shared
    note: LocalizedText | None = None  # extra information shown when the rule is met
    source: str = ""  # where the rule comes from (a public page, a regulation), for staff and admins
    checked: date | None = None  # when someone last checked the rule against that source


@dataclass(frozen=True, slots=True)
class ReadinessItem:
    """One line of the readiness checklist, tied to a Readiness field."""

    field: str
    label: LocalizedText
    missing: LocalizedText  # what to do when it is not ready


@dataclass(frozen=True, slots=True)
class RuleSet:
    """A whole, validated rule-set file."""

    id: str
    name: LocalizedText
    valid_from: date
    source: str
    rules: tuple[Rule, ...]
    excluded_positions: tuple[Labelled, ...]
    registration_steps: tuple[LocalizedText, ...]
    readiness_items: tuple[ReadinessItem, ...]
    benefits: tuple[LocalizedText, ...]
    path: Path | None = None
    checked: date | None = None  # when the whole set was last checked against its sources

    def rule(self, rule_id: str) -> Rule:
        """The rule with this id (KeyError if there is none)."""
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def position(self, code: str) -> Labelled | None:
        """The excluded position with this code, or None."""
        return next((p for p in self.excluded_positions if p.code == code), None)


def rules_dir() -> Path:
    """The folder holding the shipped rule-set files."""
    return resources_dir() / "rules"


def available_rule_sets(directory: Path | None = None) -> list[RuleSet]:
    """Every rule set in the folder, oldest first (by valid_from)."""
    folder = directory or rules_dir()
    # Ids are unique because each must equal its file name (checked by the parser).
    sets = [load_rule_set_file(path) for path in sorted(folder.glob("*.toml"))]
    return sorted(sets, key=lambda s: s.valid_from)


def load_rule_set(rule_set_id: str | None = None, *, directory: Path | None = None) -> RuleSet:
    """The rule set with this id, or the newest by valid_from when the id is None."""
    sets = available_rule_sets(directory)
    if not sets:
        raise RuleSetError(_("{folder}: tidak ada berkas aturan (*.toml)").format(folder=directory or rules_dir()))
    if rule_set_id is None:
        return sets[-1]
    for rule_set in sets:
        if rule_set.id == rule_set_id:
            return rule_set
    if directory is None and rule_set_id in _imported:
        return _imported[rule_set_id]
    known = ", ".join(s.id for s in sets)
    raise RuleSetError(_("{folder}: tidak ada kumpulan aturan {id} (yang ada: {known})").format(
        folder=directory or rules_dir(), id=repr(rule_set_id), known=known))


def rule_set_for_date(day: date, *, directory: Path | None = None) -> RuleSet:
    """The rule set in force on this day: the newest whose valid_from is not after it."""
    in_force = [s for s in available_rule_sets(directory) if s.valid_from <= day]
    if not in_force:
        raise RuleSetError(_("{folder}: tidak ada kumpulan aturan yang berlaku pada {day}").format(
            folder=directory or rules_dir(), day=day.isoformat()))
    return in_force[-1]


_cache: dict[Path, tuple[tuple[int, int], RuleSet]] = {}
# Rule sets an administrator imported (kept in the office database; the rule-book room registers them
# here so that a record checked under one can still be explained by load_rule_set(its id)).
_imported: dict[str, RuleSet] = {}


def register_imported(sets: list[RuleSet]) -> None:
    """Make these imported rule sets findable by load_rule_set(id) (replaces the earlier list)."""
    _imported.clear()
    _imported.update({s.id: s for s in sets})


def load_rule_set_file(path: Path) -> RuleSet:
    """Read and validate one rule-set file (cached until the file changes)."""
    path = Path(path)
    try:
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
        cached = _cache.get(path)
        if cached and cached[0] == stamp:
            return cached[1]
        text = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise RuleSetError(_("{path}: berkas tidak bisa dibaca ({problem})").format(
            path=path, problem=exc.strerror or exc)) from exc
    except UnicodeDecodeError as exc:
        raise RuleSetError(_("{path}: berkas ini bukan teks UTF-8").format(path=path)) from exc
    rule_set = parse_rule_set_text(text, path)
    _cache[path] = (stamp, rule_set)
    return rule_set


def parse_rule_set_text(text: str, path: Path, *, check_file_name: bool = True) -> RuleSet:
    """Read and validate a rule set from its TOML text; errors name `path` and the line.

    check_file_name: the id must equal the file name (shipped files); an imported file may be called anything.
    """
    path = Path(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"at line (\d+)", str(exc))
        line = int(found.group(1)) if found else None
        where = _("baris {line}").format(line=line) if line else ""
        raise RuleSetError(_("{path}, {where}: penulisan TOML salah ({problem})").format(
            path=path, where=where, problem=exc), line) from exc
    return _Parser(path, key_lines(text), check_file_name).rule_set(data)


def parse_rule_set(data: dict[str, Any], path: Path) -> RuleSet:
    """Validate an already-read TOML mapping; `path` names the file in error messages (no line numbers)."""
    return _Parser(Path(path)).rule_set(data)


_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\[\]#]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_.\-\" ]+?)\s*=(.*)$")


def key_lines(text: str) -> dict[str, int]:
    """Where each table and key starts: "rules[1].params.max" -> its line number (1-based).

    The names follow the parser's error paths, so an error can say its line. Multi-line strings are
    skipped; inline tables and arrays count as the line of their key.
    """
    lines: dict[str, int] = {}
    counts: dict[str, int] = {}
    table = ""
    closing: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if closing is not None:
            if line.count(closing) % 2 == 1:
                closing = None
            continue
        header = _HEADER.match(line)
        if header:
            parts = [p.strip().strip('"') for p in header.group(2).split(".")]
            table = ""
            for index, part in enumerate(parts):
                name = f"{table}.{part}" if table else part
                if header.group(1) == "[[" and index == len(parts) - 1:
                    counts[name] = counts.get(name, -1) + 1
                    lines.setdefault(name, number)  # the array itself: its first entry
                table = f"{name}[{counts[name]}]" if name in counts else name
                lines.setdefault(table, number)
            continue
        key = _KEY.match(line)
        if key and not line.lstrip().startswith("#"):
            path = table
            for part in (p.strip().strip('"') for p in key.group(1).split(".")):
                path = f"{path}.{part}" if path else part
                lines.setdefault(path, number)
            for quotes in ('"""', "'''"):
                if key.group(2).count(quotes) % 2 == 1:
                    closing = quotes
    return lines


def _line_of(lines: dict[str, int], where: str) -> int | None:
    """The line of an error path such as "rules[5] (kk_limit).params.max", or of its nearest parent."""
    path = re.sub(r" \([^)]*\)", "", where).removeprefix("top level").lstrip(".")
    while path:
        if path in lines:
            return lines[path]
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else ""
    return None


class _Parser:
    """Turns the raw TOML mapping into dataclasses, naming the file and the key in every error."""

    def __init__(self, path: Path, lines: dict[str, int] | None = None, check_file_name: bool = True) -> None:
        self.path = path
        self.lines = lines or {}
        self.check_file_name = check_file_name

    def fail(self, where: str, problem: str) -> RuleSetError:
        """An error naming the file, the line (when known), the place in it and the problem."""
        line = _line_of(self.lines, where)
        if line is None:
            return RuleSetError(f"{self.path}: {where}: {problem}")
        return RuleSetError(_("{path}, baris {line}: {where}: {problem}").format(
            path=self.path, line=line, where=where, problem=problem), line)

    def table(self, data: Any, where: str) -> dict[str, Any]:
        """A TOML table, or an error."""
        if not isinstance(data, dict):
            raise self.fail(where, _("harus berupa tabel"))
        return data

    def string(self, data: dict[str, Any], key: str, where: str) -> str:
        """A required non-empty string."""
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{where}.{key}", _("harus berisi teks, tidak boleh kosong"))
        return value

    def array(
        self, data: dict[str, Any], key: str, where: str, *, required: bool = True
    ) -> list[dict[str, Any]]:
        """An array of tables; a required one must not be empty."""
        value = data.get(key, None if required else [])
        if not isinstance(value, list) or (required and not value):
            problem = _("harus berupa daftar tabel yang tidak kosong") if required else _("harus berupa daftar tabel")
            raise self.fail(f"{where}{key}", problem)
        return [self.table(item, f"{where}{key}[{i}]") for i, item in enumerate(value)]

    def text(self, data: Any, where: str, allowed: frozenset[str] = frozenset()) -> LocalizedText:
        """A text in every language, whose placeholders are all in `allowed`."""
        table = self.table(data, where)
        for language in LANGUAGES:
            value = self.string(table, language, where)
            try:
                names = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
            except ValueError as exc:
                raise self.fail(f"{where}.{language}", _("isian {{…}} rusak ({problem})").format(problem=exc)) from exc
            unknown = names - allowed
            if unknown:
                raise self.fail(f"{where}.{language}", _("isian tidak dikenal {unknown}; yang boleh di sini: "
                                                         "{allowed}").format(unknown=sorted(unknown),
                                                                             allowed=sorted(allowed) or "-"))
        return LocalizedText(id=table["id"], en=table["en"])

    def labelled(self, data: dict[str, Any], where: str, label_key: str | None) -> Labelled:
        """A {code, label} pair; the label is data[label_key] or, with None, data itself."""
        code = self.string(data, "code", where)
        label = self.text(data.get(label_key) if label_key else data, f"{where}.{label_key or 'label'}")
        return Labelled(code=code, label=label)

    def rule_set(self, data: dict[str, Any]) -> RuleSet:
        """The whole file."""
        if data.get("format") != FORMAT_VERSION:
            raise self.fail("format", _("harus {expected} (tertulis {found})").format(
                expected=FORMAT_VERSION, found=repr(data.get("format"))))
        rule_set_id = self.string(data, "id", "top level")
        if self.check_file_name and rule_set_id != self.path.stem:
            raise self.fail("id", _("{id} harus sama dengan nama berkas {name}").format(
                id=repr(rule_set_id), name=repr(self.path.stem)))
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,39}", rule_set_id):
            raise self.fail("id", _("hanya huruf, angka, titik, garis bawah dan tanda minus (paling banyak 40)"))
        valid_from = self.day(data, "valid_from", "valid_from", required=True)
        assert valid_from is not None  # required=True raised otherwise
        positions = tuple(
            self.labelled(p, f"excluded_positions[{i}]", "label")
            for i, p in enumerate(self.array(data, "excluded_positions", "", required=False))
        )
        codes = [p.code for p in positions]
        if NO_POSITION in codes or len(set(codes)) != len(codes):
            bad = next(i for i, c in enumerate(codes) if c == NO_POSITION or c in codes[:i])
            raise self.fail(f"excluded_positions[{bad}].code", _("kode harus unik dan bukan {none}").format(none=repr(NO_POSITION)))
        rules = tuple(self.rule(r, f"rules[{i}]") for i, r in enumerate(self.array(data, "rules", "")))
        ids = [r.id for r in rules]
        if len(set(ids)) != len(ids):
            raise self.fail(f"rules[{next(i for i, r in enumerate(ids) if r in ids[:i])}].id", _("id aturan harus unik (tertulis {ids})").format(ids=ids))
        if any(r.type is RuleType.EXCLUDED_POSITION for r in rules) and not positions:
            raise self.fail("excluded_positions", _("aturan excluded_position memerlukan daftar yang tidak kosong"))
        steps = tuple(
            self.text(s, f"registration_steps[{i}]")
            for i, s in enumerate(self.array(data, "registration_steps", ""))
        )
        benefits = tuple(
            self.text(b, f"benefits[{i}]") for i, b in enumerate(self.array(data, "benefits", ""))
        )
        return RuleSet(
            id=rule_set_id,
            name=self.text(data.get("name"), "name"),
            valid_from=valid_from,
            source=self.string(data, "source", "top level"),
            rules=rules,
            excluded_positions=positions,
            registration_steps=steps,
            readiness_items=self.readiness(self.array(data, "readiness", "")),
            benefits=benefits,
            path=self.path,
            checked=self.day(data, "checked", "checked"),
        )

    def day(self, data: dict[str, Any], key: str, where: str, *, required: bool = False) -> date | None:
        """A TOML date (not a date-time); optional ones may be left out."""
        value = data.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, date) or hasattr(value, "hour"):
            raise self.fail(where, _("harus tanggal, misalnya 2023-01-01"))
        return value

    def rule(self, data: dict[str, Any], where: str) -> Rule:
        """One [[rules]] entry."""
        rule_id = self.string(data, "id", where)
        where = f"{where} ({rule_id})"
        raw_type = data.get("type")
        try:
            rule_type = RuleType(str(raw_type))
        except ValueError:
            known = ", ".join(t.value for t in RuleType)
            raise self.fail(f"{where}.type", _("jenis aturan tidak dikenal {type} (yang dikenal: {known})").format(
                type=repr(raw_type), known=known)) from None
        params = self.params(rule_type, self.table(data.get("params", {}), f"{where}.params"), where)
        expected = dict(CASES[rule_type])
        if isinstance(params, AgeRangeParams) and params.max is None:
            # Without an upper limit there is no "too old" and no {max} to show.
            expected.pop("too_old")
            expected = {name: allowed - {"max"} for name, allowed in expected.items()}
        raw_cases = self.table(data.get("cases"), f"{where}.cases")
        if set(raw_cases) != set(expected):
            raise self.fail(f"{where}.cases", _("harus menjelaskan tepat {expected} (tertulis {found})").format(
                expected=sorted(expected), found=sorted(raw_cases)))
        cases = MappingProxyType(
            {
                name: self.case(raw_cases[name], f"{where}.cases.{name}", name, allowed)
                for name, allowed in expected.items()
            }
        )
        note = self.text(data["note"], f"{where}.note") if "note" in data else None
        source = self.string(data, "source", where) if "source" in data else ""
        return Rule(rule_id, rule_type, params, self.text(data.get("text"), f"{where}.text"), cases, note,
                    source, self.day(data, "checked", f"{where}.checked"))

    def case(self, data: Any, where: str, name: str, allowed: frozenset[str]) -> Case:
        """One outcome's text and fix; only the ok case may leave out its fix."""
        table = self.table(data, where)
        text = self.text(table, where, allowed)
        if "fix" not in table:
            if name != OK_CASE:
                raise self.fail(f"{where}.fix", _("wajib ada (apa yang bisa dilakukan orang itu)"))
            return Case(text)
        return Case(text, self.text(table["fix"], f"{where}.fix", allowed))

    def params(self, rule_type: RuleType, data: dict[str, Any], where: str) -> RuleParams:
        """The typed parameters of a rule; unknown keys are errors (they are usually typos)."""
        allowed = {
            RuleType.AGE_RANGE: {"min", "max"},
            RuleType.KK_LIMIT: {"max"},
            RuleType.SOCIAL_ASSISTANCE: {"programmes"},
        }.get(rule_type, set())
        unknown = set(data) - allowed
        if unknown:
            raise self.fail(f"{where}.params", _("parameter tidak dikenal {unknown} untuk {type}").format(
                unknown=sorted(unknown), type=rule_type.value))
        if rule_type is RuleType.AGE_RANGE:
            low, high = data.get("min"), data.get("max")
            if not _is_int(low) or low < 0 or (high is not None and (not _is_int(high) or high < low)):
                key = "min" if not _is_int(low) or low < 0 else "max"  # the line to point at
                raise self.fail(f"{where}.params.{key}",
                                _("age_range memerlukan bilangan bulat min >= 0 dan max >= min"))
            return AgeRangeParams(min=low, max=high)
        if rule_type is RuleType.KK_LIMIT:
            if not _is_int(data.get("max")) or data["max"] < 1:
                raise self.fail(f"{where}.params.max", _("kk_limit memerlukan bilangan bulat max >= 1"))
            return KkLimitParams(max=data["max"])
        if rule_type is RuleType.SOCIAL_ASSISTANCE:
            items = self.array(data, "programmes", f"{where}.params.")
            return SocialAssistanceParams(
                tuple(self.labelled(p, f"{where}.params.programmes[{i}]", None) for i, p in enumerate(items))
            )
        return None

    def readiness(self, items: list[dict[str, Any]]) -> tuple[ReadinessItem, ...]:
        """The checklist; it must name every Readiness field exactly once."""
        parsed = tuple(
            ReadinessItem(
                field=self.string(item, "field", f"readiness[{i}]"),
                label=self.text(item.get("label"), f"readiness[{i}].label"),
                missing=self.text(item.get("missing"), f"readiness[{i}].missing"),
            )
            for i, item in enumerate(items)
        )
        names = [item.field for item in parsed]
        expected = [f.name for f in dataclasses.fields(Readiness)]
        if sorted(names) != sorted(expected):
            raise self.fail("readiness", _("harus menyebut setiap isian Readiness satu kali: {expected} "
                                           "(tertulis {found})").format(expected=expected, found=names))
        return parsed


def _is_int(value: object) -> TypeGuard[int]:
    """True for a TOML integer (bool is an int in Python, but not here)."""
    return isinstance(value, int) and not isinstance(value, bool)
