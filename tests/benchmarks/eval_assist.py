"""How good the assist suggestions are on hand-annotated texts (``make eval``).

Standalone script, not collected by pytest. Gold files are in tests/assist/data/gold/
(format and the dev / held-out split: tests/assist/data/README.md). For each text and
in total per split it prints, as an analyst would judge the suggestions:

- entities: distinct suggested entities right / wrong (precision) and gold entities
  found (recall); mentions span by span as a second view;
- claims: precision (suggested claims that are gold claims), recall, and recall with
  the right claimant in the claimant field;
- implications: precision and recall of hedged judgements.

    make eval                        # dev and held-out figures, dev details
    python tests/benchmarks/eval_assist.py --details held-out   # only once tuning is over

Then, as before: typed span F1 on the drone-deal article (kept out of tuning since
issue 18), the sample project texts, and the Ukrainian brat files.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from desktop.assist.engine import Analysis, analyse  # noqa: E402
from desktop.assist.evaluation import (  # noqa: E402
    Score,
    Span,
    SuggestedEntity,
    SuggestedItem,
    TextScore,
    load_gold,
    score,
    score_text,
)
from desktop.assist.pipeline import pipeline_name  # noqa: E402
from desktop.ingest.registry import import_file  # noqa: E402

CORPUS = (REPO / ".." / "shared" / "corpus").resolve()
DATA = REPO / "tests" / "assist" / "data"
TO_BRAT = {"PERSON": "PERS", "ORGANIZATION": "ORG", "GPE": "LOC", "LOCATION": "LOC",
           "FACILITY": "LOC", "EQUIPMENT": "MISC", "EVENT": "MISC", "AGREEMENT": "MISC",
           "OTHER": "MISC"}


def document(path: str) -> tuple[str, str] | None:
    """(text, publisher) through the app's own importer; None when the corpus is absent."""
    local = DATA / path
    file = local if local.is_file() else CORPUS / path
    if not file.is_file():
        return None
    imported = import_file(file)
    return imported.text, imported.publisher


def suggested(analysis: Analysis) -> tuple[list[SuggestedEntity], list[Span],
                                           list[SuggestedItem], list[SuggestedItem]]:
    entities = [SuggestedEntity((g.name, *g.aliases), g.type.value) for g in analysis.groups]
    mentions = [Span(h.start, h.end, g.type.value) for g in analysis.groups for h in g.hits]
    claims = []
    for claim in analysis.claims:
        group = analysis.group_of(claim.claimant) if claim.claimant else None
        names = (group.name, *group.aliases) if group else (
            (claim.claimant.text,) if claim.claimant else ())
        claims.append(SuggestedItem(claim.start, claim.end, names))
    implications = [SuggestedItem(i.start, i.end) for i in analysis.implications]
    return entities, mentions, claims, implications


def line(label: str, result: TextScore) -> str:
    e, c, cl, i = result.entities, result.claims, result.claimants, result.implications
    found = c.found if c.found is not None else c.true_positives
    right = cl.found if cl.found is not None else 0
    return (f"  {label:<26} ent P {e.precision:.2f} R {e.recall:.2f} ({e.gold:>2}) | "
            f"claims P {c.precision:.2f} ({c.true_positives}/{c.predicted}) "
            f"found {found}/{c.gold} right claimant {right}/{cl.gold} | "
            f"impl P {i.precision:.2f} R {i.recall:.2f} ({i.gold})")


def evaluate(engine: str, details: set[str], splits: set[str]) -> None:
    totals: dict[str, TextScore] = {}
    for path in sorted((DATA / "gold").glob("*.json")):
        spec = json.loads(path.read_text(encoding="utf-8"))
        if spec.get("split") not in splits:
            continue
        loaded = document(spec["document"])
        if loaded is None:
            print(f"  {path.stem}: text not found (corpus absent?)")
            continue
        text, publisher = loaded
        gold = load_gold(path.stem, spec, text)
        started = time.perf_counter()
        analysis = analyse(text, engine=engine, publisher=publisher)
        elapsed = time.perf_counter() - started
        result = score_text(gold, text, *suggested(analysis))
        totals[gold.split] = totals[gold.split] + result if gold.split in totals else result
        print(line(f"{gold.split}:{path.stem[:18]}", result) + f"  {elapsed:.2f} s")
        print(f"  {'':<26} mentions {result.mentions}")
        if gold.split in details:
            for note in result.misses:
                print("     " + note)
    for split, total in sorted(totals.items()):
        print(line(f"TOTAL {split}", total))
        print(f"  {'':<26} mentions {total.mentions}")


def brat_gold(ann: Path) -> list[Span]:
    spans = []
    for row in ann.read_text(encoding="utf-8").splitlines():
        if not row.startswith("T"):
            continue
        _, info, _ = row.split("\t", 2)
        type_, start, end = info.split()[:3]
        spans.append(Span(int(start), int(end), type_))
    return spans


def other_texts(engine: str) -> None:
    """Typed span F1 on the older gold: drone article, sample project, Ukrainian brat."""
    def spans(text: str, to_type: dict[str, str] | None = None) -> list[Span]:
        analysis = analyse(text, engine=engine)
        return [Span(h.start, h.end, (to_type or {}).get(g.type.value, g.type.value))
                for g in analysis.groups for h in g.hits]

    gold = json.loads((DATA / "drone-deal.gold.json").read_text(encoding="utf-8"))
    article = CORPUS / gold["document"]
    if article.is_file():
        expected = [Span(e["start"], e["end"], e["type"]) for e in gold["entities"]]
        found = spans(article.read_text(encoding="utf-8"))
        print(f"  drone-deal spans (not tuned on since issue 18)  {score(found, expected)}")
    total = Score(0, 0, 0)
    for doc in json.loads((DATA / "sample.gold.json").read_text(encoding="utf-8"))["documents"]:
        text = (REPO / doc["document"]).read_text(encoding="utf-8")
        expected = [Span(e["start"], e["end"], e["type"]) for e in doc["entities"]]
        total = total + score(spans(text), expected)
    print(f"  sample project spans  {total}")
    total = Score(0, 0, 0)
    for ann in sorted((CORPUS / "brat").glob("*.ann")):
        text = ann.with_suffix(".txt").read_text(encoding="utf-8")
        total = total + score(spans(text, TO_BRAT), brat_gold(ann))
    if total.gold:
        print(f"  brat (Ukrainian; an English model does poorly)  {total}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", nargs="*", default=["dev"], choices=["dev", "held-out"],
                        help="splits whose misses are listed (default: dev only)")
    parser.add_argument("--engine", choices=["spacy", "rules"], default=None)
    parser.add_argument("--split", choices=["dev", "held-out", "all"], default="all",
                        help="score only one split (tune with --split dev)")
    args = parser.parse_args(argv)
    engines = [args.engine] if args.engine else (["spacy", "rules"] if pipeline_name()
                                                 else ["rules"])
    print(f"spaCy pipeline: {pipeline_name() or 'none installed'}")
    for engine in engines:
        print(f"== engine: {engine}")
        evaluate(engine, set(args.details),
                 {"dev", "held-out"} if args.split == "all" else {args.split})
        other_texts(engine)
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
