"""What every room of the app shares: a reference to the app, and binding of `f(app, …)` use cases."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

if TYPE_CHECKING:
    from prakerja_desktop.app import App

P = ParamSpec("P")
R = TypeVar("R")


class Room:
    """A named group of use cases over the app's database and device (Anki-manager style)."""

    def __init__(self, app: App) -> None:
        self.app = app


def use_case(function: Callable[Concatenate[App, P], R]) -> Callable[Concatenate[Room, P], R]:
    """A room method that calls the module function `function(app, …)` with the room's app."""

    @functools.wraps(function)
    def method(self: Room, *args: P.args, **kwargs: P.kwargs) -> R:
        return function(self.app, *args, **kwargs)

    return method
