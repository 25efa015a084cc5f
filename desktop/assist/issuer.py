"""Press releases and statements: who publishes them, and which sentences they state.

In a press release the publishing organisation asserts most sentences in its own
voice ("Derkach … has been an active Russian agent" in a Treasury release is the
Treasury's claim), so those sentences are claims with the issuer as claimant. A text
is taken for a release when it says so in its first lines ("Press release",
"Statement", "For immediate release") or when its lead has an organisation as the
subject of something done "today" ("Today, the Department of the Treasury's Office of
Foreign Assets Control (OFAC) designated…", "The Council today decided…"). Wire
reports (a "(Reuters)" / "(AP)" dateline) never are: the agency reports, it does not assert.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from db.models.vocab import EntityType
from desktop.assist.hedges import cue_of
from desktop.assist.hits import EntityHit
from desktop.assist.pipeline import DATELINE
from desktop.assist.text import Sentence

_HEADER = re.compile(r"^\s*(?:press release|news release|media release|press statement|"
                     r"joint statement|statement|for immediate release|readout|communiqu[eé]|"
                     r"official statement)\b", re.IGNORECASE)
_WIRE = re.compile(r"\((?:Reuters|AP|AFP|Bloomberg|UPI|dpa|Xinhua|TASS|Interfax)\)")
_BOILERPLATE = re.compile(
    r"click here|for more information|for identifying information|media (?:inquiries|contact)"
    r"|press office|notes? to editors|follow us|subscribe|https?://|www\.|^###|^-?ends-?$"
    r"|view (?:the|more)|^contact\b", re.IGNORECASE)
_ORGS = (EntityType.ORGANIZATION,)


def _lead(docs: Sequence[tuple[int, Any]], sentences: Sequence[Sentence]) -> tuple[int, Any]:
    """(offset, spaCy sentence) of the first sentence that is not a heading."""
    headings = [(s.start, s.end) for s in sentences if s.heading]
    for offset, doc in docs:
        for sent in doc.sents:
            start = offset + sent.start_char
            if len(sent.text.split()) >= 4 and not any(a <= start < b for a, b in headings) \
                    and not DATELINE.fullmatch(sent.text + " "):
                return offset, sent
    return 0, None


def find_issuer(text: str, docs: Sequence[tuple[int, Any]], sentences: Sequence[Sentence],
                hits: Sequence[EntityHit], publisher: str = "") -> EntityHit | None:
    """The organisation publishing ``text`` as a release or statement, or None."""
    head_lines = [s.text for s in sentences[:4]]
    if any(_WIRE.search(line) for line in head_lines):
        return None
    offset, lead = _lead(docs, sentences)
    if lead is None:
        return None
    header = any(_HEADER.match(line) for line in head_lines) or bool(
        re.search(r"^\s*(?:###|-ends-)\s*$", text, re.IGNORECASE | re.MULTILINE))
    lead_start = offset + lead.start_char
    lead_end = offset + lead.end_char
    orgs = [h for h in hits if h.type in _ORGS and lead_start <= h.start and h.end <= lead_end]
    subject_org = None
    root = lead.root
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is not None:
        s_start = offset + min(t.idx for t in subject.subtree)
        s_end = offset + max(t.idx + len(t.text) for t in subject.subtree)
        head_at = offset + subject.idx
        in_subject = [h for h in orgs if s_start <= h.start and h.end <= s_end]
        subject_org = next((h for h in in_subject if h.start <= head_at < h.end),
                           in_subject[-1] if in_subject else None)
    # "Today, the Office … designated": releases open on "Today"; a news lead that says
    # "today" somewhere is still news unless the text also speaks as "we" or names its
    # publisher.
    opening = re.sub(r"^[A-Z][A-Z .,'-]+\s*[—–-]+\s*", "", lead.text.strip())
    we = len(re.findall(r"(?<![“\"])\b(?:we|our)\b", _outside_quotes(text), re.IGNORECASE))
    today = opening.startswith("Today") or (
        any(t.lower_ == "today" for t in lead) and (we >= 2 or bool(publisher)))
    if publisher:
        named = [h for h in hits if h.type in _ORGS and (
            h.text.casefold() in publisher.casefold() or publisher.casefold() in h.text.casefold())]
        if named and (header or today):
            return named[0]
    if subject_org is not None and (header or today):
        return subject_org
    if header and orgs:
        return orgs[0]
    return None


# What a release orders or permits is a legal effect, not an assertion to grade.
_DEONTIC = re.compile(r"\b(?:must|shall)\b|\bprohibit|\bare (?:hereby )?blocked\b",
                      re.IGNORECASE)


def _outside_quotes(text: str) -> str:
    return re.sub(r"[“\"][^”\"]*[”\"]", " ", text)


def own_voice_sentence(text: str, start: int, end: int, sentence: Any) -> bool:
    """Whether a sentence of a release is an assertion of the issuer's to suggest as a claim."""
    body = text[start:end].strip()
    if len(body.split()) < 6 or body.endswith("?") or _BOILERPLATE.search(body) \
            or _DEONTIC.search(body):
        return False
    if body[:1] in "“\"" or cue_of(body) is not None:
        return False  # quotations belong to their speakers; hedges become implications
    return any(t.dep_ == "ROOT" and t.pos_ in ("VERB", "AUX") for t in sentence)
