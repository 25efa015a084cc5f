"""The brief as Markdown: the same judgements, evidence, notes and sources as the PDF.

Built from the brief's own data loading and numbering (``desktop.brief``), with every
option at its default, so the two exports agree. All user and source text is
escaped: a claim containing ``<script>``, ``[link](…)`` or ``| pipes |`` prints
literally in any CommonMark/GFM renderer. Notes are GFM footnotes.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from db.models.vocab import Marking
from desktop.brief.data import BriefData, BriefImplication, load_brief_data
from desktop.brief.options import BriefOptions, BriefSection, default_options
from desktop.brief.plan import SHOWN_RELATIONS, BriefPlan, make_plan
from desktop.brief.text import plain
from desktop.brief.wording import human_date, likelihood_phrase

# Enough to keep text literal in CommonMark/GFM: emphasis, code, links, HTML, tables,
# strike-through; "(" and "!" are harmless once "[" is escaped.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#])")
_ORDERED = re.compile(r"^(\d+)([.)] )")  # "1. " at the start would start a numbered list


def md(text: object, limit: int | None = None) -> str:
    """One line of literal text: Markdown and HTML characters escaped, entities neutralised."""
    value = _SPECIAL.sub(r"\\\1", plain(text, limit).replace("&", "&amp;"))
    if value[:1] in ("-", "+", "="):
        value = "\\" + value  # would start a list item, heading or rule
    return _ORDERED.sub(r"\1\\\2", value)


def _estimate(item: BriefImplication) -> str:
    first = (f"We judge this **{likelihood_phrase(item.likelihood)}**."
             if item.likelihood else "No likelihood is stated.")
    second = (f"We have **{item.confidence.label} confidence** in this judgement."
              if item.confidence else "Confidence has not been assessed.")
    return f"{first} {second}"


def _claims(item: BriefImplication, plan: BriefPlan) -> list[str]:
    lines: list[str] = []
    for relation, label in SHOWN_RELATIONS:
        claims = item.linked(relation)
        if not claims:
            continue
        lines += ["", f"*{label} ({len(claims)})*", ""]
        for claim in claims:
            who = md(claim.claimant, 120) if claim.claimant else "the source’s own reporting"
            how = f", {md(claim.attribution, 160)}" if claim.attribution.strip() else ""
            note = plan.note_for(claim)
            cite = f" [^{note}]" if note else ""
            lines.append(f"- **{claim.grade}** {md(claim.statement, 1200)} — {who}{how}{cite}")
    return lines


def brief_markdown(data: BriefData, options: BriefOptions) -> str:
    plan = make_plan(data, options)
    out: list[str] = [f"# {md(options.title)}", ""]
    if options.subtitle:
        out += [f"*{md(options.subtitle)}*", ""]
    marking = options.marking
    handling = (f"**{marking.value}** — {marking.description}" if isinstance(marking, Marking)
                else f"**Handling:** {md(marking)}" if marking else "")
    date = human_date(data.latest_change[:10]) if data.latest_change else ""
    facts = [f"Project: {md(data.project_name)}"] + ([f"Date: {date}"] if date else []) \
        + ([f"Prepared by: {md(options.analyst)}"] if options.analyst else [])
    out += [" · ".join(facts), ""]
    if handling:
        out += [handling, ""]
    if plan.bluf is not None:
        out += ["## Bottom line up front", "", f"> **{md(plan.bluf.text, 2000)}**", ">",
                f"> {_estimate(plan.bluf)}", ""]
    if plan.judgements:
        out += ["## Key judgements", ""]
        for number, item in enumerate(plan.judgements, start=1):
            out += [f"### {number}\\. {md(item.text, 2000)}", "", _estimate(item)]
            if item.rationale.strip():
                out += ["", f"**Basis:** {md(item.rationale, 2000)}"]
            out += [*_claims(item, plan), ""]
    for section, items in ((BriefSection.ASSUMPTIONS, plan.assumptions),
                           (BriefSection.INDICATORS, plan.indicators),
                           (BriefSection.GAPS, plan.gaps)):
        if items:
            out += [f"## {section.label}", ""]
            out += [f"{n}. {md(item.text, 2000)}" for n, item in enumerate(items, start=1)]
            out.append("")
    if data.entities:
        out += ["## Entity index", "", "| Name | Type | Also known as | Mentioned in |",
                "| --- | --- | --- | --- |"]
        for entity in data.entities:
            where = ", ".join(f"S{plan.source_numbers[uid]}" for uid in entity.source_uids
                              if uid in plan.source_numbers)
            out.append(f"| {md(entity.name, 300)} | {entity.type.label} | "
                       f"{md('; '.join(entity.aliases), 600) or '—'} | {where or '—'} |")
        out.append("")
    if data.sources:
        out += ["## Sources", ""]
        for source in data.sources:
            number = plan.source_numbers[source.uid]
            who = ", ".join(md(p, 200) for p in (source.author, source.publisher) if p.strip())
            when = human_date(source.published_at) if source.published_at.strip() else ""
            where = source.url.strip() or source.original_filename.strip()
            parts = [f"**S{number}** {md(source.title, 400)}", who, md(when),
                     f"`{where.replace('`', '')[:400]}`" if where else "",
                     f"Reliability {source.reliability.code} — {source.reliability.label}"
                     if source.reliability is not None else "Reliability not assessed"]
            out.append("- " + ". ".join(p for p in parts if p) + ".")
        out.append("")
    if plan.notes:
        out += ["## Notes", ""]
        for note in plan.notes:
            who = (note.source.publisher.strip() or note.source.author.strip()
                   or note.source.title)
            page = f", p. {note.page}" if note.page is not None else ""
            when = f", {human_date(note.source.published_at)}" if note.source.published_at else ""
            out.append(f"[^{note.number}]: S{note.source_number} · {md(who, 200)}{md(when)}"
                       f"{page}.")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def write(ctx: Any, out: Path) -> str:
    target = Path(out)
    options = default_options(ctx)
    data = load_brief_data(ctx, options)
    text = brief_markdown(data, options)
    temp = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        temp.write_text(text, encoding="utf-8")
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)
    judgements = sum(1 for i in data.implications if i.kind.value == "judgement")
    return (f"wrote {target}: {judgements} key judgements, {len(data.sources)} sources, "
            f"{len(data.entities)} entities")
