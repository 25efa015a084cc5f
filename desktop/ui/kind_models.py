"""Table models for the two kinds that connect entities: events and relations."""

from __future__ import annotations

from typing import Any

from db.repository.rows import EventRow, RelationRow
from desktop.services import events, relations
from desktop.ui.controller import ProjectController
from desktop.ui.row_model import Column
from desktop.ui.table_models import ControllerModel


class EventsModel(ControllerModel):
    kind = "event"

    def __init__(self, controller: ProjectController, parent: Any = None) -> None:
        super().__init__(controller, parent)
        self.columns = (
            Column("When", lambda r: r.when, sort_key=lambda r: (r.date_start == "",
                                                                  r.date_start, r.date_end),
                   edit_field="when", edit_value=lambda r: r.when.removeprefix("undated"),
                   tooltip="A date, a month, a year or a range; “c.” marks a rough date"),
            Column("What happened", lambda r: r.title, edit_field="title"),
            Column("Where", lambda r: r.place_name, edit_field="place_uid",
                   edit_value=lambda r: r.place_uid or ""),
            Column("Who", lambda r: ", ".join(r.participants)),
            Column("Claims", lambda r: str(len(r.claim_uids)),
                   sort_key=lambda r: len(r.claim_uids), align_right=True,
                   tooltip="Claims that assert the event"),
            Column("Source", lambda r: r.source_title),
            Column("Created by", self.author),
        )

    def commit_edit(self, row: EventRow, field: str, value: Any) -> bool:
        ctx = self.controller.ctx
        return self._perform(lambda: events.update_event(ctx, row.uid, **{field: value}))


class RelationsModel(ControllerModel):
    kind = "relation"

    def __init__(self, controller: ProjectController, parent: Any = None) -> None:
        super().__init__(controller, parent)
        self.columns = (
            Column("From", lambda r: r.subject_name, edit_field="subject_uid",
                   edit_value=lambda r: r.subject_uid),
            Column("Relation", lambda r: r.type, edit_field="type", edit_value=lambda r: r.type),
            Column("To", lambda r: r.object_name, edit_field="object_uid",
                   edit_value=lambda r: r.object_uid),
            Column("Grade", lambda r: r.grade or "—",
                   tooltip="The grade of the claim the relation rests on"),
            Column("Claim", lambda r: r.claim_statement),
            Column("Source", lambda r: r.source_title),
            Column("Created by", self.author),
        )

    def commit_edit(self, row: RelationRow, field: str, value: Any) -> bool:
        ctx = self.controller.ctx
        return self._perform(lambda: relations.update_relation(ctx, row.uid, **{field: value}))
