"""An import reads only regular files, within limits, and never hangs or leaks (issue 16).

Every case is built from scratch: a received folder with links out of it, a
named pipe, a link to /dev/zero, a socket, a PDF whose page inflates to 300 MB,
a page of 600,000 nested divs.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.core.context import new_project
from desktop.ingest import guard
from desktop.ingest.document import ImportError_, NoTextError, TooLargeError
from desktop.ingest.registry import READERS, import_file
from desktop.ingest.safe_read import NotARegularFileError, read_capped
from desktop.services.importing import Outcome, files_to_import, import_many
from tests.ingest.hostile_inputs import (
    deflate_bomb,
    nested_divs_page,
    pdf_bomb,
    pdf_with_content,
    received_folder,
    unix_socket,
)
from tests.sharing.conftest import analyst

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX pipes and links")


@pytest.mark.timeout(60)
def test_a_received_folder_imports_its_own_files_and_names_what_it_refused(tmp_path, capsys):
    folder, _private = received_folder(tmp_path)
    project = tmp_path / "p.dossier"
    assert main(["new", str(project)]) == 0
    capsys.readouterr()
    assert main(["import", str(project), str(folder)]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert err == "" and "Traceback" not in out
    # again.txt links to article.txt inside the folder: one is imported, one is the same.
    assert any(line.startswith("imported  again.txt") for line in lines), out
    assert any(line.startswith("skipped   article.txt: already in the project") for line in lines)
    assert any(line.startswith("imported  report.md") for line in lines), out
    for name in ("notes.txt", "hosts.md", "linked", "zero.txt"):
        assert any(line.startswith(f"failed    {name}: not imported: it is a link to")
                   and "outside the folder" in line for line in lines), (name, out)
    assert any(line.startswith("failed    pipe.txt: is a named pipe") for line in lines), out
    data = project.read_bytes()
    assert b"SECRET-KEY-MATERIAL" not in data and b"SECRET-AWS" not in data
    assert len(lines) == 8, out


@pytest.mark.timeout(60)
def test_the_gui_import_path_reports_links_out_of_a_dropped_folder(tmp_path):
    folder, _private = received_folder(tmp_path)
    with new_project(tmp_path / "p.dossier", "P", analyst=analyst("Ann")) as ctx:
        results = import_many(ctx, [folder])
    by_name = {r.path.name: r for r in results}
    assert by_name["again.txt"].outcome is Outcome.IMPORTED
    assert by_name["article.txt"].outcome is Outcome.DUPLICATE
    assert by_name["notes.txt"].outcome is Outcome.FAILED
    assert "id_ed25519" in by_name["notes.txt"].message
    assert by_name["pipe.txt"].outcome is Outcome.FAILED
    assert all("\n" not in r.message for r in results)


def test_links_that_stay_inside_the_folder_are_followed(tmp_path):
    folder, _private = received_folder(tmp_path)
    files, refused = files_to_import([folder])
    assert folder / "again.txt" in files and folder / "sub" / "report.md" in files
    assert sorted(r.path.name for r in refused) == ["hosts.md", "linked", "notes.txt",
                                                          "zero.txt"]


@pytest.mark.timeout(20)
def test_a_named_pipe_is_refused_without_blocking_even_with_the_project_open(tmp_path, capsys):
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    project = tmp_path / "p.dossier"
    main(["new", str(project)])
    capsys.readouterr()
    # Nobody ever writes to the pipe: a blocking open would wait here for ever.
    assert main(["import", str(project), str(pipe)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("failed    pipe.txt: is a named pipe, not a regular file")


@pytest.mark.timeout(20)
def test_a_pipe_swapped_in_after_the_first_check_is_caught_on_the_open_file(tmp_path,
                                                                            monkeypatch):
    pipe = tmp_path / "late.txt"
    os.mkfifo(pipe)
    from desktop.ingest import safe_read

    monkeypatch.setattr(safe_read, "check_regular_file", lambda path, limit=None: None)
    with pytest.raises(NotARegularFileError, match=r"late\.txt: is a named pipe"):
        read_capped(pipe, 1000)


@pytest.mark.timeout(20)
@pytest.mark.parametrize("target", ["/dev/zero", "/dev/urandom"])
def test_a_device_is_refused_before_a_byte_is_read(tmp_path, target):
    if not Path(target).exists():
        pytest.skip(f"{target} is missing on this system")
    link = tmp_path / "zero.txt"
    link.symlink_to(target)
    with pytest.raises(NotARegularFileError, match=f"a device \\(a link to {target}\\)"):
        import_file(link)


@pytest.mark.timeout(20)
def test_a_socket_is_refused(tmp_path):
    sock = unix_socket(tmp_path / "sock.txt")
    try:
        with pytest.raises(NotARegularFileError, match=r"sock\.txt: is a socket"):
            import_file(tmp_path / "sock.txt")
    finally:
        sock.close()


def test_a_reader_stops_at_the_cap_plus_one_byte_whatever_the_size_says(tmp_path):
    path = tmp_path / "exact.txt"
    path.write_bytes(b"x" * 100)
    assert read_capped(path, 100) == b"x" * 100
    with pytest.raises(TooLargeError, match="the limit is"):
        read_capped(path, 99)
    # Files under /proc say they are empty and are not: the cap holds on what is read.
    maps = Path("/proc/self/maps")
    if not maps.is_file() or maps.stat().st_size != 0:
        pytest.skip("no /proc file that misreports its size here")
    with pytest.raises(TooLargeError, match="the file is larger; the limit is"):
        read_capped(maps, 10)


def test_every_guarded_format_has_a_memory_cap_well_under_a_gigabyte():
    guarded = {r.label: r.memory_limit for r in READERS.values() if r.time_limit is not None}
    assert set(guarded) == {"web page", "PDF", "Word document"}
    assert all(limit is not None and limit <= 800 * 2**20 for limit in guarded.values())


@pytest.mark.timeout(120)
def test_the_memory_cap_applies_per_call_and_the_helper_carries_on():
    with pytest.raises(ImportError_, match=r"more memory than Dossier allows \(256 MB\)"):
        guard.run_guarded(bytearray, 400 * 2**20, timeout=60, name="big.pdf",
                          memory_limit=256 * 2**20)
    # The cap was for that call: the next, without one, may use more.
    assert guard.run_guarded(len, bytearray(1000), timeout=60, name="next.pdf") == 1000


@pytest.mark.timeout(120)
def test_a_pdf_decompression_bomb_is_refused_clearly(tmp_path):
    path = tmp_path / "bomb.pdf"
    path.write_bytes(pdf_bomb(300))
    assert path.stat().st_size < 2_000_000
    with pytest.raises(TooLargeError) as refused:
        import_file(path)
    message = str(refused.value)
    assert message.startswith("bomb.pdf: compressed parts of this PDF unpack to more than")
    assert "decompression bomb" in message and "\n" not in message


@pytest.mark.timeout(120)
def test_a_huge_page_that_yields_almost_no_text_says_so(tmp_path):
    path = tmp_path / "deep.html"
    path.write_bytes(nested_divs_page(600_000))
    with pytest.raises(NoTextError) as refused:
        import_file(path)
    message = str(refused.value)
    assert message.startswith("deep.html: only 5 characters of text could be read from this")
    assert "nothing was imported" in message


@pytest.mark.timeout(120)
def test_an_honest_page_with_a_large_content_stream_is_still_read(tmp_path):
    """The bomb check inflates in bounded steps to the end of each stream, and stops there."""
    unit = b"BT /F1 12 Tf 72 712 Td (Ferry closed) Tj ET\n" + b"0 0 m\n" * 170_000
    path = tmp_path / "dense.pdf"
    path.write_bytes(pdf_with_content(deflate_bomb(unit, 12)))  # ~12 MB of drawing
    doc = import_file(path)
    assert "Ferry closed" in doc.text
