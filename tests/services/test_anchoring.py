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
