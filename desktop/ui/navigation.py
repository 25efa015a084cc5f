"""Where the analyst is looking: the open source, the current row, the details, the panes.

One object composed into the main window. A row chosen in a table reveals its
anchor in the reader; a highlight or a link selects its row; the details follow the
table that is showing; Alt+letter and Ctrl+Tab move the keyboard between panes.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QDockWidget, QWidget

from desktop.ui.detail_panel import link_list
from desktop.ui.reader import source_meta
from desktop.ui.table_pane import TablePane

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow

# Panes with an Alt+letter of their own (View ▸ Go to); see actions.py.
PANE_ORDER = ("sources", "reader", "entities", "claims", "implications", "details", "search",
              "suggestions")


class Navigator(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._mention_cursor: dict[str, int] = {}

    def show_source(self, uid: str) -> None:
        if self.window.controller is None or not uid:
            return
        if uid == self.window.reader.source_uid:
            return
        row = next((s for s in self.window.sources_model.all_rows() if s.uid == uid), None)
        if row is None:
            return
        self.window.reader.show_source(uid, row.title, source_meta(row.reliability, row.author,
                                                            row.publisher, row.published_at),
                                self.window.controller.source_text(uid), self.window.controller.spans(uid),
                                kind=str(row.kind))

    def open_source(self, uid: str) -> None:
        if self.window.sources_pane is not None and uid != self.window.reader.source_uid:
            self.window.sources_pane.select_uid(uid)
            self.show_source(uid)

    def on_row(self, kind: str, uid: str, pane: TablePane | None = None) -> None:
        # The details follow the table that is showing; a row chosen in a hidden tab
        # (its tab is about to be raised by select_annotation) is shown when it is.
        if pane is None or pane is self.window.tabs.currentWidget():
            self.refresh_detail(kind, uid)
        self.window.update_actions()
        if not uid or self.window.controller is None or self.window.tables.reloading:
            return
        if kind == "entity":
            positions = self.window.controller.mention_positions(uid)
            here = [p for p in positions if p[0] == self.window.reader.source_uid]
            target = (here or positions or [None])[0]
            if target:
                self._mention_cursor[uid] = positions.index(target)
                self.open_source(target[0])
                self.window.reader.view.reveal(target[1], target[2])
            return
        model = self.window.claims_model if kind == "claim" else self.window.implications_model
        row = model.row_at(model.row_by_uid(uid)) if model.row_by_uid(uid) >= 0 else None
        if row is not None and row.source_uid and row.start is not None:
            self.open_source(row.source_uid)
            self.window.reader.view.reveal(row.start, row.end)

    def step_mention(self, step: int) -> None:
        if self.window.controller is None or self.window.entities_pane is None:
            return
        uid = self.window.entities_pane.current_uid()
        positions = self.window.controller.mention_positions(uid)
        if not positions:
            return
        index = (self._mention_cursor.get(uid, 0) + step) % len(positions)
        self._mention_cursor[uid] = index
        source_uid, start, end = positions[index]
        self.open_source(source_uid)
        self.window.reader.view.reveal(start, end)
        self.window.statusBar().showMessage(f"Mention {index + 1} of {len(positions)}", 3000)

    def select_annotation(self, kind: str, uid: str) -> None:
        """Select the table row behind a highlight or a link."""
        if self.window.entities_pane is None:
            return
        if kind == "mention":
            span = next((s.row for s in self.window.reader.view.highlighter.spans if s.row.uid == uid),
                        None)
            kind, uid = "entity", span.target_uid if span else ""
        pane = {"entity": self.window.entities_pane, "claim": self.window.claims_pane,
                "implication": self.window.implications_pane}.get(kind)
        if pane is None:
            self.window.connections.select(kind, uid)
            return
        if not uid:
            return
        self.window.tabs.setCurrentWidget(pane)
        if pane.select_uid(uid):
            self.refresh_detail(kind, uid)  # even when the row was already the current one

    def sync_detail(self) -> None:
        """Show the current row of the table on show (the details never lag behind it)."""
        pane = self.window.tabs.currentWidget()
        kind = {self.window.entities_pane: "entity", self.window.claims_pane: "claim",
                self.window.implications_pane: "implication"}.get(pane)  # type: ignore[call-overload]
        if isinstance(pane, TablePane) and pane in self.window.connections.panes():
            self.window.connections.show_detail(pane.model.kind, pane.current_uid())
            return
        if kind is None or not isinstance(pane, TablePane):
            self.window.detail.show_row("", None, "", "")
            return
        self.refresh_detail(kind, pane.current_uid())

    def refresh_detail(self, kind: str | None = None, uid: str | None = None) -> None:
        if self.window.controller is None:
            return
        kind = kind if kind is not None else self.window.detail.kind
        uid = uid if uid is not None else self.window.detail.uid
        esc = html.escape
        if kind == "entity" and uid:
            index = self.window.entities_model.row_by_uid(uid)
            row = self.window.entities_model.row_at(index) if index >= 0 else None
            if row is None:
                self.window.detail.show_row("", None, "", "")
                return
            said = [("claim", c.uid, f"{c.grade} {c.statement}")
                    for c in self.window.claims_model.all_rows() if c.claimant_uid == uid]
            aliases = ", ".join(row.aliases) or "no aliases"
            self.window.detail.show_row(kind, row, f"{row.name} — {aliases}; {_count(row.mentions, 'mention')}"
                                 f" in {_count(row.sources, 'source')}",
                                 link_list("Claims made", said, esc))
        elif kind == "claim" and uid:
            index = self.window.claims_model.row_by_uid(uid)
            row = self.window.claims_model.row_at(index) if index >= 0 else None
            if row is None:
                self.window.detail.show_row("", None, "", "")
                return
            titles = {i.uid: i.text for i in self.window.implications_model.all_rows()}
            links = [("implication", s.implication_uid,
                      f"{s.relation}: {titles.get(s.implication_uid, '')}")
                     for s in self.window.controller.supports() if s.claim_uid == uid]
            who = row.claimant_name or "the source itself"
            self.window.detail.show_row(kind, row, f"Claim {row.grade} by {who}",
                                 link_list("Linked implications", links, esc))
        elif kind == "implication" and uid:
            index = self.window.implications_model.row_by_uid(uid)
            row = self.window.implications_model.row_at(index) if index >= 0 else None
            if row is None:
                self.window.detail.show_row("", None, "", "")
                return
            claims = {c.uid: c for c in self.window.claims_model.all_rows()}
            links = [("claim", s.claim_uid, f"{s.relation}: {claims[s.claim_uid].grade} "
                      f"{claims[s.claim_uid].statement}")
                     for s in self.window.controller.supports()
                     if s.implication_uid == uid and s.claim_uid in claims]
            self.window.detail.show_row(kind, row, f"{row.kind.capitalize()} — {row.supports} "
                                 f"supporting, {row.contradicts} contradicting",
                                 link_list("Evidence", links, esc))
        elif not (kind and uid and self.window.connections.show_detail(kind, uid)):
            self.window.detail.show_row("", None, "", "")

    def open_search_place(self, source_uid: str, start: int, end: int) -> None:
        """A search hit inside a source: open it there."""
        self.open_source(source_uid)
        if self.window.reader.source_uid == source_uid:
            self.window.reader.view.reveal(start, end)

    def open_search_hit(self, kind: str, uid: str) -> None:
        if kind == "source":
            self.open_source(uid)
        else:
            self.select_annotation(kind, uid)

    # ---- panes and the keyboard ------------------------------------------------------
    def pane_widgets(self) -> dict[str, tuple[QWidget, QWidget]]:
        """Each pane that can take the keyboard now: name -> (its area, what gets focus)."""
        found: dict[str, tuple[QWidget, QWidget]] = {}
        if self.window.controller is None:
            return found
        if self.window.sources_pane is not None and self.window.sources_dock.isVisible():
            found["sources"] = (self.window.sources_dock, self.window.sources_pane.view)
        found["reader"] = (self.window.reader, self.window.reader.view)
        for name, pane in (("entities", self.window.entities_pane), ("claims", self.window.claims_pane),
                           ("implications", self.window.implications_pane)):
            if pane is not None:
                found[name] = (pane, pane.view)
        found["details"] = (self.window.detail, self.window.detail.focus_target())
        if self.window.search_dock.isVisible():
            found["search"] = (self.window.search_dock, self.window.search_panel.query)
        suggestions = self.window.assist.suggestions_dock
        if suggestions.isVisible():
            found["suggestions"] = (suggestions, self.window.assist.review_panel.view)
        return found

    def go_to_pane(self, name: str) -> bool:
        """Alt+letter: raise the pane (its tab or dock) and put the keyboard in it."""
        if self.window.controller is None:
            return False
        if name == "search":
            self.show_search()
            return True
        if name == "suggestions":
            self.window.assist.show_review_panel()
        if name == "sources":
            self.window.sources_dock.show()
        panes = self.pane_widgets()
        if name not in panes:
            return False
        area, target = panes[name]
        if area.parentWidget() is not None and self.window.tabs.indexOf(area) >= 0:
            self.window.tabs.setCurrentWidget(area)
        if isinstance(area, QDockWidget):
            area.raise_()
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return True

    def cycle_pane(self, step: int) -> None:
        """F6 / Shift+F6: the next pane in the window's reading order (the tables only
        as the one tab on show)."""
        panes = self.pane_widgets()
        current_tab = self.window.tabs.currentWidget()
        order = [n for n in ("sources", "reader", "entities", "claims", "implications",
                             "details", "suggestions", "search")
                 if n in panes and (panes[n][0] is current_tab
                                    or n not in ("entities", "claims", "implications"))]
        if not order:
            return
        focus = QApplication.focusWidget()
        here = next((i for i, n in enumerate(order)
                     if focus is not None and (focus is panes[n][0]
                                               or panes[n][0].isAncestorOf(focus))), None)
        following = order[0] if here is None else order[(here + step) % len(order)]
        self.go_to_pane(following)

    def show_legend(self) -> None:
        from desktop.ui.legend import LegendDialog

        dialog = self.window.findChild(LegendDialog)
        if dialog is None:
            dialog = LegendDialog(self.window)
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def show_search(self) -> None:
        self.window.search_dock.show()
        self.window.search_dock.raise_()
        self.window.search_panel.query.setFocus()
        self.window.search_panel.query.selectAll()


def _count(n: int, noun: str) -> str:
    from desktop.services.counts import plural

    return plural(n, noun)
