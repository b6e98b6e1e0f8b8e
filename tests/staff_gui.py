"""Shared by the staff-screen GUI tests: show a screen alone, or inside the staff area."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui.staff.context import StaffContext


def show_staff_screen(qtbot, context: StaffContext, name: str, screen_class: type, *,  # type: ignore[no-untyped-def]
                      hosted: bool = False) -> QWidget:
    """The screen alone, or (hosted) inside the staff area as people see it, at 1024×768."""
    if hosted:
        from ui.staff.window import StaffArea

        area = StaffArea(context)
        qtbot.addWidget(area)
        area.resize(1024, 768)
        area.show()
        screen = area.show_screen(name)
        assert isinstance(screen, screen_class)
        return screen
    screen = screen_class(context)
    qtbot.addWidget(screen)
    screen.resize(1024, 768)
    screen.show()
    return screen
