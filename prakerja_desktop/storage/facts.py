"""What the dashboard counts of a record, derived once when the record is written (the one rule for it).

The consent and the pre-check's reasons are stored as JSON; reading them back for every record costs
seconds over a million people (each wide row is decrypted and parsed). So every writer stores two small
columns beside them, from this module only: `follow_up` (the person agreed to be contacted, the waiting
list's consent) and `reason_codes` (the problems the pre-check found, as compact JSON [[rule, case], ...]:
short, and few distinct values). Migration 0009 fills them for records written before they existed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any


def follow_up(consent: Any) -> bool:
    """The stored consent says yes to follow-up contact (a JSON true, nothing else)."""
    return isinstance(consent, Mapping) and consent.get("follow_up_contact") is True


def reason_codes(reasons: Any) -> str:
    """The pre-check's problems in stored order, as '[["age","too_young"]]' ("" when none)."""
    if not isinstance(reasons, list):
        return ""
    pairs = [[str(reason.get("rule", "")), str(reason.get("case", ""))] for reason in reasons
             if isinstance(reason, Mapping) and reason.get("outcome") != "eligible"]
    return json.dumps(pairs, ensure_ascii=False, separators=(",", ":")) if pairs else ""


def parse_codes(codes: str | None) -> list[tuple[str, str]]:
    """(rule, case) pairs of a reason_codes text, in order ([] for "" or anything unreadable)."""
    try:
        pairs = json.loads(codes) if codes else []
    except ValueError:
        return []
    return [(str(p[0]), str(p[1])) for p in pairs if isinstance(p, list) and len(p) == 2] \
        if isinstance(pairs, list) else []


def record_facts(values: Mapping[str, Any]) -> dict[str, Any]:
    """The derived columns for a record's column values (consent and eligibility_reasons)."""
    return {"follow_up": follow_up(values.get("consent")),
            "reason_codes": reason_codes(values.get("eligibility_reasons"))}


def with_facts(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Rows to insert with their derived columns set (whatever a sender or caller put there)."""
    return [{**row, **record_facts(row)} for row in rows]
