"""A readable difference between two rule sets: which rules, limits and texts change (no database)."""

from __future__ import annotations

from collections.abc import Iterable

from prakerja_desktop.domain.rules import (
    AgeRangeParams,
    KkLimitParams,
    Labelled,
    LocalizedText,
    Rule,
    RuleParams,
    RuleSet,
    SocialAssistanceParams,
)
from prakerja_desktop.i18n import _


def _short(text: str, limit: int = 90) -> str:
    """A text shortened to one line for the difference list."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _params(params: RuleParams) -> str:
    """A rule's limits in words."""
    if isinstance(params, AgeRangeParams):
        upper = str(params.max) if params.max is not None else _("tanpa batas atas")
        return _("umur {min} sampai {max}").format(min=params.min, max=upper)
    if isinstance(params, KkLimitParams):
        return _("paling banyak {max} per KK").format(max=params.max)
    if isinstance(params, SocialAssistanceParams):
        return ", ".join(p.code for p in params.programmes)
    return ""


def _text_changes(label: str, old: LocalizedText | None, new: LocalizedText | None) -> list[str]:
    """One line per language whose text differs."""
    if old == new:
        return []
    if old is None or new is None:
        state = _("ditambahkan") if old is None else _("dihapus")
        return [f"{label}: {state}" + (f": \u201c{_short(new.id)}\u201d" if new else "")]
    lines = []
    for language, before, after in (("id", old.id, new.id), ("en", old.en, new.en)):
        if before != after:
            lines.append(f"{label} [{language}]: \u201c{_short(before)}\u201d \u2192 \u201c{_short(after)}\u201d")
    return lines


def _rule_changes(old: Rule, new: Rule) -> list[str]:
    """What changed in one rule kept under the same id."""
    name = _("Aturan {id}").format(id=new.id)
    lines = []
    if old.type is not new.type:
        lines.append(_("{name}: jenis {old} \u2192 {new}").format(name=name, old=old.type.value, new=new.type.value))
    if old.params != new.params:
        lines.append(_("{name}: batas {old} \u2192 {new}").format(
            name=name, old=_params(old.params), new=_params(new.params)))
    lines += _text_changes(_("{name}, syarat").format(name=name), old.text, new.text)
    lines += _text_changes(_("{name}, catatan").format(name=name), old.note, new.note)
    for case in sorted(set(old.cases) | set(new.cases)):
        before, after = old.cases.get(case), new.cases.get(case)
        where = _("{name}, keadaan {case}").format(name=name, case=case)
        lines += _text_changes(where, before.text if before else None, after.text if after else None)
        lines += _text_changes(where + " (" + _("saran") + ")", before.fix if before else None,
                               after.fix if after else None)
    if old.source != new.source:
        lines.append(_("{name}: sumber diubah").format(name=name))
    return lines


def _list_changes(label: str, old: Iterable[LocalizedText], new: Iterable[LocalizedText]) -> list[str]:
    """Texts of a numbered list (steps, benefits) that were changed, added or removed."""
    before, after = list(old), list(new)
    lines = []
    for number in range(max(len(before), len(after))):
        lines += _text_changes(f"{label} {number + 1}", before[number] if number < len(before) else None,
                               after[number] if number < len(after) else None)
    return lines


def _labelled_changes(label: str, old: Iterable[Labelled], new: Iterable[Labelled]) -> list[str]:
    """Codes added or removed, and labels changed."""
    before, after = {p.code: p.label for p in old}, {p.code: p.label for p in new}
    lines = []
    for code in sorted(set(before) | set(after)):
        lines += _text_changes(f"{label} {code}", before.get(code), after.get(code))
    return lines


def differences(old: RuleSet, new: RuleSet) -> list[str]:
    """Every difference from OLD to NEW, one line each, most important first (empty: the same rules)."""
    lines: list[str] = []
    if old.valid_from != new.valid_from:
        lines.append(_("Berlaku mulai: {old} \u2192 {new}").format(old=old.valid_from.isoformat(),
                                                                  new=new.valid_from.isoformat()))
    old_rules, new_rules = {r.id: r for r in old.rules}, {r.id: r for r in new.rules}
    for rule_id in new_rules.keys() - old_rules.keys():
        rule = new_rules[rule_id]
        lines.append(_("Aturan baru {id} ({type}): {text}").format(
            id=rule_id, type=rule.type.value, text=_short(rule.text.current())))
    for rule_id in old_rules.keys() - new_rules.keys():
        lines.append(_("Aturan dihapus: {id}").format(id=rule_id))
    for rule_id in (r.id for r in new.rules if r.id in old_rules):
        lines += _rule_changes(old_rules[rule_id], new_rules[rule_id])
    lines += _labelled_changes(_("Jabatan yang dikecualikan"), old.excluded_positions, new.excluded_positions)
    lines += _list_changes(_("Langkah pendaftaran"), old.registration_steps, new.registration_steps)
    lines += _list_changes(_("Manfaat"), old.benefits, new.benefits)
    old_ready = {i.field: i for i in old.readiness_items}
    for item in new.readiness_items:
        before = old_ready.get(item.field)
        lines += _text_changes(_("Daftar persiapan {field}").format(field=item.field),
                               before.label if before else None, item.label)
        lines += _text_changes(_("Daftar persiapan {field} (yang perlu dilakukan)").format(field=item.field),
                               before.missing if before else None, item.missing)
    lines += _text_changes(_("Nama"), old.name, new.name)
    return lines
