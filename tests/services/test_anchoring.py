from desktop.services.anchoring import make_anchor, reattach, trimmed_span


def test_anchor_uses_code_points_and_keeps_context():
    text = "Привіт 😀 Zelenskyy said the deal is win-win."
    start = text.index("Zelenskyy")
    spec = make_anchor(text, start, start + len("Zelenskyy"))
    assert spec.exact == "Zelenskyy"
    assert spec.prefix.endswith("😀 ")
    assert spec.suffix.startswith(" said")


def test_reattach_follows_inserted_text():
    old = "Alpha said yes. Beta said no."
    spec = make_anchor(old, old.index("Beta"), old.index("Beta") + 4)
    new = "Preface added here. " + old
    placed = reattach(spec, new)
    assert placed is not None and new[placed.start:placed.end] == "Beta"
    assert placed.start == new.index("Beta")


def test_reattach_picks_the_occurrence_with_matching_context():
    old = "the deal was signed. Later the deal was cancelled."
    second = old.index("the deal", 5)
    spec = make_anchor(old, second, second + len("the deal"))
    new = "Intro. the deal was signed on Monday. Later the deal was cancelled."
    placed = reattach(spec, new)
    assert placed is not None
    assert placed.start == new.index("the deal", new.index("Later"))


def test_reattach_returns_none_when_quote_is_gone():
    old = "Gamma reported losses."
    spec = make_anchor(old, 0, 5)
    assert reattach(spec, "Nothing of that name remains.") is None


def test_trimmed_span_drops_surrounding_whitespace():
    text = "  word  "
    assert trimmed_span(text, 0, len(text)) == (2, 6)


def test_title_from_a_long_first_line_is_cut_at_a_word():
    from desktop.ingest.document import first_line_title

    text = ("Ukrainian President Volodymyr Zelenskyy has announced ongoing discussions with the "
            "United States for a potential mega deal that could reshape cooperation.\nMore.")
    title = first_line_title(text)
    assert title.endswith("…") and len(title) <= 121
    assert title.startswith("Ukrainian President Volodymyr Zelenskyy has announced")
    assert first_line_title("# Short heading\n\nBody") == "Short heading"


# --- re-attachment by quote and context (desktop/services/anchoring.py) ---------------------

from desktop.services.anchoring import How, OffsetMap, place  # noqa: E402

REPEATED = ("The minister said the talks went well. Officials in Kyiv said the deal was close. "
            "Later the minister said the deal was done and the talks were over.")


def test_the_same_word_at_the_old_offsets_is_not_trusted_after_a_shift():
    first = REPEATED.index("the")
    start = REPEATED.index("the", first + 1)  # the annotated "the"
    # Prepend exactly as many characters as lie between the two: now another "the" sits at
    # the annotation's old offsets, with other words around it.
    shift = start - first
    new = ("Corrected text, see the note. " * 5)[:shift - 1] + " " + REPEATED
    assert new[start:start + 3] == "the"
    spec = make_anchor(REPEATED, start, start + 3)
    for mapping in (None, OffsetMap(REPEATED, new)):
        placed = place(spec, new, mapping)
        assert placed.spec is not None and placed.spec.start == start + shift, placed


def test_a_quote_whose_words_changed_is_orphaned_not_moved_to_a_look_alike():
    start = REPEATED.index("said the deal was close")
    spec = make_anchor(REPEATED, start, start + 4)  # the second "said"
    new = REPEATED.replace("Kyiv said the deal", "Kyiv claimed the deal")
    placement = place(spec, new, OffsetMap(REPEATED, new))
    assert placement.spec is None and placement.how is How.ORPHANED
    assert placement.reason


def test_a_deleted_sentence_does_not_pull_its_quote_onto_a_kept_look_alike():
    text = ("Officials said the deal was close. Markets rose sharply on Monday. Analysts "
            "expect more. Officials said the deal was close. Markets fell.")
    start = text.index("the deal")
    spec = make_anchor(text, start, start + 8)
    new = text.replace("Officials said the deal was close. Markets rose sharply on Monday. ", "")
    # The diff kept the look-alike where it was: it is not where the deleted quote went.
    placement = place(spec, new, OffsetMap(text, new))
    assert placement.spec is None and placement.how is How.ORPHANED


def test_two_places_that_fit_equally_well_orphan_the_quote_unless_the_diff_tells():
    text = "Officials said the deal was close. Markets rose. " * 4 + "Then talks ended."
    start = text.index("the deal", 60)  # the second copy: the third has the same context
    spec = make_anchor(text, start, start + 8)
    new = "Intro. " + text
    blind = place(spec, new)  # the annotation's own text unknown: no diff to go by
    assert blind.spec is None and "more than one place" in blind.reason
    mapped = place(spec, new, OffsetMap(text, new)).spec
    assert mapped is not None and mapped.start == start + 7


def test_quotes_differing_only_in_typography_are_placed_and_take_the_new_wording():
    old = "He said the \"mega deal\" - worth billions - would go ahead soon."
    start = old.index("\"mega deal\" - worth")
    spec = make_anchor(old, start, start + len("\"mega deal\" - worth"))
    new = "He said the “mega deal” – worth billions – would go ahead soon."
    placement = place(spec, new, OffsetMap(old, new))
    assert placement.how is How.NORMALISED and placement.spec is not None
    assert placement.spec.exact == "“mega deal” – worth"


def test_an_edit_next_to_a_quote_does_not_orphan_it():
    old = "Officials in Kyiv said the drone deal is close to being signed by both sides."
    start = old.index("drone deal")
    spec = make_anchor(old, start, start + 10)
    small = old.replace("said the", "stated the")
    large = old.replace("said the", "confirmed on Monday that the")
    for new, mapping in ((small, None), (small, OffsetMap(old, small)),
                         (large, OffsetMap(old, large))):
        placed = place(spec, new, mapping).spec
        assert placed is not None and new[placed.start:placed.end] == "drone deal"
    # Without the diff, a large rewrite on one side is too much to be sure of.
    assert place(spec, large).spec is None


def test_the_offset_map_follows_insertions_and_refuses_changed_stretches():
    old = "alpha beta gamma delta"
    new = "new alpha beta GAMMA delta"
    mapping = OffsetMap(old, new)
    found = mapping.span(old.index("beta"), old.index("beta") + 4)
    assert found is not None and found[0] == new.index("beta")
    assert mapping.span(old.index("gamma"), old.index("gamma") + 5) is None
