"""`dossier check` verifies anchors: on their quote, or flagged orphaned and listed."""

from __future__ import annotations

import sqlite3

from desktop.cli import main
from desktop.ingest.document import ImportedDocument
from desktop.services import claims, entities, sources

TEXT = "Officials in Kyiv said the drone deal is close. The deal would double output in Kyiv."


def _project(ctx) -> tuple[str, str, str]:
    suid = str(sources.add_source(ctx, ImportedDocument(text=TEXT, title="Deal")).primary_uid)
    start = TEXT.index("Kyiv")
    entity = str(entities.create_entity_with_mention(ctx, "Kyiv", "GPE", suid, start,
                                                     start + 4).primary_uid)
    at = TEXT.index("is close")
    claim = str(claims.create_claim(
        ctx, claims.ClaimDraft("The deal is close", suid, at, at + 8, None, "", 3)).primary_uid)
    return suid, entity, claim


def _tamper(path, sql: str) -> None:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(sql)
    conn.close()


def test_a_project_whose_anchors_are_on_their_quotes_checks_ok(ctx, capsys):
    _project(ctx)
    path = ctx.path
    ctx.close()
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("ok: ") and out.count("\n") == 1 and "orphaned" not in out


def test_an_anchor_off_its_quote_fails_check_and_is_named(ctx, capsys):
    _suid, _entity, claim = _project(ctx)
    path = ctx.path
    ctx.close()
    # What the old merge did: a new text written under anchors that were never moved.
    _tamper(path, "UPDATE source SET text = 'Update. ' || text")
    assert main(["check", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    first, *rows = captured.err.splitlines()
    assert first.startswith("dossier: project.dossier: 2 annotations are not on their quoted")
    assert any(f"claim {claim}" in row and "quotes “is close”" in row for row in rows)
    assert any(row.lstrip().startswith("mention ") for row in rows)


def test_an_anchor_outside_its_text_fails_check(ctx, capsys):
    _project(ctx)
    path = ctx.path
    ctx.close()
    _tamper(path, 'UPDATE anchor SET start = 500, "end" = 504 WHERE exact = \'Kyiv\'')
    assert main(["check", str(path)]) == 1
    assert "1 annotation is not on its quoted words" in capsys.readouterr().err


def test_orphaned_annotations_pass_check_and_are_listed_and_counted(ctx, capsys):
    suid, _entity, claim = _project(ctx)
    sources.replace_text(ctx, suid, TEXT.replace("is close", "was signed"))
    path = ctx.path
    ctx.close()
    assert main(["check", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "1 orphaned annotation" in lines[0]  # in the counts, as the status bar shows them
    assert lines[1].startswith("1 orphaned annotation: the source's text changed")
    assert f"claim {claim}" in lines[2] and "“is close”" in lines[2]
    assert main(["summary", str(path)]) == 0
    assert "1 orphaned annotation" in capsys.readouterr().out


def test_an_orphaned_annotation_is_never_shown_or_cited_at_its_old_offsets(ctx):
    from db.repository import queries
    from desktop.brief.data import _claims, _sources

    suid, _entity, _claim = _project(ctx)
    sources.replace_text(ctx, suid, TEXT.replace("is close", "was signed"))
    with ctx.reading() as session:
        source_id = sources.get_source(session, suid).id
        kinds = [span.kind for span in queries.spans_for_source(session, source_id)]
        # The brief quotes its words but cites no page from an offset in another text.
        [brief_claim] = _claims(session, dict(_sources(session, None)), all_sources=True
                                ).values()
    assert kinds == ["mention"]  # the orphaned claim is not drawn over "was sign"
    assert brief_claim.start is None and brief_claim.quote == "is close"
