"""``dossier import`` over the whole corpus, ``list --json`` and ``export --format brat``."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.cli import main

EXPECTED_FAILURES = {"libreoffice-writer-password.pdf", "having-images.docx"}


def _corpus_files(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.rglob("*") if p.is_file() and p.name != "README.md")


def test_importing_the_whole_corpus_fails_only_on_the_two_unreadable_files(corpus, tmp_path,
                                                                           capsys):
    project = str(tmp_path / "p.dossier")
    assert main(["new", project]) == 0
    capsys.readouterr()
    files = _corpus_files(corpus)
    status = main(["import", project, *map(str, files)])
    lines = capsys.readouterr().out.splitlines()
    assert status == 1
    assert len(lines) == len(files)  # one line per file
    for path, line in zip(files, lines, strict=True):
        assert path.name in line
        allowed = {"failed"} if path.name in EXPECTED_FAILURES else {"imported", "skipped"}
        assert line.split()[0] in allowed, line
    failed = {line.split()[1].rstrip(":") for line in lines if line.startswith("failed")}
    assert failed == EXPECTED_FAILURES

    assert main(["list", project, "sources", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    names = {row["original_filename"] for row in listed}
    for path in files:
        if path.name in EXPECTED_FAILURES:
            continue
        # A brat pair is one source, named after its text file.
        expected = path.with_suffix(".txt").name if path.suffix == ".ann" else path.name
        assert expected in names
    assert len(listed) == len(files) - len(EXPECTED_FAILURES) - 2  # two brat pairs
    assert all(len(row["content_sha256"]) == 64 for row in listed)


def test_reliability_option_grades_every_imported_file(corpus, tmp_path, capsys):
    project = str(tmp_path / "p.dossier")
    main(["new", project])
    assert main(["import", project, "--reliability", "B",
                 str(corpus / "articles" / "us-ukraine-drone-mega-deal.txt")]) == 0
    capsys.readouterr()
    main(["list", project, "sources", "--json"])
    [row] = json.loads(capsys.readouterr().out)
    assert row["reliability"] == "B"


def test_a_folder_argument_imports_the_supported_files_inside(corpus, tmp_path, capsys):
    project = str(tmp_path / "p.dossier")
    main(["new", project])
    capsys.readouterr()
    assert main(["import", project, str(corpus / "docx")]) == 1
    out = capsys.readouterr().out
    assert out.count("\n") == 3 and "failed    having-images.docx" in out


def test_brat_export_from_the_command_line_restores_the_corpus_files(corpus, tmp_path, capsys):
    project = str(tmp_path / "p.dossier")
    main(["new", project])
    assert main(["import", project, str(corpus / "brat")]) == 0
    out = tmp_path / "out"
    assert main(["export", project, "--format", "brat", "-o", str(out)]) == 0
    assert "2 sources with 37 entity annotations" in capsys.readouterr().out
    for original in (corpus / "brat").glob("*.txt"):
        assert (out / original.name).read_bytes() == original.read_bytes()
        ann = original.with_suffix(".ann").name
        assert _spans(out / ann) == _spans(corpus / "brat" / ann)


def _spans(path: Path) -> set[tuple[str, str]]:
    """(type and offsets, text) of each T line; T-numbers may be regenerated."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return {tuple(line.split("\t")[1:]) for line in lines if line.startswith("T")}
