"""Events and relations in the window: T and R on a selection, the Timeline, the Link chart."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGraphicsRectItem

from db.repository.rows import EventRow
from desktop.services.chronology import chronology
from desktop.ui.dialogs.event_dialog import EventDialog
from desktop.ui.dialogs.relation_dialog import RelationDialog
from desktop.ui.link_chart import NodeItem
from desktop.ui.timeline_view import DISPUTED_COLOUR, UID_KEY, TimelineView
from tests.ui.conftest import choose, focused, modal, press, select_in_reader

HERALD = "An underwater explosion damaged the Kessel gas pipeline"


def revealed(window) -> str:  # type: ignore[no-untyped-def]
    """The text the reader flashes after revealing an anchor."""
    flashes = window.reader.view.extraSelections()
    return flashes[0].cursor.selectedText() if flashes else ""


def _undo(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    press(qtbot, window.reader.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def _redo(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    press(qtbot, window.reader.view, Qt.Key.Key_Z,
          Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)


def test_t_on_a_selection_creates_a_dated_event_and_undo_redo(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    events = window.connections.events_model
    before = len(events.all_rows())
    select_in_reader(qtbot, window, "Dask told reporters that the damage was")
    press(qtbot, window.reader.view, Qt.Key.Key_T)
    dialog = modal(qtbot, EventDialog)
    assert focused(qtbot, dialog) is dialog.title
    dialog.title.selectAll()
    qtbot.keyClicks(dialog.title, "Dask briefs reporters on the damage")
    qtbot.keyClick(dialog.title, Qt.Key.Key_Tab)
    assert focused(qtbot, dialog) is dialog.when
    qtbot.keyClicks(dialog.when, "2026-03-03")
    assert "2026-03-03" in dialog.note.text()
    qtbot.keyClick(dialog.when, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(events.all_rows()) == before + 1, timeout=3000)
    row = next(r for r in events.all_rows() if r.title.startswith("Dask briefs"))
    assert (row.date_start, row.date_precision) == ("2026-03-03", "day")
    # Liora Dask is mentioned inside the selection: she is taken as a participant.
    assert row.participants == ("Liora Dask",)
    assert window.tabs.currentWidget() is window.connections.events_pane
    assert revealed(window).startswith("Dask told reporters")
    _undo(qtbot, window)
    assert len(events.all_rows()) == before
    _redo(qtbot, window)
    assert len(events.all_rows()) == before + 1


def test_the_event_dialog_reads_the_date_relative_to_the_publication(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    select_in_reader(qtbot, window, HERALD + " eleven kilometres off Port Vanta early on Tuesday")
    press(qtbot, window.reader.view, Qt.Key.Key_T)
    dialog = modal(qtbot, EventDialog)
    # The article is of Tuesday 3 March 2026: "early on Tuesday" is that day, roughly.
    assert dialog.when.text() == "c. 2026-03-03"
    assert "early on Tuesday" in dialog.note.text()
    # The only place named inside the selection (the mention of Port Vanta is in the title).
    assert dialog.place.currentText() == "Kessel pipeline"
    qtbot.keyClick(dialog.when, Qt.Key.Key_Escape)


def test_r_on_a_selection_creates_a_relation_and_undo_redo(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    relations = window.connections.relations_model
    before = len(relations.all_rows())
    window.sources_pane.select_uid(window.sources_model.all_rows()[2].uid)
    select_in_reader(qtbot, window, "Registry records show the Merid Star is owned by "
                                    "Grauwal Shipping, a company registered in Norland")
    press(qtbot, window.reader.view, Qt.Key.Key_R)
    dialog = modal(qtbot, RelationDialog)
    assert focused(qtbot, dialog) is dialog.subject
    # The entities named in the selection, in reading order, are offered as its two ends.
    assert dialog.subject.currentText() == "Grauwal Shipping"
    assert dialog.object.currentText() == "Norland"
    qtbot.keyClick(dialog.subject, Qt.Key.Key_Tab)
    choose(qtbot, dialog.type, "supplies")
    dialog.notes.setFocus()
    qtbot.keyClicks(dialog.notes, "registered there")
    assert dialog.ok_button().isEnabled()
    qtbot.keyClick(dialog.notes, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(relations.all_rows()) == before + 1, timeout=3000)
    row = next(r for r in relations.all_rows() if r.type == "supplies")
    assert (row.subject_name, row.object_name) == ("Grauwal Shipping", "Norland")
    assert window.tabs.currentWidget() is window.connections.relations_pane
    _undo(qtbot, window)
    assert len(relations.all_rows()) == before
    _redo(qtbot, window)
    assert len(relations.all_rows()) == before + 1


def _event(uid: str, title: str, start: str, end: str = "", precision: str = "day",
           approximate: bool = False, who: tuple[str, ...] = ("Estmark",)) -> EventRow:
    return EventRow(0, uid, title, "", start, end, precision, approximate, "", None, "",
                    (), who, (), None, "Herald", "accepted")


def test_the_timeline_places_events_by_date_with_ranges_and_rough_dates(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = TimelineView()
    qtbot.addWidget(view)
    view.resize(900, 400)
    view.set_events(chronology([
        _event("a", "Blast", "2026-03-03"),
        _event("b", "Talks", "2026-03-05", "2026-03-09"),
        _event("c", "Repairs", "2026-06", precision="month", approximate=True),
        _event("d", "Closure", "2024", precision="year"),
        _event("e", "Blast", "2026-03-20"),  # another report of "Blast", another date
    ]))
    scene = view.timeline_scene
    items = {uid: found[0] for uid, found in scene.items_by_uid.items()}
    x = {uid: item.sceneBoundingRect().left() for uid, item in items.items()}
    assert x["d"] < x["a"] < x["b"] < x["e"] < x["c"]
    # A range and a month are bars over every day they may mean.
    assert isinstance(items["b"], QGraphicsRectItem) and isinstance(items["c"], QGraphicsRectItem)
    assert items["b"].rect().width() == 5 * scene.px_per_day  # 5 to 9 March: five days
    assert items["c"].rect().width() == 30 * scene.px_per_day  # June: thirty days
    assert items["c"].pen().style() == Qt.PenStyle.DashLine  # roughly dated: dashed
    assert items["b"].pen().style() == Qt.PenStyle.SolidLine
    # The two reports of the blast cannot both be right: both drawn red, and said so.
    red = DISPUTED_COLOUR.darker(130).name()
    assert items["a"].pen().color().name() == items["e"].pen().color().name() == red
    assert items["b"].pen().color().name() != red
    assert "cannot also be right" in items["a"].toolTip()
    assert "2 with disputed dates" in view.count.text()
    before = scene.px_per_day
    qtbot.mouseClick(view.zoom_in, Qt.MouseButton.LeftButton)
    assert scene.px_per_day > before
    qtbot.keyClicks(view.filter, "talks")
    assert list(view.timeline_scene.items_by_uid) == ["b"]


def test_clicking_a_timeline_event_reveals_its_anchor(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.actions_by_name["view_timeline"].trigger()
    timeline = window.connections.timeline
    qtbot.waitUntil(lambda: bool(timeline.timeline_scene.items_by_uid), timeout=3000)
    blast = next(r for r in window.connections.events_model.all_rows()
                 if r.title.startswith("Underwater explosion"))
    item = timeline.timeline_scene.items_by_uid[blast.uid][0]
    timeline.view.centerOn(item)
    point = timeline.view.mapFromScene(item.sceneBoundingRect().center())
    qtbot.mouseClick(timeline.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert item.data(UID_KEY) == blast.uid
    qtbot.waitUntil(lambda: window.connections.events_pane.current_uid() == blast.uid,
                    timeout=3000)
    assert revealed(window).startswith(HERALD)


def test_link_chart_shows_the_sample_and_reveals_anchors(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    chart = window.connections.link_chart
    with qtbot.waitSignal(chart.layout_done, timeout=20000):
        window.actions_by_name["view_link_chart"].trigger()
    assert len(chart.nodes) == 12
    relations = [e for e, _item in chart.edges if e.kind == "relation"]
    assert len(relations) == 7 and any(e.kind == "co-mention" for e, _ in chart.edges)
    # A relation resting on an A2 claim is drawn thicker than an ungraded one.
    widths = {e.label + e.grade: item.pen().widthF() for e, item in chart.edges}
    assert widths["located inA2"] > widths["owns"]
    # Clicking a node selects the entity and shows one of its mentions.
    node = chart.nodes[next(n.uid for n in chart.graph.nodes if n.name == "Merid Star")]
    assert isinstance(node, NodeItem)
    chart.view.centerOn(node)
    qtbot.mouseClick(chart.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=chart.view.mapFromScene(node.scenePos()))
    qtbot.waitUntil(lambda: window.entities_pane.current_uid() == node.uid, timeout=3000)
    assert "Merid Star" in revealed(window)
    # Selecting an edge reveals the text the relation is anchored to.
    owns = next(item for e, item in chart.edges if e.label == "owns")
    chart.chart_scene.clearSelection()
    owns.setSelected(True)
    qtbot.waitUntil(lambda: window.tabs.currentWidget() is window.connections.relations_pane,
                    timeout=3000)
    assert revealed(window) == "the Merid Star is owned by Grauwal Shipping"
    # Filtering by grade hides the ungraded relations.
    choose(qtbot, chart.grade, "At least C3")
    assert {e.grade for e, _ in chart.edges} <= {"A2", "B2", "C2"}


def test_link_chart_exports_svg_and_png(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    chart = window.connections.link_chart
    with qtbot.waitSignal(chart.layout_done, timeout=20000):
        window.actions_by_name["view_link_chart"].trigger()
    svg = chart.export(tmp_path / "chart.svg")
    assert b"<svg" in svg.read_bytes()[:400] and b"Merid Star" in svg.read_bytes()
    png = chart.export(tmp_path / "chart.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_new_relation_type_typed_in_joins_the_project_in_the_same_undo_step(  # type: ignore[no-untyped-def]
        qtbot, window) -> None:
    from desktop.services.relations import relation_types

    relations = window.connections.relations_model
    before = len(relations.all_rows())
    window.sources_pane.select_uid(window.sources_model.all_rows()[2].uid)
    select_in_reader(qtbot, window, "Grauwal Shipping, a company registered in Norland")
    press(qtbot, window.reader.view, Qt.Key.Key_R)
    dialog = modal(qtbot, RelationDialog)
    dialog.type.setFocus()
    dialog.type.lineEdit().selectAll()
    qtbot.keyClicks(dialog.type.lineEdit(), "Registered in")
    assert "becomes one of this project's relation types" in dialog.note.text()
    qtbot.keyClick(dialog.type, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(relations.all_rows()) == before + 1, timeout=3000)
    assert "registered in" in relation_types(window.controller.ctx)
    _undo(qtbot, window)
    assert len(relations.all_rows()) == before
    assert "registered in" not in relation_types(window.controller.ctx)


def test_event_and_relation_models_pass_qt_model_tester(qtmodeltester, window) -> None:  # type: ignore[no-untyped-def]
    for model in (window.connections.events_model, window.connections.relations_model):
        assert model.rowCount() == 7
        qtmodeltester.check(model, force_py=True)
