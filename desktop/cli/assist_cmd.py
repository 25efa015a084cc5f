"""``suggest PROJECT SOURCE [--engine …]`` and ``summary PROJECT [SOURCE]``."""

from __future__ import annotations

import argparse
import textwrap
from typing import TYPE_CHECKING, Any

from desktop.cli.common import open_ctx
from desktop.services.counts import counts_line, plural, type_label

if TYPE_CHECKING:
    from desktop.services import summaries

# Kept here (and checked against desktop.assist.engine.ENGINES by a test) so that
# building the command line does not import the assist engine.
ENGINES = ("auto", "spacy", "rules")
_WIDTH = 88


def register(sub: Any) -> None:
    p = sub.add_parser("suggest", help="run the offline assist on a source and store its "
                       "suggestions for review")
    p.add_argument("path")
    p.add_argument("source", help="source uid, unique uid prefix or integer id")
    p.add_argument("--engine", choices=ENGINES, default="auto",
                   help="spacy: English language model; rules: no model; auto: spacy when "
                   "installed (default)")
    p.set_defaults(handler=cmd_suggest)

    p = sub.add_parser("summary", help="summary of one source, or of the whole project")
    p.add_argument("path")
    p.add_argument("source", nargs="?", default=None,
                   help="source uid, unique uid prefix or integer id (omit for the project)")
    p.set_defaults(handler=cmd_summary)


def _source_uid(ctx: Any, ref: str) -> str:
    from desktop.services.sources import resolve_source

    with ctx.reading() as session:
        return str(resolve_source(session, ref).uid)


def cmd_suggest(args: argparse.Namespace) -> int:
    from desktop.assist.pipeline import preload
    from desktop.services import suggestions

    if args.engine != "rules":
        # The language model loads while the project is opened and checked.
        preload()
    with open_ctx(args.path) as ctx:
        uid = _source_uid(ctx, args.source)
        changes = suggestions.suggest_for_source(ctx, uid, engine=args.engine)
    counts = changes.extra.get("counts", {})
    print(f"engine {changes.extra.get('engine', args.engine)}")
    for kind in suggestions.KINDS:
        print(f"{counts.get(kind, 0):>5}  {kind} suggestions")
    skipped = changes.extra.get("skipped", 0)
    if skipped:
        print(f"{skipped:>5}  skipped (already annotated, suggested or rejected)")
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    from desktop.services import summaries

    with open_ctx(args.path, read_only=True) as ctx:
        if args.source:
            text = format_source_summary(
                summaries.source_summary(ctx, _source_uid(ctx, args.source)))
        else:
            text = format_overview(summaries.project_overview(ctx))
    print(text)
    return 0


def format_source_summary(summary: summaries.SourceSummary) -> str:
    how = "Extractive summary, not stored yet" if summary.generated else "Stored summary"
    lines = [summary.title, how, ""]
    if summary.generated:
        for sentence in summary.sentences:
            lines.extend(textwrap.wrap(f"[{sentence.start}–{sentence.end}] {sentence.text}",
                                       _WIDTH, subsequent_indent="    "))
    else:
        lines.extend(textwrap.wrap(summary.text, _WIDTH))
    if not summary.text:
        lines.append("(the source has no sentences long enough to summarise)")
    return "\n".join(lines)


def format_overview(overview: summaries.ProjectOverview) -> str:
    lines = [overview.name, counts_line(overview.totals)]
    lines += ["", "Sources by date:"]
    lines += [f"  {t.date or 'undated':<10}  {t.reliability}  {t.title}"
              for t in overview.timeline] or ["  (none)"]
    lines += ["", "Most-mentioned entities:"]
    lines += [f"  {plural(e.mentions, 'mention'):>12} in {plural(e.sources, 'source')}  {e.name} "
              f"({type_label(e.type)})" for e in overview.top_entities] or ["  (none)"]
    lines += ["", "Claims by status:"]
    lines += [f"  {n:>4}  {status}" for status, n in overview.claims_by_status.items()] \
        or ["  (none)"]
    lines += ["", "Weakest-supported judgements:"]
    for j in overview.weakest_judgements:
        lines.extend(textwrap.wrap(
            f"{j.balance:+.2f}  ({j.supports} for, {j.contradicts} against)  {j.text}", _WIDTH,
            initial_indent="  ", subsequent_indent="          "))
    if not overview.weakest_judgements:
        lines.append("  (none)")
    return "\n".join(lines)
