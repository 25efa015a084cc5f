"""Entity-suggestion precision and recall against gold spans (``make eval``).

Standalone script, not collected by pytest. It scores both engines:
- on the hand-annotated English drone-deal article (tests/assist/data/drone-deal.gold.json).
  The rules were developed while reading this article, so its score is in-sample;
- on the three English texts of the bundled sample project (tests/assist/data/
  sample.gold.json). Annotated by hand before the engines were first scored on them
  (typed F1 0.28 for both engines, untyped 0.71 spaCy / 0.69 rules); one round of
  general fixes followed (bylines, facility heads, context cues), so it is no longer
  held out;
- on a Wikimedia Foundation news page from the corpus (tests/assist/data/
  wikimedia-turkey.gold.json), annotated by hand and never used to change the
  engines: the held-out English check;
- on the Ukrainian brat files in ../shared/corpus/brat/ (lang-uk/ner-uk gold). The
  English model and the English word lists are not made for Ukrainian, so low numbers
  there are expected and printed as they are.

Matching is exact span; "typed" also requires the type to agree. For brat, Dossier
types are folded into the corpus's four types (table printed below).
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from desktop.assist.engine import analyse  # noqa: E402
from desktop.assist.evaluation import Score, Span, score  # noqa: E402
from desktop.assist.pipeline import pipeline_name  # noqa: E402
from desktop.assist.typemap import mapping_table  # noqa: E402
from desktop.ingest.registry import import_file  # noqa: E402

CORPUS = (REPO / ".." / "shared" / "corpus").resolve()
GOLD = REPO / "tests" / "assist" / "data" / "drone-deal.gold.json"
SAMPLE_GOLD = REPO / "tests" / "assist" / "data" / "sample.gold.json"
HELD_OUT = REPO / "tests" / "assist" / "data" / "wikimedia-turkey.gold.json"
TO_BRAT = {"PERSON": "PERS", "ORGANIZATION": "ORG", "GPE": "LOC", "LOCATION": "LOC",
           "FACILITY": "LOC", "EQUIPMENT": "MISC", "EVENT": "MISC", "AGREEMENT": "MISC",
           "OTHER": "MISC"}


def predicted_spans(text: str, engine: str, to_type: dict[str, str] | None = None
                    ) -> list[Span]:
    analysis = analyse(text, engine=engine)
    return [Span(h.start, h.end, (to_type or {}).get(g.type.value, g.type.value))
            for g in analysis.groups for h in g.hits]


def quoted_gold(text: str, forms: list[dict[str, str]]) -> list[Span]:
    """Every word-bounded occurrence of each form, longest first, without overlaps."""
    taken: list[Span] = []
    for form in sorted(forms, key=lambda f: -len(f["text"])):
        pattern = re.compile(r"(?<![\w#])" + re.escape(form["text"]) + r"(?!\w)")
        for match in pattern.finditer(text):
            if not any(s.start < match.end() and match.start() < s.end for s in taken):
                taken.append(Span(match.start(), match.end(), form["type"]))
    return taken


def held_out() -> tuple[str, list[Span]] | None:
    spec = json.loads(HELD_OUT.read_text(encoding="utf-8"))
    path = CORPUS / spec["document"]
    if not path.is_file():
        return None
    text = import_file(path).text
    return text, quoted_gold(text, spec["forms"])


def brat_gold(ann: Path) -> list[Span]:
    spans = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        if not line.startswith("T"):
            continue
        _, info, _ = line.split("\t", 2)
        type_, start, end = info.split()[:3]
        spans.append(Span(int(start), int(end), type_))
    return spans


def add(a: Score, b: Score) -> Score:
    return Score(a.true_positives + b.true_positives, a.predicted + b.predicted,
                 a.gold + b.gold)


def report(engines: list[str]) -> None:
    print("Type mapping (spaCy label -> Dossier type):")
    for label, type_ in mapping_table():
        print(f"  {label:<45} {type_}")
    print("Dossier type -> brat type: " + ", ".join(f"{k}->{v}" for k, v in TO_BRAT.items()))
    print()
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    article = CORPUS / gold["document"]
    for engine in engines:
        print(f"== engine: {engine}")
        if article.is_file():
            text = article.read_text(encoding="utf-8")
            expected = [Span(e["start"], e["end"], e["type"]) for e in gold["entities"]]
            started = time.perf_counter()
            found = predicted_spans(text, engine)
            elapsed = time.perf_counter() - started
            print(f"  drone-deal (English, {len(expected)} gold spans, {elapsed:.2f} s)")
            print(f"    typed     {score(found, expected)}")
            print(f"    untyped   {score(found, expected, typed=False)}")
        else:
            print(f"  drone-deal: corpus not found at {CORPUS}")
        typed = untyped = Score(0, 0, 0)
        for document in json.loads(SAMPLE_GOLD.read_text(encoding="utf-8"))["documents"]:
            text = (REPO / document["document"]).read_text(encoding="utf-8")
            expected = [Span(e["start"], e["end"], e["type"]) for e in document["entities"]]
            found = predicted_spans(text, engine)
            typed = add(typed, score(found, expected))
            untyped = add(untyped, score(found, expected, typed=False))
        print(f"  sample project (English, {typed.gold} gold spans; see the docstring)")
        print(f"    typed     {typed}")
        print(f"    untyped   {untyped}")
        page = held_out()
        if page is not None:
            text, expected = page
            found = predicted_spans(text, engine)
            print(f"  Wikimedia page (English, held out, {len(expected)} gold spans)")
            print(f"    typed     {score(found, expected)}")
            print(f"    untyped   {score(found, expected, typed=False)}")
        typed = untyped = Score(0, 0, 0)
        for ann in sorted((CORPUS / "brat").glob("*.ann")):
            text = ann.with_suffix(".txt").read_text(encoding="utf-8")
            expected = brat_gold(ann)
            found = predicted_spans(text, engine, TO_BRAT)
            typed = add(typed, score(found, expected))
            untyped = add(untyped, score(found, expected, typed=False))
        if typed.gold:
            print(f"  brat (Ukrainian, {typed.gold} gold spans; an English model is expected "
                  "to do poorly)")
            print(f"    typed     {typed}")
            print(f"    untyped   {untyped}")
        print()


def main() -> int:
    engines = ["rules"]
    name = pipeline_name()
    if name:
        engines.insert(0, "spacy")
        print(f"spaCy pipeline: {name}")
    else:
        print("spaCy pipeline: none installed (only the rules engine is scored)")
    report(engines)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
