"""Unassessed reliability and credibility: distinct from F and 6, stored, validated, printed."""

from __future__ import annotations

import json

import pytest

from db.models.vocab import UNASSESSED_MARK, Credibility, Reliability, admiralty_grade
from db.repository import queries
from desktop.core.errors import InvalidInputError
from desktop.ingest.document import ImportedDocument
from desktop.services import claims, sources


def test_unassessed_is_its_own_value_not_f_or_6() -> None:
    assert Reliability.UNASSESSED is not Reliability.F
    assert Credibility.UNASSESSED is not Credibility.CANNOT_BE_JUDGED
    assert Reliability.UNASSESSED.label != Reliability.F.label
    assert Credibility.UNASSESSED.label != Credibility.CANNOT_BE_JUDGED.label
    assert Reliability.UNASSESSED.code == Credibility.UNASSESSED.code == UNASSESSED_MARK


@pytest.mark.parametrize(("reliability", "credibility", "grade"), [
    ("B", 2, "B2"),
    ("F", 6, "F6"),
    ("B", Credibility.UNASSESSED, "B?"),
    (Reliability.UNASSESSED, 3, "?3"),
    ("unassessed", 0, "unassessed"),
    (None, None, "unassessed"),
])
def test_grades_print_the_unassessed_half_as_a_question_mark(reliability, credibility,
                                                             grade) -> None:  # type: ignore[no-untyped-def]
    assert admiralty_grade(reliability, credibility) == grade


@pytest.mark.parametrize("text", ["unassessed", "Unassessed ", "?"])
def test_parsing_accepts_the_word_and_the_mark(text: str) -> None:
    assert Reliability.parse(text) is Reliability.UNASSESSED
    assert Credibility.parse(text) is Credibility.UNASSESSED
    assert Reliability.parse(" b") is Reliability.B and Credibility.parse("2") == 2


@pytest.mark.parametrize("bad", ["G", "", "7", "-1", "2.5"])
def test_parsing_refuses_anything_else(bad: str) -> None:
    with pytest.raises(ValueError):
        Reliability.parse(bad)
    with pytest.raises(ValueError):
        Credibility.parse(bad)


def test_unassessed_grades_are_stored_validated_on_reopen_and_exported(
        ctx, analyst) -> None:  # type: ignore[no-untyped-def]
    from desktop.core.context import open_project
    from desktop.exports.json_export import project_as_dict

    uid = str(sources.add_source(ctx, ImportedDocument(text="Officials said it rained.",
                                                       title="Weather")).primary_uid)
    sources.update_source(ctx, uid, reliability="unassessed")
    claims.create_claim(ctx, claims.ClaimDraft(statement="It rained.", source_uid=uid,
                                               credibility=Credibility.UNASSESSED))
    with ctx.reading() as session:
        (row,) = queries.list_claims(session)
    assert (row.reliability, row.credibility, row.grade) == ("unassessed", 0, "unassessed")
    sources.update_source(ctx, uid, reliability="B")
    with ctx.reading() as session:
        (row,) = queries.list_claims(session)
    assert row.grade == "B?"
    path = ctx.path
    ctx.close()
    # Reopening runs the stored-value check over every column: the new values pass it.
    again = open_project(path, analyst=analyst)
    try:
        data = json.loads(json.dumps(project_as_dict(again)))
        assert [(c["credibility"], c["grade"]) for c in data["claims"]] == [(0, "B?")]
    finally:
        again.close()


def test_services_refuse_grades_outside_the_scales(ctx) -> None:  # type: ignore[no-untyped-def]
    uid = str(sources.add_source(ctx, ImportedDocument(text="x", title="x")).primary_uid)
    with pytest.raises(InvalidInputError):
        sources.update_source(ctx, uid, reliability="G")
    with pytest.raises(InvalidInputError):
        claims.create_claim(ctx, claims.ClaimDraft(statement="s", source_uid=uid, credibility=7))


def test_combo_choices_offer_unassessed_with_its_mark() -> None:
    from desktop.ui.choices import CREDIBILITY, RELIABILITY

    assert ("unassessed", "? – Not yet assessed", "Not yet assessed") in RELIABILITY
    assert (0, "? – Not yet assessed", "Not yet assessed") in CREDIBILITY
