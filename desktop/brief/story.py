"""Put the sections together in reading order, leaving out what is empty or not chosen.

Each section is one builder in ``_BUILDERS``; a new kind of section (a chronology of
events, a link chart of relations) is one more entry here and in ``BriefSection``.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.platypus import Flowable, PageBreak, Paragraph

from desktop.brief import back, front
from desktop.brief.front import Layout
from desktop.brief.options import BriefSection
from desktop.brief.styles import MARGIN_BOTTOM, MARGIN_TOP, PAGE_SIZE

SectionBuilder = Callable[[Layout], list[Flowable]]

_BUILDERS: tuple[tuple[BriefSection, SectionBuilder], ...] = (
    (BriefSection.BLUF, front.bluf),
    (BriefSection.JUDGEMENTS, front.judgements),
    (BriefSection.SCOPE, lambda lay: front.prose(lay, BriefSection.SCOPE)),
    (BriefSection.CHANGES, lambda lay: front.prose(lay, BriefSection.CHANGES)),
    (BriefSection.ALTERNATIVES, lambda lay: front.prose(lay, BriefSection.ALTERNATIVES)),
    (BriefSection.OUTLOOK, lambda lay: front.prose(lay, BriefSection.OUTLOOK)),
    (BriefSection.ASSUMPTIONS,
     lambda lay: front.implication_list(lay, BriefSection.ASSUMPTIONS, lay.plan.assumptions)),
    (BriefSection.INDICATORS,
     lambda lay: front.implication_list(lay, BriefSection.INDICATORS, lay.plan.indicators)),
    (BriefSection.GAPS,
     lambda lay: front.implication_list(lay, BriefSection.GAPS, lay.plan.gaps)),
    (BriefSection.UNASSESSED, back.unassessed),
    (BriefSection.NOTES, back.notes),
    (BriefSection.SOURCES, back.sources),
    (BriefSection.ENTITIES, back.entity_index),
    (BriefSection.ANNEX, back.annex),
)
# The annexes start on a new page: reference material, apart from the assessment.
_NEW_PAGE = (BriefSection.SOURCES, BriefSection.ANNEX)
# A contents list earns its room from about this many pages.
CONTENTS_FROM_PAGES = 6
_FRAME_HEIGHT = PAGE_SIZE[1] - MARGIN_TOP - MARGIN_BOTTOM


def _estimated_pages(flowables: list[Flowable], width: float, enough: float) -> float:
    """Pages the story would fill, from the height of each piece, counted until ``enough``
    (the blocks keep their layout, so the real build does not measure them again)."""
    total = 0.0
    for flowable in flowables:
        if total >= enough * _FRAME_HEIGHT:
            break
        if isinstance(flowable, PageBreak):
            total = (total // _FRAME_HEIGHT + 1) * _FRAME_HEIGHT
            continue
        _, height = flowable.wrap(width, _FRAME_HEIGHT)
        total += height + flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return total / _FRAME_HEIGHT


def compose_story(layout: Layout) -> list[Flowable]:
    parts: list[tuple[BriefSection, list[Flowable]]] = []
    for section, builder in _BUILDERS:
        # Notes are built whenever claims are printed, chosen or not (plan.notes_shown).
        if layout.options.includes(section) or (section == BriefSection.NOTES
                                                 and layout.plan.notes_shown):
            flowables = builder(layout)
            if flowables:
                parts.append((section, flowables))
    body: list[Flowable] = []
    if not any(section != BriefSection.ANNEX for section, _ in parts):
        body.append(Paragraph(
            "There is nothing to report yet: this brief has no assessed judgements, claims "
            "or sources among those chosen.", layout.styles.empty))
    for section, flowables in parts:
        if section in _NEW_PAGE and body:
            body.append(PageBreak())
        body += flowables
    story = front.title_block(layout)
    if layout.options.includes(BriefSection.CONTENTS) and parts:
        from desktop.brief.styles import FRAME_WIDTH

        wanted = CONTENTS_FROM_PAGES - 0.5
        if _estimated_pages(story + body, FRAME_WIDTH, wanted) >= wanted:
            story += front.contents(layout, [section for section, _ in parts])
    return story + body
