"""The import services: metadata, dedupe, batches with progress and cancel, re-import."""

from __future__ import annotations

import hashlib
import shutil

from sqlalchemy import select

from db.models import Anchor, Source
from db.models.vocab import Reliability
from db.repository import queries
from desktop.ingest.document import ImportedDocument
from desktop.services import entities, history
from desktop.services.importing import Outcome, import_many, import_path, reimport_source

ARTICLE = ("Officials say the ferry at Nova Pristan closed on 4 March.\n"
           "Marta Kovalenko runs the ferry.\n")


def _sources(ctx):
    with ctx.reading() as session:
        return queries.list_sources(session)


def _source_row(ctx, uid):
    with ctx.reading() as session:
        row = session.execute(select(Source).where(Source.uid == uid)).scalar_one()
        session.expunge(row)
        return row


def test_web_page_metadata_and_content_hash_are_stored(ctx, corpus):
    path = corpus / "html" / "nature.com.telescope.html"
    result = import_path(ctx, path, Reliability.B)
    assert result.outcome == Outcome.IMPORTED
    row = _source_row(ctx, result.source_uid)
    assert (row.title, row.author, row.publisher, row.published_at) == (
        "Gigantic Chinese telescope opens to astronomers worldwide", "Elizabeth Gibney",
        "Nature", "2019-09-24")
    assert row.url == "https://www.nature.com/articles/d41586-019-02790-3"
    assert row.language == "en" and row.original_filename == path.name
    assert row.reliability == Reliability.B
    assert row.content_sha256 == hashlib.sha256(row.text.encode("utf-8")).hexdigest()


def test_pdf_page_starts_are_stored_with_the_source(ctx, corpus):
    result = import_path(ctx, corpus / "pdf" / "pdflatex-4-pages.pdf")
    row = _source_row(ctx, result.source_uid)
    assert len(row.page_starts) == 4 and row.page_starts[0] == 0


def test_the_same_content_twice_is_already_in_the_project(ctx, tmp_path):
    first, second = tmp_path / "a.txt", tmp_path / "copy-of-a.txt"
    first.write_text(ARTICLE, encoding="utf-8")
    second.write_bytes(ARTICLE.replace("\n", "\r\n").encode("utf-16"))  # same text, other bytes
    assert import_path(ctx, first).outcome == Outcome.IMPORTED
    again = import_path(ctx, second)
    assert again.outcome == Outcome.DUPLICATE
    assert again.message == "copy-of-a.txt: already in the project."
    assert len(_sources(ctx)) == 1


def test_an_encrypted_pdf_imports_when_the_password_is_given(ctx, corpus):
    path = corpus / "pdf" / "libreoffice-writer-password.pdf"
    refused = import_path(ctx, path)
    assert refused.outcome == Outcome.FAILED and "password" in refused.message
    assert refused.needs_password
    assert import_path(ctx, path, password="openpassword").outcome == Outcome.IMPORTED


def test_a_batch_keeps_the_good_files_and_reports_each_outcome(ctx, corpus, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    paths = [good, corpus / "docx" / "having-images.docx", tmp_path / "missing.txt",
             corpus / "docx" / "test.docx", good]
    seen: list[tuple[int, int, str]] = []
    results = import_many(ctx, paths, Reliability.C, progress=lambda *a: seen.append(a))
    assert [r.outcome for r in results] == [Outcome.IMPORTED, Outcome.FAILED, Outcome.FAILED,
                                            Outcome.IMPORTED, Outcome.DUPLICATE]
    assert results[2].message == "missing.txt: no such file."
    assert not any(r.needs_password for r in results)
    assert seen == [(0, 5, "good.txt"), (1, 5, "having-images.docx"), (2, 5, "missing.txt"),
                    (3, 5, "test.docx"), (4, 5, "good.txt"), (5, 5, "")]
    assert {s.reliability for s in _sources(ctx)} == {"C"}
    assert all("\n" not in r.message for r in results)


def test_cancelling_a_batch_stops_before_the_next_file(ctx, tmp_path):
    paths = []
    for n in range(4):
        path = tmp_path / f"note-{n}.txt"
        path.write_text(f"Note number {n}.", encoding="utf-8")
        paths.append(path)
    done: list[int] = []
    results = import_many(ctx, paths, progress=lambda d, t, n: done.append(d),
                          cancelled=lambda: len(done) >= 2)
    assert [r.path.name for r in results] == ["note-0.txt", "note-1.txt"]
    assert len(_sources(ctx)) == 2


def test_reimport_re_anchors_annotations_and_flags_the_lost_ones(ctx, tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    uid = import_path(ctx, path).source_uid
    kept = ARTICLE.index("Marta Kovalenko")
    lost = ARTICLE.index("Nova Pristan")
    entities.create_entity_with_mention(ctx, "Marta Kovalenko", "PERSON", uid, kept, kept + 15)
    entities.create_entity_with_mention(ctx, "Nova Pristan", "LOCATION", uid, lost, lost + 12)
    edited = "Update, 6 March.\n" + ARTICLE.replace("at Nova Pristan ", "")
    changes = reimport_source(ctx, uid, ImportedDocument(text=edited))
    assert changes.extra == {"orphaned": 1, "anchors": 2}
    with ctx.reading() as session:
        anchors = {a.exact: a for a in session.execute(select(Anchor)).scalars()}
    moved = anchors["Marta Kovalenko"]
    assert not moved.orphaned and edited[moved.start:moved.end] == "Marta Kovalenko"
    assert anchors["Nova Pristan"].orphaned  # kept, flagged, never dropped
    history.revert(ctx, changes)
    assert _source_row(ctx, uid).text == ARTICLE


def test_reimporting_unchanged_text_changes_nothing(ctx, tmp_path):
    path = tmp_path / "same.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    uid = import_path(ctx, path).source_uid
    assert not reimport_source(ctx, uid, ImportedDocument(text=ARTICLE))


def test_importing_a_copied_folder_of_brat_pairs_adds_each_text_once(ctx, corpus, tmp_path):
    folder = tmp_path / "brat"
    shutil.copytree(corpus / "brat", folder)
    results = import_many(ctx, sorted(folder.iterdir()))
    assert sorted(r.outcome.value for r in results) == [
        "already in project", "already in project", "imported", "imported"]
