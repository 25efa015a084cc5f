"""Project-wide full-text search: a query box and a result list that opens hits."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from db.search import SearchHit
from desktop.ui.workers import Worker, start

KIND_LABEL = {"source": "Source", "claim": "Claim", "implication": "Implication"}


class SearchPanel(QWidget):
    hit_activated = Signal(str, str)  # kind, uid
    place_activated = Signal(str, int, int)  # source uid, start, end (code points)
    results_shown = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.query = QLineEdit(self)
        self.query.setPlaceholderText("Search sources, claims and implications…")
        self.query.setClearButtonEnabled(True)
        self.query.setAccessibleName("Search project")
        self.status = QLabel(self)
        self.results = QListWidget(self)
        self.results.setAccessibleName("Search results")
        self.results.setWordWrap(True)
        layout.addWidget(self.query)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(200)
        self._debounce.timeout.connect(self.run)
        self.query.textChanged.connect(lambda _t: self._debounce.start())
        self.query.returnPressed.connect(self.run)
        self.results.itemActivated.connect(self._open)
        self.results.itemClicked.connect(self._open)
        self.search_fn = None
        self._worker: Worker | None = None
        self._generation = 0

    def clear(self) -> None:
        """Forget the query and its results (the project they came from has closed)."""
        self._generation += 1  # a search still running reports into nothing
        self._debounce.stop()
        self.search_fn = None
        self.query.blockSignals(True)
        self.query.clear()
        self.query.blockSignals(False)
        self.results.clear()
        self.status.setText("")

    def run(self) -> None:
        self._debounce.stop()
        text = self.query.text().strip()
        if not text or self.search_fn is None:
            self.results.clear()
            self.status.setText("")
            return
        self._generation += 1
        generation = self._generation
        fn = self.search_fn
        worker = Worker(lambda progress, cancelled: fn(text))
        worker.signals.finished.connect(lambda hits: self._show(generation, hits))
        worker.signals.failed.connect(self.status.setText)
        self._worker = start(worker)

    def _show(self, generation: int, hits: list[SearchHit]) -> None:
        if generation != self._generation:
            return  # a newer query is on its way
        self.results.clear()
        for hit in hits:
            snippet = " ".join(hit.snippet.split())
            title = f"{hit.title} — " if hit.title else ""
            item = QListWidgetItem(f"{KIND_LABEL.get(hit.kind, hit.kind)}: {title}{snippet}")
            place = (getattr(hit, "start", None), getattr(hit, "end", None))
            item.setData(Qt.ItemDataRole.UserRole, (hit.kind, hit.uid, *place))
            self.results.addItem(item)
        self.status.setText(f"{len(hits)} result{'s' if len(hits) != 1 else ''}")
        self.results_shown.emit(len(hits))

    def _open(self, item: QListWidgetItem) -> None:
        data = item.data(Qt.ItemDataRole.UserRole)
        if not data:
            return
        if data[0] == "source" and data[2] is not None:
            self.place_activated.emit(data[1], int(data[2]), int(data[3]))
        else:
            self.hit_activated.emit(data[0], data[1])
