"""The reader: a 1 MB source with 5,000 highlights (nested and overlapping) opened in the window.

Timed from asking the main window to show the source (text and spans read from
the project, highlighter run) to the first paint, against setting the same text
on a bare QPlainTextEdit of the same size.
"""

from __future__ import annotations

from PySide6.QtWidgets import QPlainTextEdit

from tests.benchmarks.gui_support import settle, timed
from tests.benchmarks.harness import Result, Target, scratch
from tests.benchmarks.projects import READER, cached, copy_of


def run(runs: int) -> list[Result]:
    from desktop.ui.main_window import MainWindow

    project = copy_of(cached("reader", READER, seed=3),
                      scratch("reader"))
    window = MainWindow()
    window.resize(1440, 900)
    window.show()
    settle()
    assert window.open_path(project)
    settle()
    source = window.sources_model.all_rows()[0]
    text = window.controller.source_text(source.uid)  # type: ignore[union-attr]
    spans = window.controller.spans(source.uid)  # type: ignore[union-attr]

    def clear() -> None:
        window.reader.show_source(None, "", "", "", [])
        settle()

    def open_source() -> None:
        window.navigator.show_source(source.uid)
        window.reader.view.viewport().repaint()

    def widget_only() -> None:
        window.reader.show_source(source.uid, source.title, "", text, spans)
        window.reader.view.viewport().repaint()

    # The same text letter for letter in Cyrillic, every 400th space an emoji: code-point
    # offsets stay valid, while Qt's UTF-16 positions move (the TextMap's work).
    cyrillic = _cyrillic(text)

    def widget_cyrillic() -> None:
        window.reader.show_source(source.uid, source.title, "", cyrillic, spans)
        window.reader.view.viewport().repaint()

    def one_annotation_less(n: int) -> None:
        window.reader.view.set_spans(spans[:n] + spans[n + 1:])
        window.reader.view.viewport().repaint()

    full, widget, refresh, non_ascii = [], [], [], []
    for n in range(runs):
        clear()
        full.append(timed(open_source))
        clear()
        non_ascii.append(timed(widget_cyrillic))
        clear()
        widget.append(timed(widget_only))
        refresh.append(timed(lambda n=n: one_annotation_less(len(spans) // 2 + n)))
    size = window.reader.view.size()
    window.close()

    bare = QPlainTextEdit()
    bare.resize(size)
    bare.show()
    settle()
    baseline = []
    for _ in range(runs):
        bare.clear()
        settle()
        baseline.append(timed(lambda: (bare.setPlainText(text), bare.viewport().repaint())))
    bare.close()
    kinds = {k: sum(1 for s in spans if s.kind == k) for k in ("mention", "claim", "implication")}
    note = (f"{len(text) / 1e6:.2f} M chars, {len(spans):,} highlights "
            f"({kinds['mention']:,} mentions, {kinds['claim']:,} claims, "
            f"{kinds['implication']:,} implications)")
    return [
        Result("reader: open 1 MB source, 5,000 highlights", "s", full, "bare QPlainTextEdit",
               baseline, Target(max_value=0.5), note=note + "; read from the project"),
        Result("reader: same, text and spans already read", "s", widget, "bare QPlainTextEdit",
               baseline, Target(max_value=0.5), note="ReaderPane.show_source only"),
        Result("reader: same in Cyrillic with emoji", "s", non_ascii, "bare QPlainTextEdit",
               baseline, Target(max_value=0.5), note="ReaderPane.show_source only"),
        Result("reader: highlights after one annotation changed", "s", refresh,
               target=Target(max_value=0.1), note="ReaderView.set_spans: changed blocks only"),
    ]


_LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_CYRILLIC = "абцдефгхийклмнопярстувшхызАБЦДЕФГХИЙКЛМНОПЯРСТУВШХЫЗ"


def _cyrillic(text: str) -> str:
    letters = text.translate(str.maketrans(_LATIN, _CYRILLIC))
    parts = letters.split(" ")
    return "".join(part + (" " if i % 400 else "\U0001F600") for i, part in enumerate(parts))[:-1]
