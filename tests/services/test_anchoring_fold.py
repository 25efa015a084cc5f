"""Near-duplicate sources: found by URL or title and text similarity, folded into one source."""

from __future__ import annotations

from sqlalchemy import select

from db.models import Anchor, Claim, Mention, Source
from desktop.ingest.document import ImportedDocument, content_sha256
from desktop.services import claims, entities, history, sources
from desktop.services.anchor_check import check_anchors
from desktop.services.fold_sources import fold_source
from desktop.services.near_duplicates import (
    find_near_duplicates,
    project_near_duplicates,
    url_key,
)
from desktop.services.source_versions import text_of_version

OLD = ("Ukrainian President Volodymyr Zelenskyy has announced talks with the United States "
       "on a drone deal. Officials in Kyiv said the deal would double output. The Pentagon "
       "said talks continue. Ukraine would supply drones; the US would supply Patriot "
       "systems. Officials in Kyiv said the first deliveries could come within months.")
NEW = "Corrected 4 March 26: " + OLD.replace("Pentagon said", "Pentagon confirmed")


def _add(ctx, text: str, title: str = "Drone deal", url: str = "") -> str:
    doc = ImportedDocument(text=text, title=title, url=url)
    return str(sources.add_source(ctx, doc).primary_uid)


def _mention(ctx, suid: str, text: str, word: str, nth: int = 0) -> str:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    changes = entities.create_entity_with_mention(ctx, word, "OTHER", suid, start,
                                                  start + len(word))
    return changes.created("anchor")[0]


def test_the_same_article_with_a_typo_fixed_is_a_near_duplicate():
    left = {"a": {"title": "Drone deal", "url": "", "text": OLD}}
    right = {"b": {"title": "  drone DEAL ", "url": "", "text": OLD.replace("talks", "Talks")},
             "c": {"title": "Drone deal", "url": "", "text": "Something else entirely. " * 20},
             "d": {"title": "Other", "url": "", "text": OLD}}
    [found] = find_near_duplicates(left, right)
    assert (found.first_uid, found.second_uid, found.same) == ("a", "b", "title")
    assert 0.99 < found.similarity < 1.0 and found.differing_chars == 4
    assert "same title" in found.describe()


def test_the_same_url_written_differently_is_the_same_url():
    assert url_key("https://www.example.com/news/deal/?utm_source=x#top") == \
        url_key("http://example.com/news/deal")
    assert url_key("https://example.com/news/deal?id=2") != url_key("https://example.com/news/deal")
    left = {"a": {"title": "Deal", "url": "https://www.example.com/deal/", "text": OLD}}
    right = {"b": {"title": "Drone talks", "url": "example.com/deal", "text": NEW}}
    [found] = find_near_duplicates(left, right)
    assert found.same == "URL" and found.similarity > 0.9


def test_pairs_within_one_side_are_not_offered_in_a_merge_and_deleted_rows_never():
    left = {"a": {"title": "Deal", "url": "", "text": OLD},
            "b": {"title": "Deal", "url": "", "text": NEW}}
    right = {"c": {"title": "Deal", "url": "", "text": NEW, "deleted_at": "2026-01-01"}}
    assert find_near_duplicates(left, right) == []
    assert [(d.first_uid, d.second_uid) for d in find_near_duplicates(left)] == [("a", "b")]


def _anchors(ctx) -> dict[str, Anchor]:
    with ctx.reading() as session:
        rows = {a.uid: a for a in session.execute(select(Anchor)).scalars()}
        for row in rows.values():
            session.expunge(row)
    return rows


def test_folding_keeps_one_source_and_every_annotation_on_its_words(ctx):
    mine = _add(ctx, OLD)
    theirs = _add(ctx, NEW)  # imported later: the newer version, whose text is kept
    with ctx.reading() as session:
        [pair] = project_near_duplicates(session)
    assert {pair.first_uid, pair.second_uid} == {mine, theirs}
    would = [_mention(ctx, mine, OLD, "would", n) for n in range(3)]  # "would" three times
    typo = _mention(ctx, mine, OLD, "Pentagon said")  # its words change in the new text
    at = OLD.index("Ukraine would supply")
    claim = str(claims.create_claim(ctx, claims.ClaimDraft(
        "Ukraine would supply drones", mine, at, at + 27, None, "", 3)).primary_uid)
    kyiv = _mention(ctx, theirs, NEW, "Kyiv", 1)
    before = _anchors(ctx)

    changes = fold_source(ctx, mine, theirs)

    anchors = _anchors(ctx)
    assert sources.source_text(ctx, mine) == NEW
    for uid in [*would, kyiv]:
        row = anchors[uid]
        assert not row.orphaned and NEW[row.start:row.end] == before[uid].exact
    # Each "would" is still the same "would" (the first, second and third in the new text).
    first = NEW.index("would")
    second = NEW.index("would", first + 1)
    assert [anchors[u].start for u in would] == [first, second, NEW.index("would", second + 1)]
    assert anchors[typo].orphaned
    assert changes.extra == {"orphaned": 1, "anchors": 6}
    with ctx.reading() as session:
        kept = session.execute(select(Source).where(Source.uid == mine)).scalar_one()
        gone = session.execute(select(Source).where(Source.uid == theirs)).scalar_one()
        assert gone.deleted_at is not None and gone.merged_into == mine
        assert {a.source_id for a in session.execute(select(Anchor)).scalars()} == {kept.id}
        assert {m.source_id for m in session.execute(select(Mention)).scalars()} == {kept.id}
        assert session.execute(select(Claim.source_id).where(Claim.uid == claim)).scalar_one() \
            == kept.id
        assert text_of_version(session, kept, content_sha256(OLD)) == OLD
        assert check_anchors(session).ok
        assert project_near_duplicates(session) == []

    history.revert(ctx, changes)
    assert sources.source_text(ctx, mine) == OLD
    restored = _anchors(ctx)
    assert {u: (a.start, a.end, a.orphaned) for u, a in restored.items()} == \
        {u: (a.start, a.end, a.orphaned) for u, a in before.items()}
    with ctx.reading() as session:
        assert session.execute(select(Source.deleted_at).where(Source.uid == theirs)
                               ).scalar_one() is None


def test_folding_can_keep_the_older_text(ctx):
    mine = _add(ctx, OLD)
    theirs = _add(ctx, NEW)
    kyiv = _mention(ctx, theirs, NEW, "Kyiv", 1)
    confirmed = _mention(ctx, theirs, NEW, "confirmed")
    fold_source(ctx, mine, theirs, text_from=mine)
    anchors = _anchors(ctx)
    assert sources.source_text(ctx, mine) == OLD
    assert OLD[anchors[kyiv].start:anchors[kyiv].end] == "Kyiv"
    assert anchors[kyiv].start == OLD.index("Kyiv", OLD.index("Kyiv") + 1)
    assert anchors[confirmed].orphaned  # only the newer text says "confirmed"


def test_the_command_line_lists_near_duplicates_and_folds_them(ctx, capsys):
    from desktop.cli import main

    mine = _add(ctx, OLD)
    theirs = _add(ctx, NEW)
    _mention(ctx, mine, OLD, "would", 1)
    path = ctx.path
    ctx.close()
    assert main(["duplicates", str(path)]) == 0
    line = capsys.readouterr().out.strip()
    assert mine[:13] in line and theirs[:13] in line and "same title" in line
    assert main(["fold", str(path), mine, theirs]) == 0
    assert "1 of 1 annotation on their words, 0 orphaned" in capsys.readouterr().out
    assert main(["duplicates", str(path), "--json"]) == 0
    assert capsys.readouterr().out.strip() == "[]"
    assert main(["check", str(path)]) == 0
