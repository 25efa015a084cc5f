"""Two analysts, two copies, the same article: `dossier share-copy` and `dossier merge` end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from db.fileinfo import sha256_of
from db.repository import queries
from desktop.cli import main
from desktop.core.context import open_project
from desktop.core.identity import AnalystIdentity, save_identity
from desktop.services import claims, entities
from desktop.services.sources import source_text
from desktop.sharing.conflicts import list_conflicts

ARTICLE = "articles/us-ukraine-drone-mega-deal.txt"


class Team:
    """Runs the CLI as one analyst or another (each has their own config home)."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch,
                 capsys: pytest.CaptureFixture[str]) -> None:
        self.root, self.monkeypatch, self.capsys = root, monkeypatch, capsys
        self.people: dict[str, AnalystIdentity] = {}

    def identity(self, name: str) -> AnalystIdentity:
        self.monkeypatch.setenv("DOSSIER_HOME", str(self.root / f"home-{name}"))
        if name not in self.people:
            self.people[name] = save_identity(name)
        return self.people[name]

    def run(self, name: str, *argv: str) -> tuple[int, str, str]:
        self.identity(name)
        self.capsys.readouterr()
        code = main(list(argv))
        out, err = self.capsys.readouterr()
        return code, out, err

    def json(self, name: str, *argv: str) -> list[dict[str, object]]:
        code, out, err = self.run(name, *argv, "--json")
        assert code == 0, err
        return json.loads(out)  # type: ignore[no-any-return]


def _annotate(team: Team, name: str, path: Path, quotes: list[str], description: str) -> None:
    """What the analyst does in the app: claims on the article, an edit to a shared entity."""
    with open_project(path, analyst=team.identity(name)) as ctx:
        with ctx.reading() as s:
            [source] = queries.list_sources(s)
            [entity] = queries.list_entities(s)
        body = source_text(ctx, source.uid)
        for quote in quotes:
            start = body.index(quote)
            claims.create_claim(ctx, claims.ClaimDraft(
                quote, source.uid, start, start + len(quote), entity.uid, "said", 3))
        entities.update_entity(ctx, entity.uid, description=description)


def test_two_analysts_share_copies_import_the_same_article_and_merge_both_ways(
        tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    team = Team(tmp_path, monkeypatch, capsys)
    project, ann, bob = (tmp_path / n for n in ("deal.dossier", "ann.dossier", "bob.dossier"))
    article = corpus / ARTICLE

    assert team.run("Olga", "new", str(project), "--name", "Drone deal")[0] == 0
    with open_project(project, analyst=team.identity("Olga")) as ctx:
        entities.create_entity(ctx, "Volodymyr Zelenskyy", "PERSON")
    for copy in (ann, bob):
        code, out, _ = team.run("Olga", "share-copy", str(project), str(copy))
        assert code == 0 and f"sha256 {sha256_of(copy)}" in out

    assert team.run("Ann", "import", str(ann), str(article))[0] == 0
    assert team.run("Bob", "import", str(bob), str(article))[0] == 0
    _annotate(team, "Ann", ann, ["talks with U.S. President Donald Trump"], "President of Ukraine")
    _annotate(team, "Bob", bob, ["“win-win,”", "117 Ukrainian drones"], "Ukraine's president")

    before = sha256_of(ann)
    code, out, _ = team.run("Ann", "merge", str(ann), str(bob), "--dry-run")
    assert code == 0 and "dry run: nothing was changed." in out
    assert "claims" in out and sha256_of(ann) == before

    code, out, _ = team.run("Ann", "merge", str(ann), str(bob))
    assert code == 0 and "1 conflict(s)" in out and "description" in out
    code, out, _ = team.run("Bob", "merge", str(bob), str(ann))
    assert code == 0

    sources = {n: [{k: v for k, v in row.items() if k != "id"}  # ids are local to a file
                   for row in team.json(n, "list", str(p), "sources")]
               for n, p in (("Ann", ann), ("Bob", bob))}
    assert len(sources["Ann"]) == 1 and sources["Ann"] == sources["Bob"]
    assert sources["Ann"][0]["claims"] == 3
    statements = {n: sorted(c["statement"] for c in team.json(n, "list", str(p), "claims"))
                  for n, p in (("Ann", ann), ("Bob", bob))}
    assert statements["Ann"] == statements["Bob"] == sorted(
        ["talks with U.S. President Donald Trump", "“win-win,”", "117 Ukrainian drones"])
    conflicts = {}
    for name, path in (("Ann", ann), ("Bob", bob)):
        with open_project(path, read_only=True, analyst=team.identity(name)) as ctx:
            conflicts[name] = list_conflicts(ctx)
    # Conflicts are computed where the merge ran; Bob's copy took Ann's settled version.
    assert len(conflicts["Ann"]) == 1 and conflicts["Bob"] == []
    [conflict] = conflicts["Ann"]
    assert conflict.table == "entity" and conflict.fields == ("description",)
    assert (conflict.mine, conflict.theirs) == ("President of Ukraine", "Ukraine's president")
    listed = team.json("Ann", "list", str(ann), "conflicts")
    assert [(c["uid"], c["field"], c["mine"], c["theirs"]) for c in listed] == [
        (conflict.uid, "description", "President of Ukraine", "Ukraine's president")]
    code, out, _ = team.run("Ann", "resolve", str(ann), conflict.uid[:13], "--keep", "mine")
    assert code == 0 and "keeps mine" in out
    assert team.json("Ann", "list", str(ann), "conflicts") == []
    [entity] = team.json("Ann", "list", str(ann), "entities")
    assert entity["description"] == "President of Ukraine"

    code, out, _ = team.run("Ann", "merge", str(ann), str(bob))
    assert code == 0 and "no conflicts." in out


def test_merge_command_reports_a_refused_file_on_one_line(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    project = tmp_path / "deal.dossier"
    assert main(["new", str(project)]) == 0
    junk = tmp_path / "junk.dossier"
    junk.write_bytes(b"not a database at all" * 100)
    capsys.readouterr()
    assert main(["merge", str(project), str(junk)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "junk.dossier" in err and "not a Dossier project" in err
    assert main(["merge", str(project), str(project)]) == 1
    assert "own file" in capsys.readouterr().err


def test_merging_the_same_file_twice_on_the_command_line_says_already_merged(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project, copy = tmp_path / "deal.dossier", tmp_path / "copy.dossier"
    assert main(["new", str(project)]) == 0
    assert main(["share-copy", str(project), str(copy)]) == 0
    assert main(["merge", str(project), str(copy)]) == 0
    capsys.readouterr()
    before = sha256_of(project)
    assert main(["merge", str(project), str(copy)]) == 0
    assert "already merged" in capsys.readouterr().out
    assert sha256_of(project) == before
