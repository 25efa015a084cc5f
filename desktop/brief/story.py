"""Put the sections together in reading order, leaving out what is empty or not chosen."""

from __future__ import annotations

from collections.abc import Callable

from reportlab.platypus import Flowable, PageBreak, Paragraph

from desktop.brief import back, front
from desktop.brief.front import Layout
from desktop.brief.options import BriefSection

SectionBuilder = Callable[[Layout], list[Flowable]]

_BUILDERS: tuple[tuple[BriefSection, SectionBuilder], ...] = (
    (BriefSection.BLUF, front.bluf),
    (BriefSection.JUDGEMENTS, front.judgements),
    (BriefSection.ASSUMPTIONS,
     lambda lay: front.implication_list(lay, BriefSection.ASSUMPTIONS, lay.plan.assumptions)),
    (BriefSection.INDICATORS,
     lambda lay: front.implication_list(lay, BriefSection.INDICATORS, lay.plan.indicators)),
    (BriefSection.GAPS,
     lambda lay: front.implication_list(lay, BriefSection.GAPS, lay.plan.gaps)),
    (BriefSection.NOTES, back.notes),
    (BriefSection.ENTITIES, back.entity_index),
    (BriefSection.SOURCES, back.sources),
    (BriefSection.ANNEX, back.annex),
)


def compose_story(layout: Layout) -> list[Flowable]:
    parts: list[tuple[BriefSection, list[Flowable]]] = []
    for section, builder in _BUILDERS:
        if layout.options.includes(section):
            flowables = builder(layout)
            if flowables:
                parts.append((section, flowables))
    story = front.title_block(layout)
    if layout.options.includes(BriefSection.CONTENTS) and parts:
        story += front.contents(layout, [section for section, _ in parts])
    if not any(section != BriefSection.ANNEX for section, _ in parts):
        story.append(Paragraph(
            "There is nothing to report yet: this brief has no accepted judgements, claims "
            "or sources among those chosen.", layout.styles.empty))
    for section, flowables in parts:
        if section == BriefSection.ANNEX:
            story.append(PageBreak())  # reference material starts on its own page
        story += flowables
    return story
