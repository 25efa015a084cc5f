"""Issue 19: the whole first hour with the keyboard alone.

New project → import → three entities → two graded claims → a judgement → two links →
the brief. Every step is a key press sent with qtbot.keyClick(s) to the widget that has
the focus; the file dialogs are answered by typing the path into the real dialog. The
test only waits (for windows to come up and background work to finish) and then looks.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from desktop.ui.application import make_app
from desktop.ui.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier

ARTICLE = ("Port talks stall\n"
           "Kyiv, 6 December 2026\n"
           "Minister Olena Koval met Admiral Reyes in Odesa on Friday.\n"
           "Olena Koval said the port would reopen within a month.\n"
           "Admiral Reyes said the harbour was still mined.\n"
           "Analysts doubt a quick reopening.\n")


class Keys:
    """The keyboard, and nothing else: every press goes to whatever has the focus."""

    def __init__(self, qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
        self.qtbot = qtbot
        self.window = window

    def focus(self):  # type: ignore[no-untyped-def]
        self.qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=3000)
        return QApplication.focusWidget()

    def press(self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
              times: int = 1) -> None:
        for _ in range(times):
            self.qtbot.keyClick(self.focus(), key, modifier)

    def type(self, text: str) -> None:
        self.qtbot.keyClicks(self.focus(), text)

    def in_window(self) -> None:
        """Wait for the main window to have the keyboard again (a dialog just closed)."""
        self.qtbot.waitUntil(lambda: self.window.isActiveWindow()
                             and QApplication.activeModalWidget() is None, timeout=3000)

    def in_dialog(self):  # type: ignore[no-untyped-def]
        self.qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None
                             and QApplication.activeWindow() is QApplication.activeModalWidget(),
                             timeout=3000)
        return QApplication.activeModalWidget()

    def answer_file_dialog(self, path: Path) -> None:
        """The next file dialog gets ``path`` typed into its name field, then Enter."""

        def answer() -> None:
            dialog = QApplication.activeModalWidget()
            focus = QApplication.focusWidget()
            if not isinstance(dialog, QFileDialog) or focus is None \
                    or not dialog.isAncestorOf(focus):
                QTimer.singleShot(20, answer)  # not up yet, or not holding the keyboard yet
                return
            self.qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_A, CTRL)
            self.qtbot.keyClicks(QApplication.focusWidget(), str(path))
            self.qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

        QTimer.singleShot(0, answer)

    def find(self, text: str) -> None:
        """Select ``text`` in the reader: Ctrl+F, type it, Esc (the match stays selected)."""
        self.press(Qt.Key.Key_R, ALT)
        self.press(Qt.Key.Key_F, CTRL)
        self.press(Qt.Key.Key_A, CTRL)
        self.type(text)
        self.press(Qt.Key.Key_Escape)
        assert self.window.reader.view.selected_text() == text


def test_the_first_hour_with_the_keyboard_alone(qtbot, tmp_path, analyst):
    article = tmp_path / "port-talks.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    project = tmp_path / "Port talks.dossier"
    make_app()
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    keys = Keys(qtbot, window)
    keys.in_window()

    # New project (Ctrl+N), its file name typed into the save dialog.
    keys.answer_file_dialog(project)
    keys.press(Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(lambda: window.controller is not None, timeout=5000)
    assert project.exists() and window.stack.currentWidget() is window.workspace

    # Import (Ctrl+I): the article opens in the reader, with its title and date.
    keys.in_window()
    stack = window.controller.undo_stack
    with qtbot.waitSignal(stack.indexChanged, timeout=20000):
        keys.answer_file_dialog(article)
        keys.press(Qt.Key.Key_I, CTRL)
    source = window.sources_model.all_rows()[0]
    assert (source.title, source.published_at) == ("Port talks stall", "2026-12-06")
    assert window.reader.source_uid == source.uid

    # The source's reliability: Alt+Enter, six fields down, B, Enter.
    keys.in_window()
    keys.press(Qt.Key.Key_R, ALT)
    keys.press(Qt.Key.Key_Return, ALT)
    keys.in_dialog()
    keys.press(Qt.Key.Key_Tab, times=6)
    keys.type("B")
    keys.press(Qt.Key.Key_Return)
    keys.in_window()
    assert window.sources_model.all_rows()[0].reliability == "B"

    # Three entities: select, E, (Tab to the type, its first letter), Enter.
    for name, type_key in (("Olena Koval", "Pe"), ("Admiral Reyes", "Pe"), ("Odesa", "Co")):
        keys.find(name)
        keys.press(Qt.Key.Key_E)
        keys.in_dialog()
        keys.press(Qt.Key.Key_Tab)
        keys.type(type_key)
        keys.press(Qt.Key.Key_Return)
        keys.in_window()
    entities = {e.name: e.type for e in window.entities_model.all_rows()}
    assert entities == {"Olena Koval": "PERSON", "Admiral Reyes": "PERSON", "Odesa": "GPE"}

    # Two claims: select, C; the claimant is the entity that opens the sentence; the
    # credibility three fields down; Enter.
    for quote, credibility in (("the port would reopen within a month", "3"),
                               ("the harbour was still mined", "2")):
        keys.find(quote)
        keys.press(Qt.Key.Key_C)
        keys.in_dialog()
        keys.press(Qt.Key.Key_Tab, times=3)
        keys.type(credibility)
        keys.press(Qt.Key.Key_Return)
        keys.in_window()
    claims = {c.statement: (c.claimant_name, c.grade) for c in window.claims_model.all_rows()}
    assert claims == {"the port would reopen within a month": ("Olena Koval", "B3"),
                      "the harbour was still mined": ("Admiral Reyes", "B2")}

    # A judgement: I, (kind stays Judgement) Tab, its text, Tab, Likely, Tab, Moderate, Enter.
    keys.press(Qt.Key.Key_R, ALT)
    keys.press(Qt.Key.Key_Right)  # a caret, no selection: the judgement is not anchored
    keys.press(Qt.Key.Key_I)
    keys.in_dialog()
    keys.press(Qt.Key.Key_Tab)
    keys.type("The port will not reopen within a month.")
    keys.press(Qt.Key.Key_Tab)
    keys.type("l")
    keys.press(Qt.Key.Key_Tab)
    keys.type("m")
    keys.press(Qt.Key.Key_Return)
    keys.in_window()
    (judgement,) = window.implications_model.all_rows()
    assert (judgement.kind, judgement.likelihood, judgement.confidence) == (
        "judgement", "likely", "moderate")

    # Links: L links the current claim (the harbour) to the current judgement; then the
    # other claim, picked in the dialog by its grade (B3), contradicts it.
    keys.press(Qt.Key.Key_L)
    keys.in_dialog()
    keys.press(Qt.Key.Key_Return)
    keys.in_window()
    keys.press(Qt.Key.Key_L)
    keys.in_dialog()
    keys.type("B3")
    keys.press(Qt.Key.Key_Tab)
    keys.type("c")
    keys.press(Qt.Key.Key_Return)
    keys.in_window()
    (judgement,) = window.implications_model.all_rows()
    assert (judgement.supports, judgement.contradicts) == (1, 1)

    # The brief: Ctrl+E, a title, Enter; it is built in the background and previewed.
    keys.press(Qt.Key.Key_E, CTRL)
    keys.in_dialog()
    keys.press(Qt.Key.Key_A, CTRL)
    keys.type("Port talks")
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.brief_preview is not None, timeout=30000)
    pdf = window.brief_preview.pdf_path
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")

    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        text = "".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    flat = " ".join(text.split())
    assert "Port talks" in flat and "The port will not reopen within a month." in flat
    assert "B2" in flat and "B3" in flat
    window.brief_preview.close()
    window.close()
