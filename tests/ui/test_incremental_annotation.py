"""Creating, changing or deleting one annotation refreshes only its highlights and rows,
and leaves the window exactly as a full reload would."""

from __future__ import annotations

from desktop.services import entities
from desktop.services.claims import ClaimDraft, create_claim
from desktop.ui.table_views import annotation_refresh


def _full_state(win):  # type: ignore[no-untyped-def]
    """What a complete reload would show: rows of the four tables and the reader's spans."""
    c = win.controller
    return ({r.uid: r for r in c.sources()}, {r.uid: r for r in c.entities()},
            {r.uid: r for r in c.claims()}, {r.uid: r for r in c.implications()},
            sorted((s.uid, s.start, s.end, s.label, s.category) for s in
                   c.spans(win.reader.source_uid)))


def _shown_state(win):  # type: ignore[no-untyped-def]
    hl = win.reader.view.highlighter
    by_block = {n: sorted(s.row.uid for s in spans) for n, spans in hl._by_block.items()}
    return ({r.uid: r for r in win.sources_model.all_rows()},
            {r.uid: r for r in win.entities_model.all_rows()},
            {r.uid: r for r in win.claims_model.all_rows()},
            {r.uid: r for r in win.implications_model.all_rows()},
            sorted((s.row.uid, s.row.start, s.row.end, s.row.label, s.row.category)
                   for s in hl.spans)), by_block


def _blocks_after_full_refresh(win):  # type: ignore[no-untyped-def]
    hl = win.reader.view.highlighter
    hl.set_spans(win.controller.spans(win.reader.source_uid), win.reader.view.textmap)
    return {n: sorted(s.row.uid for s in spans) for n, spans in hl._by_block.items()}


def test_one_annotation_at_a_time_matches_a_full_reload(qtbot, window, monkeypatch):  # type: ignore[no-untyped-def]
    win = window
    ctx = win.controller.ctx
    source_uid = win.reader.source_uid
    text = win.controller.source_text(source_uid)
    asked = []
    real_spans = win.controller.spans
    monkeypatch.setattr(win.controller, "spans",
                        lambda uid, only=None: (asked.append(only), real_spans(uid, only))[1])
    entity = win.entities_model.row_at(0)
    word_end = text.index(" ", 10)

    steps = [
        lambda: entities.add_mention(ctx, entity.uid, source_uid, 10, word_end, learn_alias=False),
        lambda: entities.create_entity_with_mention(ctx, "Quite New Person", "PERSON",
                                                    source_uid, 0, 5),
        lambda: create_claim(ctx, ClaimDraft(statement=text[20:80], source_uid=source_uid,
                                             start=20, end=80)),
    ]
    for step in steps:
        asked.clear()
        changes = win.controller.perform(step)
        assert changes is not None and annotation_refresh(changes) is not None
        assert asked and all(only is not None for only in asked)  # never every span again
        shown, blocks = _shown_state(win)
        assert shown == _full_state(win)
        assert blocks == _blocks_after_full_refresh(win)
    for _ in steps:  # undo each: the same, backwards
        win.controller.undo_stack.undo()
        shown, blocks = _shown_state(win)
        assert shown == _full_state(win)
        assert blocks == _blocks_after_full_refresh(win)


def test_deleting_a_mention_removes_its_highlight_and_its_count(qtbot, window):  # type: ignore[no-untyped-def]
    win = window
    hl = win.reader.view.highlighter
    mention = next(s.row for s in hl.spans if s.row.kind == "mention")
    before = next(e for e in win.entities_model.all_rows() if e.uid == mention.target_uid)
    win.controller.perform(lambda: entities.delete_mentions(win.controller.ctx, [mention.uid]))
    assert mention.uid not in {s.row.uid for s in hl.spans}
    after = next(e for e in win.entities_model.all_rows() if e.uid == mention.target_uid)
    assert after.mentions == before.mentions - 1
    shown, _blocks = _shown_state(win)
    assert shown == _full_state(win)


def test_an_entity_rename_still_reloads_what_shows_its_name(qtbot, window):  # type: ignore[no-untyped-def]
    win = window
    entity = win.entities_model.row_at(0)
    changes = win.controller.perform(
        lambda: entities.update_entity(win.controller.ctx, entity.uid, name="Renamed Entity"))
    assert changes is not None and annotation_refresh(changes) is None
    shown, _blocks = _shown_state(win)
    assert shown == _full_state(win)


def test_the_counts_follow_an_annotation_without_holding_it_up(qtbot, window):  # type: ignore[no-untyped-def]
    win = window
    source_uid = win.reader.source_uid
    before = win.controller.counts().mentions
    entity = win.entities_model.row_at(0)
    win.controller.perform(lambda: entities.add_mention(win.controller.ctx, entity.uid,
                                                        source_uid, 0, 4, learn_alias=False))
    qtbot.waitUntil(lambda: f"{before + 1} mentions" in win.counts_label.text(), timeout=10000)


def test_highlight_changes_do_not_announce_a_new_text(qtbot, window):  # type: ignore[no-untyped-def]
    """Re-formatting blocks is not a text change: views following the shown text stay put."""
    view = window.reader.view
    fired: list[int] = []
    view.textChanged.connect(lambda: fired.append(1))
    entity = window.entities_model.row_at(0)
    window.controller.perform(lambda: entities.add_mention(
        window.controller.ctx, entity.uid, window.reader.source_uid, 0, 4, learn_alias=False))
    assert fired == []
