"""Code points (database) vs UTF-16 (Qt): converted in one place, checked on hard text."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.ui.textmap import TextMap


@pytest.mark.parametrize("text", [
    "plain ascii text",
    "Привіт, світе — кирилиця",
    "مرحبا بالعالم والعربية",
    "emoji 😀 then 👍🏽 and 🇺🇦 flags, then text",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 mathematical 𝒜 letters",
])
def test_round_trip_every_offset(text):
    tm = TextMap(text)
    assert tm.utf16_length == len(text.encode("utf-16-le")) // 2
    for cp in range(len(text) + 1):
        assert tm.to_cp(tm.to_qt(cp)) == cp
        assert text.encode("utf-16-le")[: tm.to_qt(cp) * 2].decode("utf-16-le") == text[:cp]


def _brat(corpus: Path) -> list[tuple[Path, list[tuple[int, int, str]]]]:
    found = []
    for ann in sorted((corpus / "brat").glob("*.ann")):
        spans = []
        for line in ann.read_text(encoding="utf-8").splitlines():
            if line.startswith("T"):
                _, middle, text = line.split("\t")
                _type, start, end = middle.split(" ")[:3]
                spans.append((int(start), int(end), text))
        found.append((ann.with_suffix(".txt"), spans))
    return found


def test_reader_highlights_land_on_brat_gold_text(qtbot, corpus, ctx):
    """Every gold span, stored as a mention, shows exactly its gold text in the Qt reader."""
    from desktop.ingest.document import ImportedDocument
    from desktop.services import entities, sources
    from desktop.ui.application import make_app
    from desktop.ui.controller import ProjectController
    from desktop.ui.main_window import MainWindow

    make_app()
    checked = 0
    for txt, spans in _brat(corpus):
        text = txt.read_text(encoding="utf-8")
        uid = sources.add_source(ctx, ImportedDocument(text=text, title=txt.stem)).primary_uid
        stored = sources.source_text(ctx, uid)
        assert stored == text.replace("\r\n", "\n"), "brat text is stored unchanged"
        for start, end, gold in spans:
            assert stored[start:end] == gold
            entities.create_entity_with_mention(ctx, gold, "OTHER", uid, start, end)
    win = MainWindow()
    qtbot.addWidget(win)
    win.attach(ProjectController(ctx, win))
    for row in win.sources_model.all_rows():
        win.sources_pane.select_uid(row.uid)
        assert win.reader.source_uid == row.uid
        for span in win.reader.view.highlighter.spans:
            assert win.reader.view.text_of_span(span.row.start, span.row.end) == span.row.label
            checked += 1
    assert checked == 37
    win.controller = None  # the fixture closes the project


def test_reader_highlight_after_emoji_and_arabic(qtbot, ctx):
    from desktop.ingest.document import ImportedDocument
    from desktop.services import entities, sources
    from desktop.ui.application import make_app
    from desktop.ui.controller import ProjectController
    from desktop.ui.main_window import MainWindow

    make_app()
    text = "👍🏽 Report 🇺🇦: مرحبا then Zelenskyy 😀 spoke in Київ."
    uid = sources.add_source(ctx, ImportedDocument(text=text, title="Mixed")).primary_uid
    for word in ("Zelenskyy", "Київ", "مرحبا"):
        start = text.index(word)
        entities.create_entity_with_mention(ctx, word, "OTHER", uid, start, start + len(word))
    win = MainWindow()
    qtbot.addWidget(win)
    win.attach(ProjectController(ctx, win))
    labels = {s.row.label: win.reader.view.text_of_span(s.row.start, s.row.end)
              for s in win.reader.view.highlighter.spans}
    assert labels == {"Zelenskyy": "Zelenskyy", "Київ": "Київ", "مرحبا": "مرحبا"}
    win.reader.view.select_span(text.index("Київ"), text.index("Київ") + 4)
    assert win.reader.view.selected_text() == "Київ"
    win.controller = None
