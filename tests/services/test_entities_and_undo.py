from db.repository import queries
from desktop.ingest.document import ImportedDocument
from desktop.services import claims, entities, history, implications, sources

TEXT = "Ukrainian President Volodymyr Zelenskyy said the deal is win-win. Zelenskyy added more."


def _source(ctx):
    return sources.add_source(ctx, ImportedDocument(text=TEXT, title="Deal")).primary_uid


def _entities(ctx):
    with ctx.reading() as s:
        return queries.list_entities(s)


def test_create_entity_with_mention_learns_the_selected_alias(ctx):
    suid = _source(ctx)
    start = TEXT.index("Zelenskyy", 50)
    entities.create_entity_with_mention(ctx, "Volodymyr Zelenskyy", "PERSON", suid, start,
                                        start + 9)
    [row] = _entities(ctx)
    assert row.name == "Volodymyr Zelenskyy" and row.type == "PERSON"
    assert row.aliases == ("Zelenskyy",) and row.mentions == 1


def test_undo_of_create_tombstones_and_redo_restores(ctx):
    suid = _source(ctx)
    change = entities.create_entity_with_mention(ctx, "Zelenskyy", "PERSON", suid, 30, 39)
    history.revert(ctx, change)
    assert _entities(ctx) == []
    history.reapply(ctx, change)
    assert [e.name for e in _entities(ctx)] == ["Zelenskyy"]


def test_merge_entities_moves_mentions_claims_and_aliases(ctx):
    suid = _source(ctx)
    a = entities.create_entity_with_mention(ctx, "Volodymyr Zelenskyy", "PERSON", suid, 20, 39)
    b = entities.create_entity_with_mention(ctx, "Zelensky", "PERSON", suid, 66, 75)
    claim = claims.create_claim(ctx, claims.ClaimDraft("win-win", suid, 20, 65,
                                                       b.primary_uid, "said", 3))
    merged = entities.merge_entities(ctx, a.primary_uid, [b.primary_uid])
    [row] = _entities(ctx)
    assert row.mentions == 2 and "Zelensky" in row.aliases
    with ctx.reading() as s:
        [c] = queries.list_claims(s)
    assert c.claimant_uid == a.primary_uid and claim.primary_uid == c.uid
    history.revert(ctx, merged)
    assert len(_entities(ctx)) == 2


def test_link_counts_and_undo(ctx):
    suid = _source(ctx)
    c = claims.create_claim(ctx, claims.ClaimDraft("win-win", suid, 20, 65, None, "", 2))
    i = implications.create_implication(ctx, implications.ImplicationDraft(
        "Deal likely", likelihood="likely", confidence="moderate"))
    link = implications.link_claim(ctx, c.primary_uid, i.primary_uid, "contradicts")
    with ctx.reading() as s:
        [row] = queries.list_implications(s)
    assert (row.supports, row.contradicts) == (0, 1)
    history.revert(ctx, link)
    with ctx.reading() as s:
        [row] = queries.list_implications(s)
    assert row.contradicts == 0


def test_replace_text_reanchors_and_flags_orphans(ctx):
    suid = _source(ctx)
    entities.create_entity_with_mention(ctx, "Zelenskyy", "PERSON", suid, 30, 39)
    claims.create_claim(ctx, claims.ClaimDraft("more", suid, 66, 87, None, "", 2))
    # The sentence with the mention survives; the one the claim quotes is gone.
    result = sources.replace_text(
        ctx, suid, "New intro. Ukrainian President Volodymyr Zelenskyy said the deal is win-win.")
    assert result.extra == {"orphaned": 1, "anchors": 2}
    with ctx.reading() as s:
        spans = {sp.kind: sp for sp in queries.spans_for_source(s, 1)}
        [claim] = queries.list_claims(s)
    # The orphaned claim is kept (listed) but not drawn over words of the new text.
    assert "claim" not in spans and not spans["mention"].orphaned and claim.statement == "more"
    text = sources.source_text(ctx, suid)
    assert text[spans["mention"].start:spans["mention"].end] == "Zelenskyy"
