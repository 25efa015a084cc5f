"""What the analyst chooses for a brief: title, handling marking, sections, what to include."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from db.models.vocab import Marking
from desktop.brief.text import plain
from desktop.core.context import ProjectContext


class BriefSection(StrEnum):
    """The parts of a brief a user can leave out; the title block is always there."""

    CONTENTS = "contents"
    BLUF = "bluf"
    JUDGEMENTS = "judgements"
    ASSUMPTIONS = "assumptions"
    INDICATORS = "indicators"
    GAPS = "gaps"
    NOTES = "notes"
    ENTITIES = "entities"
    SOURCES = "sources"
    ANNEX = "annex"

    @property
    def label(self) -> str:
        return _SECTION_LABELS[self]


_SECTION_LABELS = {
    BriefSection.CONTENTS: "Contents",
    BriefSection.BLUF: "Bottom line up front",
    BriefSection.JUDGEMENTS: "Key judgements",
    BriefSection.ASSUMPTIONS: "Key assumptions",
    BriefSection.INDICATORS: "Indicators to watch",
    BriefSection.GAPS: "Intelligence gaps",
    BriefSection.NOTES: "Notes",
    BriefSection.ENTITIES: "Entity index",
    BriefSection.SOURCES: "Sources",
    BriefSection.ANNEX: "Annex: estimative language and grading scales",
}

ALL_SECTIONS: tuple[BriefSection, ...] = tuple(BriefSection)

MAX_TITLE = 200
MAX_MARKING = 80


def marking_of(value: Marking | str | None) -> Marking | str:
    """A TLP label when the text names one (any case), otherwise the user's own wording."""
    if isinstance(value, Marking):
        return value
    text = plain(value, MAX_MARKING)
    for label in Marking:
        if text.upper().replace(" ", "") == label.value:
            return label
    return text


def sections_of(values: Iterable[Any]) -> tuple[BriefSection, ...]:
    """Known sections in document order; unknown names are ignored."""
    wanted: set[BriefSection] = set()
    for value in values:
        try:
            wanted.add(BriefSection(str(getattr(value, "value", value)).strip().lower()))
        except ValueError:
            continue
    return tuple(s for s in ALL_SECTIONS if s in wanted)


@dataclass(frozen=True)
class BriefOptions:
    """Everything that decides what the brief says. ``None`` for uids means all of them.

    ``marking`` is a TLP 2.0 label, or the user's own handling text printed as typed.
    With ``invariant`` the same project state gives byte-identical PDFs: dates come
    from the project's data, never from the clock.
    """

    title: str = "Brief"
    subtitle: str = ""
    analyst: str = ""
    marking: Marking | str = Marking.AMBER
    sections: tuple[BriefSection, ...] = ALL_SECTIONS
    implication_uids: tuple[str, ...] | None = None
    source_uids: tuple[str, ...] | None = None
    invariant: bool = True
    date: str = ""  # ISO date printed on the brief; "" means the project's latest change

    def includes(self, section: BriefSection) -> bool:
        return section in self.sections

    @property
    def marking_text(self) -> str:
        return self.marking.value if isinstance(self.marking, Marking) else self.marking

    def cleaned(self) -> BriefOptions:
        """The same options with text fields made printable and sections put in order."""
        return replace(
            self,
            title=plain(self.title, MAX_TITLE) or "Brief",
            subtitle=plain(self.subtitle, 400),
            analyst=plain(self.analyst, MAX_TITLE),
            marking=marking_of(self.marking),
            sections=sections_of(self.sections),
            implication_uids=_uids(self.implication_uids),
            source_uids=_uids(self.source_uids),
            date=plain(self.date, 32),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "subtitle": self.subtitle,
            "analyst": self.analyst,
            "marking": self.marking_text,
            "sections": [s.value for s in self.sections],
            "implication_uids": None if self.implication_uids is None
            else list(self.implication_uids),
            "source_uids": None if self.source_uids is None else list(self.source_uids),
            "invariant": self.invariant,
            "date": self.date,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], base: BriefOptions | None = None) -> BriefOptions:
        """Options read back from storage; anything missing or malformed keeps ``base``'s value.

        The stored value may come from a colleague's file, so every field is checked.
        """
        start = base or cls()
        if not isinstance(data, Mapping):
            return start
        values: dict[str, Any] = {}
        for key in ("title", "subtitle", "analyst", "date"):
            if isinstance(data.get(key), str):
                values[key] = data[key]
        if isinstance(data.get("marking"), str) and data["marking"].strip():
            values["marking"] = marking_of(data["marking"])
        if isinstance(data.get("sections"), list):
            values["sections"] = sections_of(data["sections"])
        for key in ("implication_uids", "source_uids"):
            if key in data and (data[key] is None or isinstance(data[key], list)):
                values[key] = _uids(data[key])
        if isinstance(data.get("invariant"), bool):
            values["invariant"] = data["invariant"]
        return replace(start, **values).cleaned()


def _uids(values: Iterable[Any] | None) -> tuple[str, ...] | None:
    if values is None:
        return None
    seen: dict[str, None] = {}
    for value in values:
        if isinstance(value, str) and value.strip():
            seen.setdefault(value.strip()[:36])
    return tuple(seen)


def default_options(ctx: ProjectContext) -> BriefOptions:
    """Sensible options for this project: its name, its default marking, every section."""
    project = ctx.project()
    description = plain(project.description)
    return BriefOptions(
        title=plain(project.name, MAX_TITLE) or "Brief",
        subtitle=description if len(description) <= 240 else "",
        analyst=ctx.analyst.display_name,
        marking=marking_of(project.default_marking or Marking.AMBER),
    ).cleaned()
