"""The look: one stylesheet in resources/styles, big and calm."""

from __future__ import annotations

import functools

from prakerja_desktop.paths import resources_dir


@functools.cache
def load_stylesheet() -> str:
    """The application's Qt stylesheet."""
    return (resources_dir() / "styles" / "app.qss").read_text(encoding="utf-8")
