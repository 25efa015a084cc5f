"""Source texts keep their versions; anchors name the text they count in; old files upgrade."""

from __future__ import annotations

import sqlite3

from sqlalchemy import select

from db.models import Anchor, Source, SourceTextVersion
from desktop.core.context import open_project
from desktop.ingest.document import ImportedDocument, content_sha256
from desktop.services import entities, history, sources
from desktop.services.source_versions import list_versions, text_of_version, version_uid

TEXT = "Officials in Kyiv said the drone deal is close. The deal would double output."
EDITED = "Update 6 March. " + TEXT.replace("is close", "is done")


def _source_with_mention(ctx) -> tuple[str, str]:
    suid = str(sources.add_source(ctx, ImportedDocument(text=TEXT, title="Deal")).primary_uid)
    start = TEXT.index("Kyiv")
    mention = entities.create_entity_with_mention(ctx, "Kyiv", "GPE", suid, start, start + 4)
    return suid, mention.created("anchor")[0]


def _anchor(ctx, uid: str) -> Anchor:
    with ctx.reading() as session:
        row = session.execute(select(Anchor).where(Anchor.uid == uid)).scalar_one()
        session.expunge(row)
        return row


def test_a_new_anchor_names_the_text_it_was_made_on(ctx):
    _suid, auid = _source_with_mention(ctx)
    assert _anchor(ctx, auid).text_sha256 == content_sha256(TEXT)


def test_a_new_text_keeps_the_old_one_retrievable_and_undo_puts_it_back(ctx):
    suid, auid = _source_with_mention(ctx)
    changes = sources.replace_text(ctx, suid, EDITED)
    anchor = _anchor(ctx, auid)
    assert anchor.text_sha256 == content_sha256(EDITED)
    assert EDITED[anchor.start:anchor.end] == "Kyiv" and not anchor.orphaned
    with ctx.reading() as session:
        source = session.execute(select(Source).where(Source.uid == suid)).scalar_one()
        assert text_of_version(session, source, content_sha256(TEXT)) == TEXT
        assert text_of_version(session, source, content_sha256(EDITED)) == EDITED
        versions = list_versions(session, source)
        assert [(v.sha256, v.current) for v in versions] == [
            (content_sha256(EDITED), True), (content_sha256(TEXT), False)]
        kept = session.execute(select(SourceTextVersion)).scalar_one()
        # Every copy that keeps this text of this source makes the same row.
        assert kept.uid == version_uid(suid, content_sha256(TEXT))
    history.revert(ctx, changes)
    assert sources.source_text(ctx, suid) == TEXT
    assert _anchor(ctx, auid).text_sha256 == content_sha256(TEXT)


def test_a_stored_version_whose_text_does_not_match_its_hash_is_not_used(ctx):
    suid, _auid = _source_with_mention(ctx)
    sources.replace_text(ctx, suid, EDITED)
    with ctx.transaction() as session:
        row = session.execute(select(SourceTextVersion)).scalar_one()
        row.text = "Something else entirely."
    with ctx.reading() as session:
        source = session.execute(select(Source).where(Source.uid == suid)).scalar_one()
        assert text_of_version(session, source, content_sha256(TEXT)) is None


def test_going_back_to_an_earlier_text_places_its_orphans_again(ctx):
    suid, _ = _source_with_mention(ctx)
    start = TEXT.index("is close")
    claim = entities.create_entity_with_mention(ctx, "close", "OTHER", suid, start + 3, start + 8)
    auid = claim.created("anchor")[0]
    sources.replace_text(ctx, suid, EDITED)
    assert _anchor(ctx, auid).orphaned  # "close" is gone from the edited text
    sources.replace_text(ctx, suid, TEXT)
    back = _anchor(ctx, auid)
    assert not back.orphaned and TEXT[back.start:back.end] == "close"


def _first_schema_file(path, analyst) -> tuple[str, str]:
    """A project file as the first release wrote it: one source, one anchor on it."""
    from db.ids import new_uid, utc_now
    from db.rawfile import build_schema

    conn = sqlite3.connect(path, isolation_level=None)
    build_schema(conn, "0001")
    now, who = utc_now(), analyst.uid
    stamp = (who, who, now, now)
    suid, auid = new_uid(), new_uid()
    start = TEXT.index("Kyiv")
    conn.execute("BEGIN")
    conn.execute("INSERT INTO project (uid, name, description, default_marking, schema_version, "
                 "created_by, updated_by, created_at, updated_at, revision) "
                 "VALUES (?, 'Old', '', 'TLP:AMBER', 1, ?, ?, ?, ?, 1)", (new_uid(), *stamp))
    conn.execute("INSERT INTO analyst (uid, display_name, initials, created_by, updated_by, "
                 "created_at, updated_at, revision) VALUES (?, ?, ?, ?, ?, ?, ?, 1)",
                 (who, analyst.display_name, analyst.initials, *stamp))
    conn.execute("INSERT INTO source (uid, title, kind, author, publisher, published_at, url, "
                 "language, text, content_sha256, original_filename, reliability, "
                 "grading_scheme, notes, summary, page_starts, created_by, updated_by, "
                 "created_at, updated_at, revision) VALUES (?, 'Deal', 'article', '', '', '', "
                 "'', '', ?, ?, '', 'F', 'admiralty', '', '', '[]', ?, ?, ?, ?, 1)",
                 (suid, TEXT, content_sha256(TEXT), *stamp))
    conn.execute("INSERT INTO anchor (uid, source_id, start, \"end\", exact, prefix, suffix, "
                 "orphaned, created_by, updated_by, created_at, updated_at, revision) "
                 "VALUES (?, 1, ?, ?, 'Kyiv', ?, ?, 0, ?, ?, ?, ?, 1)",
                 (auid, start, start + 4, TEXT[:start], TEXT[start + 4:start + 36], *stamp))
    conn.execute("COMMIT")
    conn.close()
    return suid, auid


def test_a_file_from_before_text_versions_upgrades_and_its_anchors_still_follow(
        tmp_path, analyst):
    path = tmp_path / "old.dossier"
    suid, auid = _first_schema_file(path, analyst)
    with open_project(path, analyst=analyst) as upgraded:
        # Left unnamed by the upgrade (naming it would change the row's version id)...
        assert _anchor(upgraded, auid).text_sha256 == ""
        sources.replace_text(upgraded, suid, EDITED)
        anchor = _anchor(upgraded, auid)
        # ...and recognised on its text by quote and context when that text is replaced.
        assert EDITED[anchor.start:anchor.end] == "Kyiv" and not anchor.orphaned
        assert anchor.text_sha256 == content_sha256(EDITED)
