"""Annotations follow a text a colleague changed, through a merge, in both directions.

Measured like issue 15: Ann marks annotations on a ~50k-character source
while Bob re-imports a corrected version (22 characters prepended, a
paragraph inserted mid-text, or 20 scattered one-word edits). After the merge
every annotation is exactly on its quote at the place its words moved to, or
flagged orphaned — none silently wrong. ``DOSSIER_REATTACH_N`` sets how many
(1,000 as in the issue; fewer by default to keep ``make test`` fast).
"""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import pytest

from db.models import Mention
from desktop.core.recorder import Recorder
from desktop.ingest.document import ImportedDocument
from desktop.services import entities, sources
from desktop.services.annotate import anchor_in
from desktop.sharing.merge import merge
from desktop.sharing.share_copy import save_copy
from tests.sharing.conftest import dump, fresh_ancestor, opened

N = int(os.environ.get("DOSSIER_REATTACH_N", "150"))
WORDS = ("drone", "contract", "minister", "factory", "border", "convoy", "report", "radar",
         "battery", "supply", "harbour", "signal", "engine", "pilot", "budget", "survey")


def _text(rng: random.Random) -> str:
    paragraphs = []
    for p in range(120):
        sentences = []
        for s in range(4):
            words = [rng.choice(WORDS) for _ in range(12)]
            sentences.append(f"Item {p}-{s}: " + " ".join(words).capitalize() + ".")
        paragraphs.append(" ".join(sentences))
    return "\n\n".join(paragraphs)


def _edits(text: str, variant: str, rng: random.Random) -> tuple[str, list[tuple[int, int, int]]]:
    """The new text and its edits as (old start, old end, length of the replacement)."""
    if variant == "prepend":
        return "Corrected on 2026-12-01" + text[1:], [(0, 1, 23)]  # 22 characters more
    if variant == "paragraph":
        at = text.index("\n\n", len(text) // 2) + 2
        para = "An inserted paragraph about the drone contract and the radar survey.\n\n"
        return text[:at] + para + text[at:], [(at, at, len(para))]
    words = [i for i in range(1, len(text) - 8) if text[i - 1] == " " and text[i:i + 5] in
             {w[:5] for w in WORDS}]
    edits = []
    for at in sorted(rng.sample(words, 20)):
        end = text.index(" ", at)
        edits.append((at, end, len("REVISED")))
    out, last = [], 0
    for start, end, _n in edits:
        out.append(text[last:start] + "REVISED")
        last = end
    out.append(text[last:])
    return "".join(out), edits


def _moved(pos: int, end: int, edits: list[tuple[int, int, int]]) -> int | None:
    """Where ``pos`` lands after the edits; None when the span itself was edited."""
    shift = 0
    for start, stop, n in edits:
        if (start < stop and start < end and pos < stop) or (start == stop and pos < start < end):
            return None
        if stop <= pos:
            shift += n - (stop - start)
    return pos + shift


@pytest.fixture(scope="module")
def annotated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str, dict[str, int]]:
    """Ann's copy with N mentions on a shared source, and Bob's copy without them."""
    from tests.sharing.conftest import OLGA, analyst

    folder = tmp_path_factory.mktemp("reattach")
    rng = random.Random(15)
    text = _text(rng)
    origin = fresh_ancestor(folder / "origin.dossier")
    with opened(origin.path, OLGA) as ctx:
        suid = str(sources.add_source(ctx, ImportedDocument(text=text, title="Log"))
                   .primary_uid)
        ann, bob = folder / "ann.dossier", folder / "bob.dossier"
        save_copy(ctx, ann)
        save_copy(ctx, bob)
    spans = sorted(rng.sample(range(0, len(text) - 40), N))
    starts: dict[str, int] = {}
    with opened(ann, analyst("Ann")) as ctx, ctx.transaction() as session:
        rec = Recorder(session, ctx.analyst.uid)
        entity = entities.get_entity(session, origin.entities[0])
        for pos in spans:
            start = text.index(" ", pos) + 1
            end = text.index(" ", start)
            source, anchor = anchor_in(session, rec, suid, start, end)
            rec.add(Mention(entity_id=entity.id, source_id=source.id, anchor_id=anchor.id))
            starts[anchor.uid] = start
    return ann, bob, suid, starts


@pytest.mark.parametrize("variant", ["prepend", "paragraph", "words"])
@pytest.mark.parametrize("direction", ["Ann merges Bob", "Bob merges Ann"])
def test_annotations_follow_a_colleagues_new_text(annotated, variant, direction, tmp_path,
                                                  people):
    ann_file, bob_file, suid, starts = annotated
    ann, bob = tmp_path / "ann.dossier", tmp_path / "bob.dossier"
    shutil.copyfile(ann_file, ann)
    shutil.copyfile(bob_file, bob)
    with opened(bob, people["Bob"]) as ctx:
        old = sources.source_text(ctx, suid)
        new, edits = _edits(old, variant, random.Random(16))
        sources.replace_text(ctx, suid, new)
    target, other = (ann, bob) if direction == "Ann merges Bob" else (bob, ann)
    with opened(target, people["Ann"]) as ctx:
        summary = merge(ctx, other)
    data = dump(target)
    assert data["source"][suid]["text"] == new
    exact = orphaned = wrong = touched = 0
    for uid, start in starts.items():
        anchor = data["anchor"][uid]
        expected = _moved(start, start + len(anchor["exact"]), edits)
        touched += expected is None  # its own words were edited
        if anchor["orphaned"]:
            orphaned += 1
        elif (new[anchor["start"]:anchor["end"]] == anchor["exact"]
              and (expected is None or anchor["start"] == expected)):
            exact += 1
        else:
            wrong += 1
    print(f"{variant}, {direction}: {exact}/{N} exact, {orphaned} orphaned, {wrong} wrong")
    assert wrong == 0  # never silently on the wrong words
    assert orphaned <= touched  # only annotations whose own words changed may be lost
    assert orphaned == len(summary.plan.orphaned)  # and each is listed
    if N >= 1000:
        assert exact >= 990  # the figure
