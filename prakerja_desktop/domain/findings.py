"""What a check says about an input: errors block, warnings explain, infos inform."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Generic, TypeVar

T = TypeVar("T")


class Severity(StrEnum):
    """How serious a finding is."""

    ERROR = "error"  # the value cannot be right; the step cannot go on
    WARNING = "warning"  # probably a problem; explain and let the person continue
    INFO = "info"  # useful to know (operator of a phone number, region of a NIK)


@dataclass(frozen=True, slots=True)
class Finding:
    """One message about an input, already in the current language."""

    severity: Severity
    code: str  # stable machine id, e.g. "nik.length"; tests and logs use it, never the text
    message: str


@dataclass(frozen=True, slots=True)
class CheckResult(Generic[T]):
    """The parsed value (None when it has errors) and every finding about it."""

    value: T | None
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        """True when nothing blocks the value."""
        return self.value is not None and not self.errors

    @property
    def errors(self) -> tuple[Finding, ...]:
        """Findings that block."""
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """Findings that explain but do not block."""
        return tuple(f for f in self.findings if f.severity is Severity.WARNING)

    def codes(self) -> set[str]:
        """The codes of all findings (handy in tests)."""
        return {f.code for f in self.findings}


def error(code: str, message: str) -> Finding:
    """Shorthand for an error finding."""
    return Finding(Severity.ERROR, code, message)


def warning(code: str, message: str) -> Finding:
    """Shorthand for a warning finding."""
    return Finding(Severity.WARNING, code, message)


def info(code: str, message: str) -> Finding:
    """Shorthand for an info finding."""
    return Finding(Severity.INFO, code, message)
