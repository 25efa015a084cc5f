"""The re-attachment figure from issue 15: 1,000 annotations on a ~50k-character source.

The colleague's version has (a) 22 characters prepended, (b) a paragraph
inserted mid-text, (c) 20 scattered one-word edits (and, as an extra, all
three at once). Every annotation must end exactly on its quote or be flagged
orphaned; none may be placed on other words. Both directions are checked:
annotations made on the old text moved onto the new one, and made on the new
text moved onto the old one.

Held-out cases: these tests assert on ``TEST_SEEDS``; the thresholds in
desktop/services/anchoring.py were tuned on ``DEV_SEEDS`` only (see
reattach_gen.py). The benchmark (tests/benchmarks/bench_reattach.py) prints
the figures for both sets.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.models import Anchor, Entity, Mention
from db.models.vocab import EntityType, ReviewState
from desktop.core.recorder import Recorder
from desktop.ingest.document import ImportedDocument
from desktop.services import sources
from desktop.services.anchoring import OffsetMap, make_anchor, place
from desktop.services.annotate import new_anchor
from desktop.services.importing import reimport_source
from tests.sharing.reattach_gen import EDITS, TEST_SEEDS, Case, Tally, build_case

TARGET = 990


def _tally(case: Case, *, own_text_known: bool = True) -> Tally:
    mapping = OffsetMap(case.made_on, case.moved_to) if own_text_known else None
    tally = Tally()
    for (start, end), expected in zip(case.spans, case.expected, strict=True):
        placed = place(make_anchor(case.made_on, start, end), case.moved_to, mapping).spec
        tally.add(None if placed is None else (placed.start, placed.end), expected)
    return tally


@pytest.mark.parametrize("reverse", [False, True], ids=["old-to-new", "new-to-old"])
@pytest.mark.parametrize("edit", list(EDITS))
@pytest.mark.parametrize("seed", TEST_SEEDS)
def test_every_annotation_lands_on_its_quote_or_is_orphaned(seed, edit, reverse):
    case = build_case(seed, edit, reverse)
    assert 45_000 <= len(case.made_on) <= 60_000
    tally = _tally(case)
    assert tally.wrong == 0, f"{case.name}: {tally}"
    # Every quote whose words survived the edit is placed; only changed ones are orphaned.
    assert tally.right == len(case.spans) - tally.must_orphan, f"{case.name}: {tally}"
    if edit != "all-three" and not (reverse and edit == "paragraph"):
        assert tally.right >= TARGET, f"{case.name}: {tally}"
    # Not held to 990: new → old with an inserted paragraph (the quotes inside that
    # paragraph do not exist in the old text, so they can only be orphaned: up to 2%), and
    # all three edits at once (an extra case; each changes some quotes' own words).


def test_without_the_annotations_own_text_nothing_is_placed_wrongly():
    # Anchors from before text versions were kept: only their quote and context are known.
    case = build_case(TEST_SEEDS[0], "word-edits", False)
    tally = _tally(case, own_text_known=False)
    assert tally.wrong == 0, f"{case.name}: {tally}"
    assert tally.right >= 950, f"{case.name}: {tally}"


def annotate_source(ctx, suid: str, case: Case) -> list[str]:
    """One mention per span of ``case`` on source ``suid``, made in one transaction."""
    uids = []
    with ctx.transaction() as session:
        rec = Recorder(session, ctx.analyst.uid)
        source = sources.get_source(session, suid)
        entity = rec.add(Entity(name="Marked", type=EntityType.OTHER, description="",
                                external_ids={}))
        for start, end in case.spans:
            anchor = new_anchor(rec, source, start, end)
            rec.add(Mention(entity_id=entity.id, source_id=source.id, anchor_id=anchor.id,
                            review_state=ReviewState.ACCEPTED))
            uids.append(anchor.uid)
    return uids


def _annotate(ctx, case: Case) -> tuple[str, list[str]]:
    """A source with ``case.made_on`` and one mention per span."""
    suid = str(sources.add_source(
        ctx, ImportedDocument(text=case.made_on, title="Generated report")).primary_uid)
    return suid, annotate_source(ctx, suid, case)


@pytest.mark.parametrize("reverse", [False, True], ids=["old-to-new", "new-to-old"])
def test_reimporting_a_corrected_text_through_the_service(ctx, reverse):
    # 300 of them: each anchor written costs its row history; the 1,000 are in the benchmark.
    case = build_case(TEST_SEEDS[1], "all-three", reverse, n=300)
    suid, uids = _annotate(ctx, case)
    changes = reimport_source(ctx, suid, ImportedDocument(text=case.moved_to))
    tally = Tally()
    with ctx.reading() as session:
        rows = {a.uid: a for a in session.execute(select(Anchor)).scalars()}
    for uid, expected in zip(uids, case.expected, strict=True):
        row = rows[uid]
        if not row.orphaned:
            assert case.moved_to[row.start:row.end] == row.exact
        tally.add(None if row.orphaned else (row.start, row.end), expected)
    assert tally.wrong == 0 and tally.right == len(uids) - tally.must_orphan, str(tally)
    assert changes.extra == {"orphaned": tally.orphaned, "anchors": len(uids)}
