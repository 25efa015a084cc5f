"""One analyst turns the drone-deal article into a brief, through the real window only.

Every step uses menus, shortcuts, dialogs, the reader selection or table editing;
services are called only to read results back. Set DOSSIER_SHOTS_DIR to record
numbered screenshots of each step (``make screenshots`` does).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from desktop.ui.dialogs.brief_dialog import BriefDialog
from desktop.ui.dialogs.claim_dialog import ClaimDialog
from desktop.ui.dialogs.entity_dialog import EntityDialog
from desktop.ui.dialogs.implication_dialog import ImplicationDialog
from desktop.ui.dialogs.link_dialog import LinkDialog
from desktop.ui.dialogs.source_dialog import SourceDialog
from desktop.ui.main_window import MainWindow
from tests.ui.conftest import choose, modal, press, select_in_reader

ARTICLE = "articles/us-ukraine-drone-mega-deal.txt"


class Journey:
    def __init__(self, qtbot, win: MainWindow, shots: Path | None) -> None:  # type: ignore[no-untyped-def]
        self.qtbot, self.win, self.shots, self.step = qtbot, win, shots, 0

    def shot(self, name: str, widget=None) -> None:  # type: ignore[no-untyped-def]
        self.step += 1
        if self.shots is not None:
            target = widget or self.win
            target.grab().save(str(self.shots / f"journey-{self.step:02d}-{name}.png"))

    def ok(self, dialog) -> None:  # type: ignore[no-untyped-def]
        self.qtbot.mouseClick(dialog.ok_button(), Qt.MouseButton.LeftButton)

    def entity(self, text: str, name: str, type_label: str, aliases: str = "",
               occurrence: int = 1) -> None:
        select_in_reader(self.qtbot, self.win, text, occurrence)
        press(self.qtbot, self.win.reader.view, Qt.Key.Key_E)
        dialog = modal(self.qtbot, EntityDialog)
        if name != text:
            dialog.name_edit.selectAll()
            self.qtbot.keyClicks(dialog.name_edit, name)
        choose(self.qtbot, dialog.type_combo, type_label)
        if aliases:
            self.qtbot.keyClicks(dialog.aliases_edit, aliases)
        if name == "Volodymyr Zelenskyy":
            self.shot("entity-dialog", dialog)
        self.ok(dialog)

    def claim(self, text: str, claimant: str | None, credibility: int) -> None:
        select_in_reader(self.qtbot, self.win, text)
        press(self.qtbot, self.win.reader.view, Qt.Key.Key_C)
        dialog = modal(self.qtbot, ClaimDialog)
        if claimant:
            dialog.claimant.lineEdit().selectAll()
            self.qtbot.keyClicks(dialog.claimant.lineEdit(), claimant)
        choose(self.qtbot, dialog.credibility, f"{credibility} ")
        if credibility == 3:
            self.shot("claim-dialog", dialog)
        self.ok(dialog)

    def implication(self, kind: str, text: str, likelihood: str | None,
                    confidence: str | None) -> None:
        self.win.reader.view.setFocus()
        cursor = self.win.reader.view.textCursor()
        cursor.clearSelection()
        self.win.reader.view.setTextCursor(cursor)
        press(self.qtbot, self.win.reader.view, Qt.Key.Key_I)
        dialog = modal(self.qtbot, ImplicationDialog)
        choose(self.qtbot, dialog.kind, kind)
        self.qtbot.keyClicks(dialog.text, text)
        if likelihood:
            choose(self.qtbot, dialog.likelihood, likelihood)
        if confidence:
            choose(self.qtbot, dialog.confidence, confidence)
        self.ok(dialog)

    def link(self, claim_start: str, implication_start: str, relation: str) -> None:
        press(self.qtbot, self.win.reader.view, Qt.Key.Key_L)
        dialog = modal(self.qtbot, LinkDialog)
        choose(self.qtbot, dialog.claim, claim_start)
        choose(self.qtbot, dialog.implication, implication_start)
        choose(self.qtbot, dialog.relation, relation)
        self.ok(dialog)


@pytest.fixture
def journey(qtbot, corpus, analyst, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    shots = os.environ.get("DOSSIER_SHOTS_DIR")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1440, 900)
    win.show()
    qtbot.waitExposed(win)
    with qtbot.waitActive(win):
        win.activateWindow()
    yield Journey(qtbot, win, Path(shots) if shots else None)
    win.close()


def _texts(pdf_path: Path) -> list[str]:
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


def _banner_heights(pdf_path: Path, marking: str) -> list[tuple[float, ...]]:
    """Per page, where ``marking`` is printed, as fractions of the page height (0 = bottom)."""
    pdf = pdfium.PdfDocument(str(pdf_path))
    found = []
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            searcher = textpage.search(marking)
            heights = []
            while (hit := searcher.get_next()) is not None:
                _left, bottom, _right, top = textpage.get_charbox(hit[0])
                heights.append(round((bottom + top) / 2 / page.get_height(), 2))
            found.append(tuple(heights))
    finally:
        pdf.close()
    return found


def test_drone_deal_article_becomes_a_brief(journey, qtbot, corpus, tmp_path, monkeypatch):
    win = journey.win
    project = tmp_path / "Drone deal.dossier"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(project), "")))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        staticmethod(lambda *a, **k: ([str(corpus / ARTICLE)], "")))

    # 1. A new, empty project through File ▸ New.
    qtbot.keyClick(win, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert win.stack.currentWidget() is win.workspace and project.exists()
    assert win.sources_model.rowCount() == 0

    # 2. File ▸ Import the article; it opens in the reader.
    with qtbot.waitSignal(win.controller.undo_stack.indexChanged, timeout=20000):
        win.menus["File"].actions()[[a.text() for a in win.menus["File"].actions()]
                                    .index("&Import sources…")].trigger()
    assert win.sources_model.rowCount() == 1
    assert "Zelenskyy has announced" in win.reader.view.textmap.text
    journey.shot("imported")

    # 3. Reliability B through File ▸ Source properties (Alt+Return).
    qtbot.keyClick(win.reader.view, Qt.Key.Key_Return, Qt.KeyboardModifier.AltModifier)
    props = modal(qtbot, SourceDialog)
    choose(qtbot, props.reliability, "B ")
    props.edits["title"].selectAll()
    qtbot.keyClicks(props.edits["title"], "US and Ukraine discuss drone mega deal")
    journey.ok(props)
    source = win.sources_model.all_rows()[0]
    assert (source.reliability, source.title) == ("B", "US and Ukraine discuss drone mega deal")
    assert "Reliability B" in win.reader.meta.text()

    # 4. Entities from selections, each with its type; a second mention by picking.
    journey.entity("Volodymyr Zelenskyy", "Volodymyr Zelenskyy", "Person", "Zelenskyy")
    journey.entity("Donald Trump", "Donald Trump", "Person")
    journey.entity("Pete Hegseth", "Pete Hegseth", "Person")
    journey.entity("Pentagon", "Pentagon", "Organisation")
    journey.entity("Ukraine", "Ukraine", "Country")
    journey.entity("United States", "United States", "Country")
    journey.entity("Patriot missile system", "Patriot air defence system", "Equipment")
    select_in_reader(qtbot, win, "Zelenskyy", 2)
    press(qtbot, win.reader.view, Qt.Key.Key_E)
    pick = modal(qtbot, EntityDialog)
    assert pick.matched() is not None and pick.matched().name == "Volodymyr Zelenskyy"
    qtbot.keyClick(pick.name_edit, Qt.Key.Key_Return)
    entities = {e.name: e for e in win.entities_model.all_rows()}
    assert set(entities) == {"Volodymyr Zelenskyy", "Donald Trump", "Pete Hegseth", "Pentagon",
                             "Ukraine", "United States", "Patriot air defence system"}
    assert [entities[n].type for n in ("Volodymyr Zelenskyy", "Pentagon", "Ukraine",
                                       "Patriot air defence system")] == [
        "PERSON", "ORGANIZATION", "GPE", "EQUIPMENT"]
    assert entities["Volodymyr Zelenskyy"].mentions == 2
    assert "Zelenskyy" in entities["Volodymyr Zelenskyy"].aliases
    journey.shot("entities")

    # 5. Claims from selections, graded.
    journey.claim("Zelenskyy described the deal as a “win-win,”", "Volodymyr Zelenskyy", 3)
    journey.claim("This operation saw 117 Ukrainian drones disable or destroy Russian bombers "
                  "across four military bases", None, 2)
    journey.claim("Hegseth issued a directive to fast-track U.S. drone production", "Pete Hegseth", 2)
    grades = {c.statement[:20]: (c.grade, c.claimant_name) for c in win.claims_model.all_rows()}
    assert grades == {"Zelenskyy described ": ("B3", "Volodymyr Zelenskyy"),
                      "This operation saw 1": ("B2", ""),
                      "Hegseth issued a dir": ("B2", "Pete Hegseth")}
    journey.shot("claims")

    # 6. A BLUF, a key judgement and an assumption; claims linked to them.
    journey.implication("Bottom line", "Washington and Kyiv are likely to agree a drones-for-"
                        "weapons deal that gives the US Ukrainian drone know-how.", "likely",
                        "Moderate")
    journey.implication("Key judgement", "The US is likely to buy Ukrainian drone technology "
                        "within a year.", "likely", "Moderate")
    journey.implication("Assumption", "The US keeps supplying Patriot systems to Ukraine "
                        "during the talks.", None, None)
    journey.link("B3", "2.", "Supports")
    journey.link("B2  This operation", "2.", "Supports")
    journey.link("B2  Hegseth", "1.", "Supports")
    journey.link("B3", "3.", "Contradicts")
    rows = {i.kind: i for i in win.implications_model.all_rows()}
    assert (rows["judgement"].likelihood, rows["judgement"].confidence) == ("likely", "moderate")
    assert (rows["judgement"].supports, rows["bluf"].supports) == (2, 1)
    assert rows["assumption"].contradicts == 1
    win.tabs.setCurrentWidget(win.implications_pane)
    journey.shot("implications")

    # 7. Undo the last three actions, then redo them.
    def counts() -> tuple[int, int, int]:
        r = {i.kind: i for i in win.implications_model.all_rows()}
        return r["judgement"].supports, r["bluf"].supports, r["assumption"].contradicts

    for expected in [(2, 1, 0), (2, 0, 0), (1, 0, 0)]:
        qtbot.keyClick(win.reader.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert counts() == expected
    for _ in range(3):
        qtbot.keyClick(win.reader.view, Qt.Key.Key_Z,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert counts() == (2, 1, 1)

    # 8. File ▸ Export brief… with TLP:AMBER; the PDF says what the analyst built.
    out = tmp_path / "drone brief.pdf"
    qtbot.keyClick(win.reader.view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = modal(qtbot, BriefDialog)
    dialog.title.selectAll()
    qtbot.keyClicks(dialog.title, "US-Ukraine drone deal")
    dialog.marking.setCurrentText("TLP:AMBER")
    dialog.path.selectAll()
    qtbot.keyClicks(dialog.path, str(out))
    journey.shot("export-dialog", dialog)
    journey.ok(dialog)
    qtbot.waitUntil(lambda: win.brief.brief_preview is not None, timeout=60000)
    journey.shot("brief-preview", win.brief.brief_preview)
    pages = _texts(out)
    assert len(pages) >= 2
    for number, (page, heights) in enumerate(zip(pages, _banner_heights(out, "TLP:AMBER"),
                                                 strict=True), start=1):
        assert max(heights) > 0.9 and min(heights) < 0.1, f"banners top and bottom: {heights}"
        assert f"Page {number} of {len(pages)}" in page
    text = re.sub(r"\s+", " ", " ".join(pages))
    for needle in ("The US is likely to buy Ukrainian drone technology within a year",
                   "Washington and Kyiv are likely to agree", "The US keeps supplying Patriot",
                   "likely (55–80%)", "moderate confidence", "B3", "B2",
                   "Volodymyr Zelenskyy", "Pete Hegseth", "Pentagon", "Patriot air defence system",
                   "US and Ukraine discuss drone mega deal"):
        assert needle in text, needle
    win.brief.brief_preview.accept()
    assert QApplication.activeModalWidget() is None
    _ = QMessageBox  # messages would have been modal; none is left open
