"""Which page class shows which step (one module per page)."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from prakerja_desktop.domain import flow
from ui.wizard.context import WizardContext
from ui.wizard.page import WizardPage

# step -> "module:Class"; imported when first used so the host stays light to start.
_LOCATIONS: dict[str, str] = {
    flow.WELCOME: "ui.wizard.welcome:WelcomePage",
    flow.ABOUT: "ui.wizard.about:AboutPage",
    flow.CONSENT: "ui.wizard.consent:ConsentPage",
    flow.ELIGIBILITY: "ui.wizard.eligibility:EligibilityPage",
    flow.IDENTITY: "ui.wizard.identity:IdentityPage",
    flow.FAMILY: "ui.wizard.family:FamilyPage",
    flow.CONTACT: "ui.wizard.contact:ContactPage",
    flow.ADDRESS: "ui.wizard.address:AddressPage",
    flow.EDUCATION_WORK: "ui.wizard.education_work:EducationWorkPage",
    flow.READINESS: "ui.wizard.readiness:ReadinessPage",
    flow.REVIEW: "ui.wizard.review:ReviewPage",
    flow.DONE: "ui.wizard.done:DonePage",
    flow.CHECKLIST_ONLY: "ui.wizard.checklist_only:ChecklistOnlyPage",
}


def page_class(step: str) -> type[WizardPage]:
    """The page class of a step."""
    module_name, class_name = _LOCATIONS[step].split(":")
    return getattr(importlib.import_module(module_name), class_name)


def _factory(step: str) -> Callable[[WizardContext], WizardPage]:
    return lambda context: page_class(step)(context)


PAGE_CLASSES: dict[str, Callable[[WizardContext], WizardPage]] = {step: _factory(step) for step in _LOCATIONS}
