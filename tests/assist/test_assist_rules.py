"""Rule-based attribution details."""

def test_possessive_owner_speaks_for_its_ministry():
    from desktop.assist.engine import analyse

    text = "Norland's foreign ministry denied any involvement in the blast."
    [claim] = analyse(text, [], engine="rules").claims
    assert claim.attribution == "Norland's foreign ministry denied"
