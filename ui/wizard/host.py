"""The wizard host: header with "Langkah n dari 10", one page at a time, Back and Next always in place.

Which page follows which, and what leaving a step does (save the draft, discard it, submit, finish),
comes from the core's step table (prakerja_desktop.domain.flow); the host only shows pages and carries
out that effect on the worker thread.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QPaintEvent, QPixmap, QRegion
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from prakerja_desktop.domain import flow
from prakerja_desktop.domain.applicant import Draft
from prakerja_desktop.domain.findings import Finding, Severity
from prakerja_desktop.i18n import _, current_language
from ui.keyboard import KeyboardRoom, keyboard_in_use
from ui.operations import log_failure, plain_error
from ui.style import follow_display
from ui.widgets.accessible import describe
from ui.widgets.display_controls import DisplayControls
from ui.widgets.error_summary import ErrorSummary
from ui.widgets.language_picker import LanguagePicker, language_notifier, switch_language
from ui.widgets.read_aloud import ReadAloudButton
from ui.wizard.context import WizardContext
from ui.wizard.page import WizardPage

if TYPE_CHECKING:
    from prakerja_desktop.app import SubmitResult
    from ui.wizard.save_later import SaveForLaterDialog

logger = logging.getLogger(__name__)

PageFactory = Callable[[WizardContext], WizardPage]


def default_pages() -> dict[str, PageFactory]:
    """The page class of every step (imported here so the host module stays small)."""
    from ui.wizard.pages import PAGE_CLASSES

    return dict(PAGE_CLASSES)


def grab_touch_scrolling(scroll: QScrollArea) -> None:
    """A finger drag scrolls the page on a touch kiosk; mouse users keep the wheel and scrollbar
    (a left-mouse-button gesture would steal clicks from the buttons inside)."""
    from PySide6.QtWidgets import QScroller  # here, not above: its enums would cost the first paint

    QScroller.grabGesture(scroll.viewport(), QScroller.ScrollerGestureType.TouchGesture)


PREFETCH_DELAY_MS = 60  # the shown screen paints first; a person needs far longer to answer it


class WizardHost(QWidget):
    """Shows the current step of a draft and moves through the flow."""

    step_shown = Signal(str)  # the step now on screen
    draft_saved = Signal(str)  # the draft's resume code, after a save committed
    submitted = Signal(object)  # SubmitResult
    finished = Signal()  # the person is done; the caller shows a fresh Welcome
    problem_shown = Signal(str)  # a banner message (save or submit trouble)

    def __init__(self, context: WizardContext, pages: dict[str, PageFactory] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wizard")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)  # the page colour of ui/style.py
        follow_display(self)
        self.context = context
        # Set up once this host is first painted (see paintEvent): what no one can touch before it is seen.
        self._painted = False
        self._factories = pages or default_pages()
        self._pages: dict[str, WizardPage] = {}
        # The following step's page is built while the person reads this one, so Next only shows it.
        self._prefetch_timer = QTimer(self)
        self._prefetch_timer.setSingleShot(True)
        self._prefetch_timer.setInterval(PREFETCH_DELAY_MS)
        self._prefetch_timer.timeout.connect(self._prefetch_following)
        self._scrolls: dict[str, QScrollArea] = {}
        self._frames: dict[str, QWidget] = {}  # what the stack shows: the scroll area, or it and the pinned answers
        self.draft = Draft()
        self.result: SubmitResult | None = None
        self._busy = False

        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 20, 32, 20)
        outer.setSpacing(12)
        self.counter_label = QLabel(self)
        self.counter_label.setObjectName("stepCounter")
        # The language can be changed on every screen; Welcome shows a bigger chooser of its own.
        self.language_picker = LanguagePicker(self, compact=True)
        self.progress = QProgressBar(self)
        self.progress.setTextVisible(False)
        self.title_label = QLabel(self)
        self.title_label.setObjectName("stepTitle")
        self.title_label.setWordWrap(True)
        self.banner = QLabel(self)
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.banner.setVisible(False)
        self.error_summary = ErrorSummary(self)  # after a Next with problems: what to fix, each a way there
        self.error_summary.chosen.connect(self._go_to_problem)
        self.stack = QStackedWidget(self)
        header = QHBoxLayout()  # the step counter, then what helps reading: always in the same place
        header.addWidget(self.counter_label, 1)
        # After consent the draft's code is always on screen (beside the progress bar), and "Lanjutkan
        # nanti" beside Back: the header row has no room left in large text at 1024 px.
        self.code_label = QLabel(self)
        self.code_label.setObjectName("draftCodeLabel")
        self.code_label.setVisible(False)
        self.later_button = QPushButton(self)
        self.later_button.setObjectName("saveForLaterButton")
        self.later_button.setVisible(False)
        self.later_button.clicked.connect(self.save_for_later)
        self.later_dialog: SaveForLaterDialog | None = None
        self.read_button = ReadAloudButton(_("Bacakan"), "readAloudButton",
                                           _("Membacakan judul dan petunjuk langkah ini."), self.spoken_instructions,
                                           self)
        self.read_button.setProperty("class", "displayToggle")
        self.read_button.style().unpolish(self.read_button)  # it may have been polished when shown
        self.read_button.style().polish(self.read_button)
        header.addWidget(self.read_button)
        self.display_controls = DisplayControls(self)
        header.addWidget(self.display_controls)
        outer.addLayout(header)
        # The language picker shares the thin progress bar's row: in large text the header row has no room
        # left for it at 1024 px, and a row of its own would take height from the page.
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.code_label)
        progress_row.addWidget(self.progress, 1, Qt.AlignmentFlag.AlignVCenter)
        progress_row.addWidget(self.language_picker)
        outer.addLayout(progress_row)
        # "Pertanyaan 2 dari 4" on a step of several question screens, beside the title: the rows above
        # have no room left for it in large text at 1024 px.
        self.question_label = QLabel(self)
        self.question_label.setObjectName("questionCounter")
        self.question_label.setVisible(False)
        title_row = QHBoxLayout()
        title_row.addWidget(self.title_label, 1)
        title_row.addWidget(self.question_label, 0, Qt.AlignmentFlag.AlignVCenter)
        outer.addLayout(title_row)
        outer.addWidget(self.banner)
        outer.addWidget(self.error_summary)
        outer.addWidget(self.stack, 1)

        footer = QHBoxLayout()
        self.back_button = QPushButton(self)
        self.back_button.setObjectName("backButton")
        self.hint_label = QLabel(self)
        self.hint_label.setObjectName("nextHint")
        self.hint_label.setWordWrap(True)
        self.hint_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.next_button = QPushButton(self)
        self.next_button.setObjectName("nextButton")
        # The buttons keep to the bottom edge: a hint that wraps to two lines never moves them.
        footer.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignBottom)
        footer.addWidget(self.later_button, 0, Qt.AlignmentFlag.AlignBottom)
        footer.addWidget(self.hint_label, 1)
        footer.addWidget(self.next_button, 0, Qt.AlignmentFlag.AlignBottom)
        outer.addLayout(footer)
        self.back_button.clicked.connect(self._on_back_clicked)
        self.next_button.clicked.connect(self._on_next_clicked)
        if keyboard_in_use():  # the on-screen keyboard must never cover the field being typed
            self.keyboard_room = KeyboardRoom(self, lambda: self._scrolls.get(self.draft.step))
        self._translate_frame()
        language_notifier().changed.connect(self.retranslate)

    # --- public ----------------------------------------------------------------------------------

    def start(self, draft: Draft | None = None) -> None:
        """Begin with a fresh draft (or a resumed one); every page is rebuilt, so nothing of the
        previous person remains in any widget. A new person at the kiosk starts in the office's language."""
        self._drop_pages()
        self.draft = draft or Draft()
        self.result = None
        self.context.last_result = None  # nothing of the previous person stays in memory
        self._busy = False
        self._hide_banner()
        if draft is None and self.context.staff is None:
            switch_language(self.context.language)
        self._show(self.draft.step)

    def retranslate(self, _language: str | None = None) -> None:
        """Show the same step again in the language now in force, keeping every answer.

        What is typed on the page on screen goes into the draft first; every page is then rebuilt
        from the draft (as when resuming a saved draft), so no page needs to know about languages.
        """
        screen = 0
        if self.draft.step in self._pages:
            self.current_page().apply(self.draft.applicant)
            screen = self.current_page().screen
        self._drop_pages()
        self._translate_frame()
        self._show(self.draft.step, screen)  # a banner stays as it was: better in the old language than lost

    def _drop_pages(self) -> None:
        """Delete every page (later, safely: a page's own signal may be the caller)."""
        for page in self._pages.values():
            page.deleteLater()
        for frame in self._frames.values():
            self.stack.removeWidget(frame)
            frame.deleteLater()
        self._pages.clear()
        self._scrolls.clear()
        self._frames.clear()

    def _translate_frame(self) -> None:
        """The texts of the host itself (the pages bring their own)."""
        self.progress.setAccessibleName(_("Kemajuan"))
        self.back_button.setText(_("‹ Kembali"))
        self.back_button.setAccessibleName(_("Kembali"))
        self.read_button.setText(_("Bacakan"))
        self.later_button.setText(_("Lanjutkan nanti"))
        describe(self.later_button, _("Lanjutkan nanti"), _("Menyimpan isian dan menampilkan kode untuk melanjutkan."))
        describe(self.read_button, _("Bacakan"), _("Membacakan judul dan petunjuk langkah ini."))
        self.display_controls.retranslate()

    def page(self, step: str) -> WizardPage:
        """The page of a step (built when first needed)."""
        if step not in self._pages:
            page = self._factories[step](self.context)
            page.changed.connect(self._refresh_buttons)
            page.start_requested.connect(self.start)
            page.jump_requested.connect(self.jump_to)
            page.screen_jump_requested.connect(self.jump_to)
            page.next_requested.connect(self._on_next_clicked)
            if (prechecked := getattr(page, "prechecked", None)) is not None:  # Review
                prechecked.connect(self._on_review_prechecked)
            scroll = QScrollArea(self.stack)
            scroll.setWidgetResizable(True)
            # Text wraps to the width; only vertical scrolling, as on a phone.
            scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            if self._painted:  # before the first paint, _after_first_paint grabs it
                grab_touch_scrolling(scroll)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setWidget(page)
            page.setAutoFillBackground(False)  # setWidget turned it on: the page colour comes from the style
            frame: QWidget = scroll
            if page.pinned is not None:  # the answer buttons stay in view under the text that scrolls
                frame = QWidget(self.stack)
                column = QVBoxLayout(frame)
                column.setContentsMargins(0, 0, 0, 0)
                column.setSpacing(8)
                column.addWidget(scroll, 1)
                column.addWidget(page.pinned)
            self.stack.addWidget(frame)
            self._pages[step] = page
            self._scrolls[step] = scroll
            self._frames[step] = frame
        return self._pages[step]

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        """The first paint: what waits for it starts right after (the next turn of the event loop)."""
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self, self._after_first_paint)

    def _after_first_paint(self) -> None:
        """Set up what is only needed once a person can see the screen. Both would cost the first paint
        ~0.1 s each: PySide6 sets up the Python enums of every widget class the first time a widget Qt made
        itself (a viewport, an event's target) reaches Python."""
        from ui.widgets.wheel_guard import install_wheel_guard  # its classes' enums too

        install_wheel_guard()  # no wheel over a drop-down or spin box changes an answer (once per program)
        for scroll in self._scrolls.values():
            grab_touch_scrolling(scroll)
        self._prefetch_timer.start()  # a timer started before the paint may fire before it on a slow start

    @property
    def busy(self) -> bool:
        """True while a save or submit is on the worker (Next and Back wait for it)."""
        return self._busy

    def current_page(self) -> WizardPage:
        """The page on screen."""
        return self.page(self.draft.step)

    def jump_to(self, step: str, screen: int = 0) -> None:
        """From review: open a step (at one of its question screens) to change it; its Next comes back to
        review."""
        self.current_page().apply(self.draft.applicant)
        flow.jump_to(self.draft, step)
        self._show(step, screen)

    def show_for_check(self, step: str) -> None:
        """Show a step's page outside the flow, nothing saved (the installed bundle's self-check, ui/smoke.py)."""
        self.draft.step = step
        self._show(step)

    def notify_app_ready(self) -> None:
        """The database is open: let the page on screen fetch what it needs; the kiosk takes the
        office's language if nobody has started yet."""
        self.current_page().app_ready()
        if self.context.staff is None:
            context = self.context
            self.context.run(lambda: context.app.settings.get("office_language", context.language),
                             self._on_office_language, log_failure("reading the office language"), owner=self)

    def _on_office_language(self, language: object) -> None:
        from prakerja_desktop import i18n

        if not isinstance(language, str) or language not in i18n.available_languages():
            return
        self.context.language = language
        if self.draft.step == flow.WELCOME and not self.draft.visited:
            switch_language(language)

    def spoken_instructions(self) -> str:
        """What "Bacakan" reads: the step's title and the page's instructions."""
        page = self.current_page()
        if summary := self.error_summary.spoken():
            return summary  # after a Next with problems, what to fix comes first
        parts = [self.title_label.text()]
        parts += [label.text() for label in page.findChildren(QLabel, "pageIntro") if label.isVisible()]
        if page.screen_count() > 1:  # a question screen: its question is what there is to read
            parts += [label.text() for label in page.findChildren(QLabel)
                      if label.property("class") == "fieldLabel" and label.isVisible()]
        said = [part.strip() for part in parts if part.strip()]
        return " ".join(part if part[-1] in ".?!" else part + "." for part in said)  # a question keeps its "?"

    def next_ready(self) -> bool:
        """True when Next would move on (the step is complete and nothing is on the worker)."""
        return not self._busy and not self.blocking()

    def blocking(self) -> list[Finding]:
        """What stops Next on the screen shown, checked on a copy of the answers: before a step's last
        question screen, only the questions of this screen and the ones before it."""
        page = self.current_page()
        found = self._step_blocking()
        if self._leaves_step(found):
            return found
        return [f for f in found if (page.screen_of(page.target_of(f)) or 0) <= page.screen]

    def _step_blocking(self) -> list[Finding]:
        """What stops Next from leaving the step as a whole."""
        page = self.current_page()
        trial = copy.deepcopy(self.draft.applicant)
        page.apply(trial)
        found = list(page.problems(trial))
        found.extend(flow.can_leave(self.draft.step, trial).errors)
        return [f for f in found if f.severity is Severity.ERROR]

    def _leaves_step(self, step_blocking: list[Finding]) -> bool:
        """True when Next leaves the step rather than showing its next question screen: on the last
        screen, or when the person came from Review with "Ubah" and the step is complete again."""
        page = self.current_page()
        if page.screen >= page.screen_count() - 1:
            return True
        from_review = bool(self.draft.visited) and self.draft.visited[-1] == flow.REVIEW
        return from_review and not step_blocking

    # --- moving -----------------------------------------------------------------------------------

    def _show(self, step: str, screen: int = 0) -> None:
        """Show a step, at one of its question screens (-1: the last, as Back into the step lands)."""
        page = self.page(step)
        page.load(self.draft)
        page.show_screen(screen)
        self.stack.setCurrentWidget(self._frames[step])
        self.language_picker.setVisible(step != flow.WELCOME)
        self.title_label.setText(page.title())
        self.title_label.setAccessibleName(page.title())
        self._show_counter(step)
        self._show_code()
        self.next_button.setText(page.next_text() or _("Lanjut ›"))
        self.next_button.setAccessibleName(self.next_button.text().strip(" ›"))
        self._screen_shown()
        self.step_shown.emit(step)
        if self._painted:  # before the first paint, _after_first_paint starts it
            self._prefetch_timer.start()  # after this screen has painted

    def _prefetch_following(self) -> None:
        """Build the page of the step after the one shown (on the main path), if not built yet.

        A built page holds nothing of anyone until it is shown (show loads the draft), and every page is
        dropped for the next person, so building it early shows no one's answers."""
        step = self.draft.step
        if step not in flow.MAIN_PATH or step == flow.MAIN_PATH[-1]:
            return
        following = flow.MAIN_PATH[flow.MAIN_PATH.index(step) + 1]
        if following not in self._pages and following in self._factories:  # a test may host a few steps
            self.page(following)
            frame = self._frames[following]
            frame.ensurePolished()  # the style's work too, and the layout at the stack's size, not at show
            frame.setGeometry(self.stack.contentsRect())
            if (layout := self._pages[following].layout()) is not None:
                layout.activate()

    def _show_counter(self, step: str) -> None:
        """"Langkah n dari N", with "Pertanyaan i dari m" on a step of several question screens; the
        progress bar moves on with each screen."""
        number = flow.step_number(step)
        page = self.current_page()
        count = page.screen_count()
        question = _("Pertanyaan {i} dari {m}").format(i=page.screen + 1, m=count) if count > 1 else ""
        self.question_label.setText(question)
        self.question_label.setAccessibleName(question)
        self.question_label.setVisible(count > 1)
        if number is None:
            self.counter_label.setText("")  # hidden text, but the row stays for the display controls
            self.progress.setVisible(False)
            return
        self.counter_label.setText(_("Langkah {n} dari {total}").format(n=number[0], total=number[1]))
        # QProgressBar repaints itself at once on a new value; with updates off it is painted once, with
        # the new screen (a synchronous repaint here cost a Next ~10 ms).
        self.progress.setUpdatesEnabled(False)
        self.progress.setRange(0, number[1] * count)
        self.progress.setValue((number[0] - 1) * count + page.screen + 1)
        self.progress.setUpdatesEnabled(True)
        self.progress.setVisible(True)

    def _screen_shown(self) -> None:
        """A step or one of its question screens is now on screen: no old problems, the top in view."""
        self.error_summary.show_findings([])  # a new screen starts without the last one's problems
        scroll = self._scrolls.get(self.draft.step)
        if scroll is not None:
            scroll.verticalScrollBar().setValue(0)
        self._refresh_buttons()
        self.next_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.current_page().focus_first()

    def _move_screen(self, index: int) -> None:
        """Another question screen of the same step (Next or Back within the step)."""
        page = self.current_page()
        page.apply(self.draft.applicant)
        page.show_screen(index)
        self._show_counter(self.draft.step)
        self._screen_shown()

    def _refresh_buttons(self) -> None:
        """Next is always there to touch (it explains what is missing); the hint says it beforehand."""
        step = self.draft.step
        self.back_button.setVisible(flow.can_go_back(self.draft))
        self.back_button.setEnabled(not self._busy)
        blocking = self.blocking()
        self.next_button.setVisible(step not in flow.TERMINAL_STEPS or self.current_page().next_text() is not None)
        self.next_button.setEnabled(not self._busy)
        # On a question screen the question shown is the hint (and a long one beside Next would take
        # height from the page in large text); Next's error summary still says it.
        single = self.current_page().screen_count() == 1
        self.hint_label.setText(blocking[0].message if blocking and single else "")

    def _on_back_clicked(self) -> None:
        if self._busy or not flow.can_go_back(self.draft):
            return
        page = self.current_page()
        from_review = bool(self.draft.visited) and self.draft.visited[-1] == flow.REVIEW
        if page.screen > 0 and not from_review:  # the previous question of the same step
            self._move_screen(page.screen - 1)
            return
        page.apply(self.draft.applicant)  # Back never loses what was typed
        flow.go_back(self.draft)
        self._show(self.draft.step, -1)

    def _on_next_clicked(self) -> None:
        if self._busy:
            return
        if blocking := self.blocking():
            self._show_problems(blocking)
            return
        self._hide_banner()
        page = self.current_page()
        if not self._leaves_step(self._step_blocking()):  # the step's next question screen
            self._move_screen(page.screen + 1)
            if flow.leave_effect(self.draft) is flow.Effect.SAVE_DRAFT:
                self._save_draft()  # kept as the person goes: "Lanjutkan nanti" or a wipe loses nothing
            return
        page.apply(self.draft.applicant)
        effect = flow.leave_effect(self.draft)  # the step table says what leaving this step does
        if effect is flow.Effect.FINISH:
            self.finished.emit()
            return
        if effect is flow.Effect.SUBMIT:
            self._submit()  # Next follows once the record is stored
            return
        flow.go_next(self.draft)
        if effect is flow.Effect.DISCARD_DRAFT:
            self._discard_saved_draft()
        elif effect is flow.Effect.SAVE_DRAFT:
            self._save_draft()
        self._show(self.draft.step)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Enter means Next, for people using a keyboard only."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.next_button.isVisible() and not self._busy:
            self._on_next_clicked()
            return
        super().keyPressEvent(event)

    def _show_problems(self, blocking: list[Finding]) -> None:
        """Next with problems: the summary at the top (focused, so a screen reader reads it) and each
        field's own message beside it."""
        page = self.current_page()
        self.error_summary.show_findings(blocking)
        page.show_field_errors(blocking)
        scroll = self._scrolls.get(self.draft.step)
        if scroll is not None:
            scroll.verticalScrollBar().setValue(0)
        self.error_summary.heading.setFocus(Qt.FocusReason.OtherFocusReason)

    def _go_to_problem(self, finding: Finding) -> None:
        """A line of the summary was touched: bring its field into view and put the focus on it."""
        target = self.current_page().target_of(finding)
        parts = finding.code.split(".")
        if target is None and self.draft.step == flow.REVIEW and len(parts) > 2 and parts[1] in flow.EDITABLE_STEPS:
            self.jump_to(parts[1])  # Review: the line opens the step to fix ("flow.contact.phone" -> contact)
            self._go_to_problem(finding)  # and its question screen, with the focus on the question
            return
        if target is None:
            return
        page = self.current_page()
        if (screen := page.screen_of(target)) is not None and screen != page.screen:
            self._move_screen(screen)  # a question of another screen of this step
        scroll = self._scrolls.get(self.draft.step)
        if scroll is not None and scroll.widget() is not None:
            # The field's top (and its question, just above it) at the top of the view.
            top = target.mapTo(scroll.widget(), QPoint(0, 0)).y()
            scroll.verticalScrollBar().setValue(max(0, top - 72))
        focus = target.focusProxy() or target
        if focus.focusPolicy() == Qt.FocusPolicy.NoFocus:
            focus = next((w for w in target.findChildren(QWidget)
                          if w.focusPolicy() != Qt.FocusPolicy.NoFocus and w.isVisible()), focus)
        focus.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- saving and submitting (on the worker thread) -----------------------------------------------

    def _save_draft(self) -> None:
        if not self.draft.applicant.consent.store_record:
            return  # without consent nothing personal is stored
        context, snapshot = self.context, copy.deepcopy(self.draft)
        # context.app is read on the worker: it may still be opening when Next is pressed.
        self.context.run(lambda: context.app.drafts.save(snapshot, context.staff), self._on_draft_saved,
                         self._on_save_failed, owner=self)

    def _on_draft_saved(self, saved: Draft) -> None:
        if saved.id == self.draft.id and saved.code:
            self.draft.code = saved.code
            self._show_code()
            self.draft_saved.emit(saved.code)

    def _show_code(self) -> None:
        """The code in the header from the first save after consent until the person is done."""
        code = self.draft.code
        shown = (bool(code) and self.draft.applicant.consent.store_record
                 and self.draft.step not in (flow.WELCOME, *flow.TERMINAL_STEPS))
        text = _("Kode isian: {code}").format(code=code) if code else ""
        self.code_label.setText(text)
        self.code_label.setAccessibleName(text)
        self.code_label.setVisible(shown)
        self.later_button.setVisible(shown)

    def save_for_later(self) -> None:
        """"Lanjutkan nanti": save what is on screen, show the code to print or hear, then stop if wanted."""
        from ui.wizard.save_later import SaveForLaterDialog

        code = self.draft.code
        if not code or self._busy or not self.draft.applicant.consent.store_record:
            return  # without consent nothing is kept to come back to
        self.current_page().apply(self.draft.applicant)
        self._save_draft()
        self.later_dialog = SaveForLaterDialog(self.context, code, self._stop_for_now, self)
        self.later_dialog.open()

    def _stop_for_now(self) -> None:
        """The person leaves with the code: the draft is kept; the next person gets a fresh Welcome."""
        self.finished.emit()

    def _on_save_failed(self, exc: Exception) -> None:
        self._show_banner(plain_error(exc, "saving a draft", _(
            "Isian belum tersimpan karena kesalahan program. Isian Anda masih ada di layar.")))

    def _discard_saved_draft(self) -> None:
        context, draft_id = self.context, self.draft.id
        self.context.run(lambda: context.app.drafts.discard(draft_id), lambda _r: None, self._on_save_failed,
                         owner=self)

    def _submit(self) -> None:
        self._busy = True
        self._refresh_buttons()
        context, today, snapshot = self.context, self.context.today(), copy.deepcopy(self.draft)
        # The receipt (printed now or reprinted later) speaks the language the person chose.
        snapshot.applicant.consent.language = current_language()
        self.context.run(lambda: context.app.records.submit(snapshot, context.staff, today), self._on_submitted,
                         self._on_submit_failed, owner=self)
        self._prepare_done(snapshot)  # (again, if Review changed since); shown only once the record is stored

    def _on_review_prechecked(self) -> None:
        """While the person reads Review: lay Done out (hidden) with what Review shows."""
        if self.draft.step == flow.REVIEW and not self._busy:
            self._prepare_done(self.draft)

    def _prepare_done(self, draft: Draft) -> None:
        """Lay out Done (hidden, nothing said to anyone) while the person reads Review and while the worker
        stores the record: its checklist, the pre-check Review showed, its layout at the stack's size.
        Showing it after the commit then costs little; the stored result replaces the expected one."""
        if flow.DONE not in self._factories:  # a test may host a few steps
            return
        from prakerja_desktop.domain.step_warnings import COVERED_BY_PRECHECK

        page = self.page(flow.DONE)
        review = self._pages.get(flow.REVIEW)
        checked = getattr(review, "checked", None)
        expected = None
        if checked is not None:  # the same warnings the submit lists (flow.all_warnings)
            result, by_step = checked
            expected = (result, [f for found in by_step.values() for f in found if f.code not in COVERED_BY_PRECHECK])
        prepare = getattr(page, "prepare", None)
        if prepare is not None:
            prepare(draft, expected)
        frame = self._frames[flow.DONE]
        frame.setGeometry(self.stack.contentsRect())
        # A hidden widget gets its resize events only when shown, so the scroll area would lay the page out
        # again at show. Rendering one pixel delivers them now (and polishes): the page is laid out at its
        # real width while the worker stores the record, and nothing is painted on screen.
        frame.render(QPixmap(1, 1), QPoint(), QRegion(QRect(0, 0, 1, 1)))

    def _on_submitted(self, result: SubmitResult) -> None:
        self._busy = False
        self.result = result
        self.context.last_result = result
        self.draft.code = None
        flow.go_next(self.draft)
        self._show(self.draft.step)
        self.submitted.emit(result)

    def _on_submit_failed(self, exc: Exception) -> None:
        from prakerja_desktop.app import DuplicateRecord, SubmitRefused

        self._busy = False
        if isinstance(exc, DuplicateRecord) and self.context.staff is not None:
            message = _("NIK ini sudah tercatat di kantor ini (nomor tanda terima {receipt}). "
                        "Buka data yang sudah ada untuk memperbaruinya.").format(receipt=exc.receipt_number)
        elif isinstance(exc, DuplicateRecord):
            # At the kiosk the receipt number is not shown: whoever typed the NIK may not be its owner.
            message = _("NIK ini sudah tercatat di kantor ini. Minta bantuan petugas untuk melihat "
                        "atau memperbarui data yang sudah ada.")
        elif isinstance(exc, SubmitRefused):
            message = " ".join(exc.problems)
        else:
            message = plain_error(exc, "submit", _(
                "Data belum tersimpan karena kesalahan program. Isian Anda masih ada. Minta bantuan petugas."))
        self._show_banner(message)
        self._refresh_buttons()

    def _show_banner(self, message: str) -> None:
        self.banner.setText(message)
        self.banner.setAccessibleName(message)
        self.banner.setVisible(True)
        self.problem_shown.emit(message)

    def _hide_banner(self) -> None:
        self.banner.clear()
        self.banner.setVisible(False)
