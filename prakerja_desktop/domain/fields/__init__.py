"""The field catalogue: the one place that knows each field of a person.

Per field: its label (in the current language), its check (findings), its display (codes in words),
its mask, its stored form and how a spreadsheet cell of it is cleaned; plus the rules between fields.
Wizard pages, staff edit, the batch check, Review, the record view, sync review, receipts and exports
all ask here, so one person gets the same findings everywhere.

    from prakerja_desktop.domain import fields
    fields.label("sex")                      # "Jenis kelamin"
    fields.display("sex", "L")               # "Laki-laki"
    fields.mask("nik", "3508201705000001")   # "350820******0001"
    fields.check("full_name", "123")         # [Finding(ERROR, "name.letters", ...)]
    fields.clean_cell("phone", 81234567890)  # Cleaned(value="081234567890", ...)
    fields.check_applicant(applicant, fields.FieldContext(today=today, rule_set=rule_set))
"""

from __future__ import annotations

from datetime import date
from typing import Any

from prakerja_desktop.domain.fields.catalogue import ALIASES, CATALOGUE, Field, field, field_of, labels
from prakerja_desktop.domain.fields.checks import collapse_spaces, parse_rt_rw
from prakerja_desktop.domain.fields.dates import read_birth_date
from prakerja_desktop.domain.fields.person import (
    DEFAULT_KK_MAX,
    PERSON_FIELDS,
    SOURCE_FILE,
    SOURCE_OFFICE,
    FieldContext,
    age_findings,
    applicant_values,
    birth_vs_nik,
    check_applicant,
    check_person,
    kk_limit,
    kk_vs_nik,
    nik_birth_date,
    phone_shared,
    problems,
)
from prakerja_desktop.domain.fields.spreadsheet import Cleaned, clean_cell
from prakerja_desktop.domain.findings import Finding

__all__ = [
    "ALIASES", "CATALOGUE", "DEFAULT_KK_MAX", "PERSON_FIELDS", "SOURCE_FILE", "SOURCE_OFFICE", "Cleaned",
    "Field", "FieldContext", "Finding", "age_findings", "applicant_values", "birth_vs_nik", "check",
    "check_applicant", "check_person", "clean_cell", "collapse_spaces", "display", "field", "field_of",
    "kk_limit", "kk_vs_nik", "label", "labels", "mask", "nik_birth_date", "normalize", "parse_rt_rw",
    "phone_shared", "problems", "read_birth_date",
]


def label(field_id: str) -> str:
    """A field's label in the current language."""
    return field(field_id).label()


def check(field_id: str, value: Any, context: FieldContext | date | None = None) -> list[Finding]:
    """Every finding about one field's value on its own (the rules between fields: check_person)."""
    return field(field_id).check(value, context)


def display(field_id: str, value: Any) -> str:
    """A stored value in words for a screen or a file; "" when empty."""
    return field(field_id).display(value)


def mask(field_id: str, value: Any) -> str:
    """A stored value as shown where the full number must not be."""
    return field(field_id).mask(value)


def normalize(field_id: str, value: Any) -> Any:
    """The stored form of a valid value; an invalid one as given."""
    return field(field_id).normalize(value)
