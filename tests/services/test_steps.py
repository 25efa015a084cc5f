"""Combined actions are one transaction: both parts or neither, one undo step, no Qt."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from db.repository import queries
from desktop.core.errors import InvalidInputError
from desktop.ingest.document import ImportedDocument
from desktop.services import entities, history, sources
from desktop.services.steps import in_one_step

TEXT = "Norland and Estmark signed the accord in Vanta."


def _names(ctx):  # type: ignore[no-untyped-def]
    with ctx.reading() as s:
        return sorted(e.name for e in queries.list_entities(s))


def test_two_services_in_one_step_commit_together_and_undo_together(ctx) -> None:  # type: ignore[no-untyped-def]
    suid = sources.add_source(ctx, ImportedDocument(text=TEXT, title="Accord")).primary_uid
    both = in_one_step(ctx, "two entities",
                       lambda: entities.create_entity_with_mention(ctx, "Norland", "GPE", suid,
                                                                   0, 7),
                       lambda: entities.create_entity_with_mention(ctx, "Estmark", "GPE", suid,
                                                                   12, 19))
    assert both.label == "two entities" and len(both.created("entity")) == 2
    assert _names(ctx) == ["Estmark", "Norland"]
    history.revert(ctx, both)
    assert _names(ctx) == []


def test_when_the_second_part_fails_the_first_is_not_kept(ctx) -> None:  # type: ignore[no-untyped-def]
    suid = sources.add_source(ctx, ImportedDocument(text=TEXT, title="Accord")).primary_uid
    with pytest.raises(InvalidInputError):
        in_one_step(ctx, "half",
                    lambda: entities.create_entity(ctx, "Norland", "GPE"),
                    lambda: entities.create_entity(ctx, "   ", "GPE"))
    assert _names(ctx) == []
    # The context is usable again afterwards (no transaction left open).
    entities.create_entity(ctx, "Estmark", "GPE")
    assert _names(ctx) == ["Estmark"]
    del suid


def test_paste_is_one_service_the_cli_uses_too(ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    made = sources.paste_text(ctx, "Pasted heading\n\nBody text here.")
    with ctx.reading() as s:
        [row] = [r for r in queries.list_sources(s) if r.uid == made.primary_uid]
    assert row.title == "Pasted heading" and row.kind == "note"
    with pytest.raises(InvalidInputError):
        sources.paste_text(ctx, "   \n")
    path = ctx.path
    ctx.close()
    done = subprocess.run([sys.executable, "-m", "desktop.cli", "paste", str(path), "--title",
                           "From stdin"], input="Piped text.\n", capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[2], check=False)
    assert done.returncode == 0, done.stderr
    assert "pasted" in done.stdout
