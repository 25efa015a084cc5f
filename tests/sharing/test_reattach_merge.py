"""Issue 15, end to end: A annotates a shared source while B re-imports a corrected text.

Both copies come from one ancestor holding a generated ~50k-character source.
Ann marks mentions on it (quotes full of repeated words such as "the" and
"Ukraine"); Bob re-imports the colleague's corrected version. After merging
both ways, in each copy every one of Ann's annotations sits exactly on its
quote in the new text or is flagged orphaned, none is on other words, and
`dossier check` passes on both files.

The fast test uses 250 annotations and all three edits at once (every
anchor written costs its row history); the benchmark measures the 1,000.
Seeds come from the held-out set (reattach_gen.TEST_SEEDS).
"""

from __future__ import annotations

from pathlib import Path

from desktop.cli import main
from desktop.core.context import new_project
from desktop.ingest.document import ImportedDocument
from desktop.services import sources
from desktop.services.importing import reimport_source
from desktop.sharing.merge import merge
from tests.sharing.conftest import dump, make_copies, opened
from tests.sharing.reattach_gen import TEST_SEEDS, Case, Tally, build_case
from tests.sharing.test_reattach_figure import annotate_source


def _tally(path: Path, suid: str, uids: list[str], case: Case) -> Tally:
    data = dump(path)
    text = data["source"][suid]["text"]
    assert text == case.moved_to
    tally = Tally()
    for uid, expected in zip(uids, case.expected, strict=True):
        row = data["anchor"][uid]
        placed = None if row["orphaned"] else (row["start"], row["end"])
        if placed is not None:
            assert text[row["start"]:row["end"]] == row["exact"]
        tally.add(placed, expected)
    return tally


def test_annotations_follow_a_colleagues_corrected_text_through_a_merge_both_ways(
        tmp_path, people, capsys):
    case = build_case(TEST_SEEDS[2], "all-three", False, n=250)
    origin = tmp_path / "origin.dossier"
    with new_project(origin, "Shared report", analyst=people["Olga"]) as ctx:
        doc = ImportedDocument(text=case.made_on, title="Generated report")
        suid = str(sources.add_source(ctx, doc).primary_uid)
    a, b = tmp_path / "ann.dossier", tmp_path / "bob.dossier"
    make_copies(origin, people["Olga"], a, b)
    with opened(a, people["Ann"]) as ctx:
        uids = annotate_source(ctx, suid, case)
    with opened(b, people["Bob"]) as ctx:
        reimport_source(ctx, suid, ImportedDocument(text=case.moved_to))

    with opened(a, people["Ann"]) as ctx:
        merge(ctx, b)
    with opened(b, people["Bob"]) as ctx:
        merge(ctx, a)

    for path in (a, b):
        tally = _tally(path, suid, uids, case)
        assert tally.wrong == 0, f"{path.name}: {tally}"
        assert tally.right == len(uids) - tally.must_orphan, f"{path.name}: {tally}"
        assert main(["check", str(path)]) == 0
        out = capsys.readouterr().out
        if tally.orphaned:
            assert f"{tally.orphaned} orphaned annotation" in out


def test_the_same_article_imported_twice_is_offered_as_a_new_version_and_folds(
        tmp_path, people):
    from desktop.services.fold_sources import fold_source
    from desktop.sharing.merge import preview_merge
    from tests.services.test_anchoring_fold import NEW, OLD, _add, _mention

    origin = tmp_path / "origin.dossier"
    with new_project(origin, "Shared", analyst=people["Olga"]):
        pass
    a, b = tmp_path / "ann.dossier", tmp_path / "bob.dossier"
    make_copies(origin, people["Olga"], a, b)
    with opened(a, people["Ann"]) as ctx:
        mine = _add(ctx, OLD)
        would = _mention(ctx, mine, OLD, "would", 2)
    with opened(b, people["Bob"]) as ctx:
        theirs = _add(ctx, NEW)  # the same article, a correction note added, a word changed
    with opened(a, people["Ann"]) as ctx:
        plan = preview_merge(ctx, b)
        [offer] = plan.near_duplicates
        assert (offer.first_uid, offer.second_uid) == (mine, theirs)
        merge(ctx, b)
        fold_source(ctx, offer.first_uid, offer.second_uid)
    data = dump(a)
    live = [u for u, r in data["source"].items() if not r["deleted"]]
    assert live == [mine] and data["source"][mine]["text"] == NEW
    anchor = data["anchor"][would]
    assert not anchor["orphaned"] and anchor["start"] == NEW.rindex("would")
