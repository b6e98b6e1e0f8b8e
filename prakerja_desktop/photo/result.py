"""What a practice check says: the things to change (or "siap") and the advice no camera can judge."""

from __future__ import annotations

from dataclasses import dataclass

from prakerja_desktop.domain.findings import Finding
from prakerja_desktop.i18n import _


class PhotoInputError(ValueError):
    """The frame is not a picture the checks can read (empty, wrong shape or type)."""


@dataclass(frozen=True, slots=True)
class PhotoResult:
    """One check of one frame: problems (each a plain message) and advice that is always worth hearing."""

    kind: str  # "ktp" or "face"
    problems: tuple[Finding, ...]
    advice: tuple[str, ...] = ()

    @property
    def ready(self) -> bool:
        """True when nothing needs changing."""
        return not self.problems

    def codes(self) -> set[str]:
        """The problems' codes (tests and counts use them, never the text)."""
        return {f.code for f in self.problems}

    def headline(self) -> str:
        """"✔ Siap" or how many things to change (a symbol, never colour alone)."""
        if self.ready:
            return _("✔ Siap. Foto seperti ini kemungkinan besar diterima.")
        return _("✖ Perlu diperbaiki sebelum foto diambil:")

    def spoken(self) -> str:
        """Everything the screen says about the result, for "Bacakan hasil"."""
        parts = [self.headline().lstrip("✔✖ ")]
        parts += [f.message for f in self.problems]
        parts += list(self.advice)
        return " ".join(part.strip() for part in parts if part.strip())
