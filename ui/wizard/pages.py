"""Which page shows which step: one registry, located from the core's step table.

The step table (prakerja_desktop.domain.flow.STEP_TABLE) lists the steps; the Qt side adds only the page
(as Electrum's Qt wizard adds only 'gui' to the navmap). By convention the page of step "x" is the
WizardPage subclass with `step = "x"` in module ui.wizard.x, imported when first used so the host stays
light to start. A step whose page lives elsewhere is registered in _ELSEWHERE.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from prakerja_desktop.domain import flow
from ui.wizard.context import WizardContext
from ui.wizard.page import WizardPage

_ELSEWHERE: dict[str, str] = {}  # step -> module, for a page not in ui.wizard.<step> (none today)


def page_module(step: str) -> str:
    """The module holding the page of a step."""
    flow.step_entry(step)  # FlowError for a step the table does not know
    return _ELSEWHERE.get(step, f"ui.wizard.{step}")


def page_class(step: str) -> type[WizardPage]:
    """The page class of a step: the WizardPage subclass in its module whose `step` is this step."""
    module = importlib.import_module(page_module(step))
    found = [value for value in vars(module).values()
             if isinstance(value, type) and issubclass(value, WizardPage) and value.step == step]
    if len(found) != 1:
        raise LookupError(f"module {module.__name__} must hold exactly one page for step {step!r}")
    return found[0]


def _factory(step: str) -> Callable[[WizardContext], WizardPage]:
    return lambda context: page_class(step)(context)


PAGE_CLASSES: dict[str, Callable[[WizardContext], WizardPage]] = {step: _factory(step) for step in flow.STEPS}
