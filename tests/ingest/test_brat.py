"""brat standoff: exact offsets in, entities and accepted mentions stored, same .ann out."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from db.models.vocab import EntityType
from db.repository import queries
from desktop.exports.brat_export import write as export_brat
from desktop.ingest.brat import normalise_with_offsets, parse_brat
from desktop.ingest.document import ImportError_, normalise_text
from desktop.ingest.registry import import_file
from desktop.services import entities, history
from desktop.services.importing import Outcome, import_path


def _ann_set(text: str) -> set[tuple[str, int, int, str]]:
    found = set()
    for line in text.splitlines():
        if line.startswith("T"):
            _ident, bounds, quoted = line.split("\t")
            kind, start, end = bounds.split(" ")
            found.add((kind, int(start), int(end), quoted))
    return found


@pytest.fixture
def brat_files(corpus) -> list[Path]:
    return sorted((corpus / "brat").glob("*.txt"))


def _write_pair(folder: Path, stem: str, text: bytes, ann: str) -> Path:
    (folder / f"{stem}.txt").write_bytes(text)
    (folder / f"{stem}.ann").write_text(ann, encoding="utf-8")
    return folder / f"{stem}.txt"


def test_corpus_offsets_land_exactly_on_the_quoted_text(brat_files):
    for path in brat_files:
        doc = import_file(path)
        expected = _ann_set(path.with_suffix(".ann").read_text(encoding="utf-8"))
        assert set(doc.spans) == expected
        assert all(doc.text[start:end] == quoted for _t, start, end, quoted in doc.spans)
        assert doc.text == path.read_text(encoding="utf-8")


def test_the_ann_file_is_an_entry_point_too(brat_files):
    path = brat_files[0]
    assert import_file(path.with_suffix(".ann")) == import_file(path)


def test_import_creates_typed_entities_and_accepted_mentions(ctx, corpus):
    path = corpus / "brat" / "A_Viysko_Ukrainy_Basarab_Zmitsnyvshy_viysko_zmitsnymo_derzhavu_2014.tok.txt"
    result = import_path(ctx, path)
    assert result.outcome == Outcome.IMPORTED and "14 entity mentions" in result.message
    with ctx.reading() as session:
        rows = queries.list_entities(session)
        [source] = queries.list_sources(session)
    by_name = {row.name: row for row in rows}
    assert by_name["Іван Руснак"].type == EntityType.PERSON.value
    assert by_name["Військовий бюлетень"].type == EntityType.OTHER.value
    assert by_name["Луганської й Донецької областей"].type == EntityType.LOCATION.value
    # "Збройних Сил" is annotated twice: one entity, two mentions.
    assert by_name["Збройних Сил"].mentions == 2
    assert sum(row.mentions for row in rows) == 14
    assert {row.review_state for row in rows} == {"accepted"}
    assert source.mentions == 14


def test_the_original_brat_type_is_kept_on_the_entity(ctx, corpus):
    path = corpus / "brat" / "A_Viysko_Ukrainy_Basarab_Zmitsnyvshy_viysko_zmitsnymo_derzhavu_2014.tok.txt"
    import_path(ctx, path)
    from sqlalchemy import select

    from db.models import Entity

    with ctx.reading() as session:
        kept = {e.name: e.external_ids for e in session.execute(select(Entity)).scalars()}
    assert kept["Іван Руснак"] == {"brat_type": "PERS"}
    assert kept["Військовий бюлетень"] == {"brat_type": "MISC"}


def test_one_import_is_one_undo_step(ctx, brat_files):
    result = import_path(ctx, brat_files[1])
    history.revert(ctx, result.changes)
    with ctx.reading() as session:
        assert queries.list_sources(session) == []
        assert queries.list_entities(session) == []
    history.reapply(ctx, result.changes)
    with ctx.reading() as session:
        assert len(queries.list_entities(session)) > 0


def test_an_existing_entity_with_the_same_name_and_type_is_reused(ctx, brat_files):
    made = entities.create_entity(ctx, "Олег Верняєв", "PERSON")
    [article] = [p for p in brat_files if "Vernyayev" in p.name]  # names him twice
    import_path(ctx, article)
    with ctx.reading() as session:
        rows = [r for r in queries.list_entities(session) if r.name == "Олег Верняєв"]
    assert [r.uid for r in rows] == [made.primary_uid]
    assert rows[0].mentions == 2


def test_export_reproduces_every_corpus_ann_and_txt(ctx, brat_files, tmp_path):
    for path in brat_files:
        assert import_path(ctx, path).outcome == Outcome.IMPORTED
    out = tmp_path / "brat-out"
    summary = export_brat(ctx, out)
    assert "37 entity annotations" in summary
    for path in brat_files:
        ann = path.with_suffix(".ann")
        assert (out / path.name).read_bytes() == path.read_bytes()
        assert _ann_set((out / ann.name).read_text(encoding="utf-8")) == _ann_set(
            ann.read_text(encoding="utf-8"))


def test_export_writes_dossier_entities_in_the_four_brat_types(ctx, tmp_path):
    from desktop.ingest.document import ImportedDocument
    from desktop.services.sources import add_source

    text = "Hegseth visited Kyiv with Pentagon staff and a Patriot battery."
    uid = add_source(ctx, ImportedDocument(text=text, title="Visit",
                                           original_filename="visit.pdf")).primary_uid
    for name, kind in [("Hegseth", "PERSON"), ("Kyiv", "GPE"), ("Pentagon", "ORGANIZATION"),
                       ("Patriot", "EQUIPMENT")]:
        start = text.index(name)
        entities.create_entity_with_mention(ctx, name, kind, uid, start, start + len(name))
    export_brat(ctx, tmp_path)
    assert _ann_set((tmp_path / "visit.ann").read_text(encoding="utf-8")) == {
        ("PERS", 0, 7, "Hegseth"), ("LOC", 16, 20, "Kyiv"), ("ORG", 26, 34, "Pentagon"),
        ("MISC", 47, 54, "Patriot")}
    assert (tmp_path / "visit.txt").read_text(encoding="utf-8") == text


def test_windows_newlines_and_a_bom_are_normalised_without_shifting_spans(tmp_path):
    text = "\ufeffПерший рядок.\r\nОлег Верняєв виграв.\r\nДругий Олег.\r\n"
    raw = text.encode("utf-8")
    start = text.index("Олег Верняєв")
    second = text.index("Олег.")
    ann = (f"T1\tPERS {start} {start + 12}\tОлег Верняєв\n"
           f"T2\tPERS {second} {second + 4}\tОлег\n")
    doc = parse_brat(raw, ann.encode(), "x.txt", "x.ann")
    assert doc.text == "Перший рядок.\nОлег Верняєв виграв.\nДругий Олег.\n"
    assert [doc.text[s:e] for _t, s, e, _q in doc.spans] == ["Олег Верняєв", "Олег"]


def test_decomposed_text_is_stored_composed_with_offsets_moved(tmp_path):
    text = "Cafe\u0301 Zoe\u0308 met Rene\u0301e in Ки\u0306ів."
    start = text.index("Rene")
    ann = f"T1\tPERS {start} {start + 6}\tRene\u0301e\n"
    doc = parse_brat(text.encode(), ann.encode(), "nfd.txt", "nfd.ann")
    assert doc.text == normalise_text(text)
    [(kind, s, e, quoted)] = doc.spans
    assert (kind, doc.text[s:e], quoted) == ("PERS", "Renée", "Renée")


def test_offsets_cutting_a_combined_character_are_refused():
    with pytest.raises(ImportError_, match=r"combined characters"):
        normalise_with_offsets("Cafe\u0301", [4])


def test_an_ann_that_does_not_match_its_text_is_refused(tmp_path):
    path = _write_pair(tmp_path, "wrong", "Олег Верняєв виграв.".encode(),
                       "T1\tPERS 0 4\tІван\n")
    with pytest.raises(ImportError_, match=r"wrong.ann line 1: T1 should quote “Іван”"):
        import_file(path)


def test_spans_outside_the_text_are_refused(tmp_path):
    path = _write_pair(tmp_path, "short", b"Short text.", "T1\tORG 5 500\ttext\n")
    with pytest.raises(ImportError_, match=r"short.ann line 1: T1 .* lies outside the text"):
        import_file(path)


def test_relations_and_discontinuous_spans_are_noted_not_imported(tmp_path):
    text = "Іван Руснак очолив Міністерство оборони."
    ann = ("T1\tPERS 0 11\tІван Руснак\n"
           "T2\tORG 19 31;32 39\tМіністерство оборони\n"
           "R1\tHead Arg1:T1 Arg2:T2\n"
           "#1\tAnnotatorNotes T1\tcheck\n")
    doc = parse_brat(text.encode(), ann.encode(), "r.txt", "r.ann")
    assert doc.spans == [("PERS", 0, 11, "Іван Руснак")]
    assert "1 discontinuous spans" in doc.notes and "1 relations" in doc.notes
    assert "1 notes" in doc.notes


def test_an_ann_without_its_text_file_says_which_file_is_missing(tmp_path):
    (tmp_path / "lonely.ann").write_text("T1\tPERS 0 4\tОлег\n", encoding="utf-8")
    with pytest.raises(ImportError_, match=r"lonely.ann: .* need their text file lonely.txt"):
        import_file(tmp_path / "lonely.ann")


def test_a_non_utf8_brat_text_is_refused(tmp_path):
    path = _write_pair(tmp_path, "legacy", "Олег".encode("cp1251"), "T1\tPERS 0 4\tОлег\n")
    with pytest.raises(ImportError_, match=r"legacy.txt: brat files must be UTF-8"):
        import_file(path)


def test_reimporting_the_txt_after_the_ann_is_reported_as_already_there(ctx, corpus, tmp_path):
    folder = tmp_path / "pair"
    shutil.copytree(corpus / "brat", folder)
    [ann, *_] = sorted(folder.glob("*.ann"))
    assert import_path(ctx, ann).outcome == Outcome.IMPORTED
    assert import_path(ctx, ann.with_suffix(".txt")).outcome == Outcome.DUPLICATE
