"""A one-minute guided tour: a dimmed overlay that points at each pane in turn.

The overlay is a child of the main window covering all of it; a callout with Back,
Next and Close explains one pane at a time while that pane is cut out of the dimming
and outlined. Esc closes, Left/Right step, Tab stays inside the callout. The tour is
offered once, over the first project that opens (the sample or any other); Help ▸ Guided tour
shows it again at any time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.settings import app_settings

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow

OFFERED_KEY = "tour/offered"
DIM = QColor(10, 16, 24, 130)
OUTLINE = QColor("#ffd21f")  # the highlighter yellow of the app icon
MARGIN = 12
CALLOUT_WIDTH = 380


@dataclass(frozen=True)
class TourStep:
    title: str
    text: str
    # The widget to point at; None (or a hidden widget) centres the callout instead.
    target: Callable[[MainWindow], QWidget | None]


def _nothing(_window: MainWindow) -> QWidget | None:
    return None


STEPS: tuple[TourStep, ...] = (
    TourStep("Welcome to Dossier",
             "A one-minute look at the window and what each part is for. Use Next (→) and "
             "Back (←); Esc closes the tour.", _nothing),
    TourStep("Sources",
             "Every document in the project, with its reliability grade (A to F). Click one "
             "to read it. Drop files on the window, or use File ▸ Import, to add more.",
             lambda w: w.sources_dock),
    TourStep("The reader",
             "The open source, with what you have marked highlighted. Select some text and "
             "press E for an entity, C for a claim or I for an implication.",
             lambda w: w.reader),
    TourStep("Entities, claims and implications",
             "Your analysis as tables you can sort, filter and edit in place. Choosing a row "
             "shows where it comes from in the text.", lambda w: w.tabs),
    TourStep("Details",
             "Everything about the chosen row: who said it, how it is graded, and what it "
             "supports or contradicts, with links to follow.", lambda w: w.detail),
    TourStep("The toolbar",
             "Import, annotate and undo (every change is saved at once). When you are ready, "
             "Export brief (Ctrl+E) writes the PDF. Help ▸ Guided tour shows this again.",
             lambda w: w.toolbar),
)


class GuidedTour(QWidget):
    """The overlay; ``finished`` is emitted once, however the tour ends."""

    step_changed = Signal(int)
    finished = Signal()

    def __init__(self, window: MainWindow, steps: tuple[TourStep, ...] = STEPS,
                 offer: bool = False) -> None:
        super().__init__(window)
        self.setObjectName("guidedTour")
        self.setAccessibleName("Guided tour")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.window_ = window
        self.steps = steps
        self.offer = offer
        self.index = 0
        self._ended = False
        self._hole = QRect()
        self._build_callout()
        window.installEventFilter(self)
        self.setGeometry(window.rect())
        self.show_step(0)

    def _build_callout(self) -> None:
        self.callout = QFrame(self)
        self.callout.setObjectName("tourCallout")
        self.callout.setAutoFillBackground(True)
        self.callout.setStyleSheet(
            f"#tourCallout {{ background: palette(window); border: 2px solid {OUTLINE.name()};"
            " border-radius: 8px; }")
        self.callout.setFixedWidth(CALLOUT_WIDTH)
        layout = QVBoxLayout(self.callout)
        layout.setContentsMargins(16, 14, 16, 12)
        self.counter = QLabel(self.callout)
        self.counter.setObjectName("tourCounter")
        self.title = QLabel(self.callout)
        self.title.setObjectName("tourTitle")
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.title.setFont(font)
        self.text = QLabel(self.callout)
        self.text.setObjectName("tourText")
        self.text.setWordWrap(True)
        self.text.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        buttons = QHBoxLayout()
        self.close_button = QPushButton("&Close", self.callout)
        self.back_button = QPushButton("&Back", self.callout)
        self.next_button = QPushButton("&Next", self.callout)
        for button, tip in ((self.close_button, "End the tour (Esc)"),
                            (self.back_button, "Previous step (Left arrow)"),
                            (self.next_button, "Next step (Right arrow)")):
            button.setToolTip(tip)
            button.setAutoDefault(False)
            # A focused push button would take the arrow keys for itself.
            button.installEventFilter(self)
        buttons.addWidget(self.close_button)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        layout.addWidget(self.counter)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addSpacing(6)
        layout.addLayout(buttons)
        self.close_button.clicked.connect(self.close)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)

    # ---- stepping ------------------------------------------------------------------------
    def show_step(self, index: int) -> None:
        self.index = max(0, min(index, len(self.steps) - 1))
        step = self.steps[self.index]
        last = self.index == len(self.steps) - 1
        offering = self.offer and self.index == 0
        self.counter.setText(f"Step {self.index + 1} of {len(self.steps)}")
        self.title.setText(step.title)
        self.text.setText(step.text)
        self.back_button.setVisible(self.index > 0)
        self.next_button.setText("&Show me around" if offering else "&Finish" if last else "&Next")
        self.close_button.setText("&Not now" if offering else "&Close")
        self.callout.setAccessibleName(f"Guided tour, step {self.index + 1}: {step.title}")
        self.callout.setAccessibleDescription(step.text)
        self._place()
        self.next_button.setFocus()
        self.step_changed.emit(self.index)

    def next(self) -> None:
        if self.index == len(self.steps) - 1:
            self.close()
        else:
            self.show_step(self.index + 1)

    def back(self) -> None:
        if self.index > 0:
            self.show_step(self.index - 1)

    def target_rect(self) -> QRect:
        """Where the current step's pane is, in overlay coordinates (empty if nowhere)."""
        target = self.steps[self.index].target(self.window_)
        if target is None or not target.isVisible() or target.width() <= 0:
            return QRect()
        top_left = target.mapTo(self.window_, QPoint(0, 0))
        return QRect(top_left, target.size())

    # ---- layout and painting ---------------------------------------------------------------
    def _place(self) -> None:
        self._hole = self.target_rect()
        self.callout.adjustSize()
        size = self.callout.sizeHint().expandedTo(self.callout.minimumSizeHint())
        size.setWidth(CALLOUT_WIDTH)
        area = self.rect().adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        box = QRect(QPoint(0, 0), size)
        if self._hole.isEmpty():
            box.moveCenter(area.center())
        else:
            hole = self._hole.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
            box = _beside(hole, box, area)
        self.callout.setGeometry(box)
        self.callout.raise_()
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        shade = QPainterPath()
        shade.addRect(QRectF(self.rect()))
        if not self._hole.isEmpty():
            hole = QPainterPath()
            hole.addRoundedRect(QRectF(self._hole.adjusted(-4, -4, 4, 4)), 8, 8)
            shade = shade.subtracted(hole)
            painter.setPen(QPen(OUTLINE, 3))
            painter.drawPath(hole)
        painter.fillPath(shade, DIM)
        painter.end()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window_ and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.window_.rect())
            self._place()
        elif event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._step_key(event)
        return False

    def resizeEvent(self, event: object) -> None:
        self._place()

    # ---- keyboard ----------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._step_key(event):
            super().keyPressEvent(event)

    def _step_key(self, event: QKeyEvent) -> bool:
        """Esc closes, Left/Right step, Return presses the focused button; True if used."""
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.close()
        elif key == Qt.Key.Key_Right:
            self.next()
        elif key == Qt.Key.Key_Left:
            self.back()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            # Plain push buttons ignore Return outside dialogs.
            focused = self.focusWidget()
            if isinstance(focused, QPushButton) and focused.isVisible():
                focused.click()
            else:
                self.next()
        else:
            return False
        event.accept()
        return True

    def focusNextPrevChild(self, next: bool) -> bool:
        """Keep Tab inside the callout while the tour is up."""
        if self._ended:
            # Hiding calls this to move focus out of us: let Qt do that.
            return super().focusNextPrevChild(next)
        chain = [b for b in (self.close_button, self.back_button, self.next_button)
                 if b.isVisible()]
        current = self.focusWidget()
        at = chain.index(current) if current in chain else -1
        chain[(at + (1 if next else -1)) % len(chain)].setFocus(Qt.FocusReason.TabFocusReason)
        return True

    def closeEvent(self, event: object) -> None:
        self.window_.removeEventFilter(self)
        for button in (self.close_button, self.back_button, self.next_button):
            button.removeEventFilter(self)
        if not self._ended:
            self._ended = True
            self.finished.emit()
            # Not WA_DeleteOnClose: the click that closed us is still being delivered.
            QTimer.singleShot(0, self.deleteLater)


def _beside(hole: QRect, box: QRect, area: QRect) -> QRect:
    """``box`` placed right of, left of, below or above ``hole``, whichever fits in ``area``.

    Along the side it sits on, the box slides to stay in the area (a full-width toolbar
    still gets its callout just below it).
    """
    for where in ("right", "left", "below", "above"):
        placed = QRect(box)
        if where == "right":
            placed.moveTopLeft(QPoint(hole.right() + 1, hole.top()))
        elif where == "left":
            placed.moveTopRight(QPoint(hole.left() - 1, hole.top()))
        elif where == "below":
            placed.moveTopLeft(QPoint(hole.left(), hole.bottom() + 1))
        else:
            placed.moveBottomLeft(QPoint(hole.left(), hole.top() - 1))
        if where in ("right", "left"):
            placed.moveTop(_clamped(placed, area).top())
        else:
            placed.moveLeft(_clamped(placed, area).left())
        if area.contains(placed):
            return placed
    # Nothing fits beside it (a pane filling much of the window): sit inside the pane,
    # low down, so its top (title, first lines) stays in view.
    placed = QRect(box)
    placed.moveCenter(hole.center())
    placed.moveBottom(min(hole.bottom(), area.bottom()) - 2 * MARGIN)
    return _clamped(placed, area)


def _clamped(box: QRect, area: QRect) -> QRect:
    x = min(max(box.left(), area.left()), max(area.left(), area.right() - box.width() + 1))
    y = min(max(box.top(), area.top()), max(area.top(), area.bottom() - box.height() + 1))
    return QRect(QPoint(x, y), box.size())


# ---- entry points -----------------------------------------------------------------------------
def start_tour(window: MainWindow, offer: bool = False) -> GuidedTour | None:
    """Show the tour over ``window`` (restarting it if it is up); None without a project."""
    for running in window.findChildren(GuidedTour):
        running.close()
    if window.controller is None:
        window.statusBar().showMessage("Open a project (or the sample) to take the tour.", 5000)
        return None
    tour = GuidedTour(window, offer=offer)
    tour.show()
    tour.raise_()
    tour.setFocus()
    tour.next_button.setFocus()
    return tour


def install_tour(window: MainWindow) -> None:
    """Wire Help ▸ Guided tour (once, however often this is called)."""
    action = window.actions_by_name.get("tour")
    if action is None or action.property("tour_installed"):
        return
    action.setProperty("tour_installed", True)
    action.triggered.connect(lambda: start_tour(window))


def maybe_offer_tour(window: MainWindow) -> GuidedTour | None:
    """On the first run only: offer the tour over the project that just opened."""
    settings = app_settings()
    if settings.value(OFFERED_KEY, False, type=bool) or window.controller is None:
        return None
    settings.setValue(OFFERED_KEY, True)
    settings.sync()
    return start_tour(window, offer=True)
