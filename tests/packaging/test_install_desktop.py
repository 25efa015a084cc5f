"""packaging/install-desktop.sh: the user's menu entry, icons and *.dossier type, tools or not."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "packaging" / "install-desktop.sh"
# What the script itself needs; the desktop's cache tools are deliberately left out.
BASICS = ("sh", "mkdir", "cp", "sed", "awk", "dirname", "basename", "rm", "cat", "mv")


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


def bare_path(tmp_path: Path) -> str:
    """A PATH with the shell basics only: no xdg-mime, update-mime-database and friends."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    for tool in BASICS:
        found = shutil.which(tool)
        assert found, tool
        link = bin_dir / tool
        if not link.exists():
            link.symlink_to(found)
    return str(bin_dir)


def install(home: Path, *args: str, path: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {"HOME": str(home), "PATH": path or os.environ.get("PATH", "/usr/bin:/bin")}
    return subprocess.run(["sh", str(SCRIPT), *args], env=env, capture_output=True, text=True,
                          timeout=60)


def fake_program(tmp_path: Path, name: str = "dossier") -> Path:
    program = tmp_path / "my apps" / name
    program.parent.mkdir(exist_ok=True)
    program.write_text("#!/bin/sh\n", encoding="utf-8")
    program.chmod(0o755)
    return program


def test_without_desktop_tools_the_files_still_land_and_dossier_is_the_default(tmp_path, home):
    program = fake_program(tmp_path)
    done = install(home, "--exec", str(program), path=bare_path(tmp_path))
    assert done.returncode == 0, done.stderr
    data = home / ".local" / "share"
    entry = (data / "applications" / "dossier.desktop").read_text(encoding="utf-8")
    assert f'Exec="{program}" %f' in entry.splitlines()
    assert "MimeType=application/x-dossier;" in entry
    assert (data / "mime" / "packages" / "dossier.xml").is_file()
    for size in (16, 48, 256, 512):
        assert (data / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "dossier.png").is_file()
    assert (data / "icons" / "hicolor" / "scalable" / "apps" / "dossier.svg").is_file()
    mimeapps = (home / ".config" / "mimeapps.list").read_text(encoding="utf-8")
    assert "[Default Applications]\napplication/x-dossier=dossier.desktop\n" in mimeapps


def test_an_existing_mimeapps_list_keeps_its_other_lines(tmp_path, home):
    config = home / ".config"
    config.mkdir()
    (config / "mimeapps.list").write_text(
        "[Default Applications]\ntext/plain=editor.desktop\napplication/x-dossier=old.desktop\n"
        "[Added Associations]\ntext/plain=viewer.desktop\n", encoding="utf-8")
    assert install(home, "--exec", str(fake_program(tmp_path)),
                   path=bare_path(tmp_path)).returncode == 0
    assert (config / "mimeapps.list").read_text(encoding="utf-8") == (
        "[Default Applications]\ntext/plain=editor.desktop\n"
        "application/x-dossier=dossier.desktop\n"
        "[Added Associations]\ntext/plain=viewer.desktop\n")
    assert install(home, "--uninstall", path=bare_path(tmp_path)).returncode == 0
    assert "x-dossier" not in (config / "mimeapps.list").read_text(encoding="utf-8")
    assert not (home / ".local" / "share" / "applications" / "dossier.desktop").exists()


def test_a_program_path_with_spaces_and_a_dollar_is_quoted_for_the_desktop(tmp_path, home):
    program = fake_program(tmp_path, "dos$sier")
    assert install(home, "--exec", str(program), path=bare_path(tmp_path)).returncode == 0
    entry = (home / ".local/share/applications/dossier.desktop").read_text(encoding="utf-8")
    assert f'Exec="{str(program).replace("$", chr(92) * 2 + "$")}" %f' in entry.splitlines()
    if shutil.which("desktop-file-validate"):
        checked = subprocess.run(["desktop-file-validate",
                                  str(home / ".local/share/applications/dossier.desktop")],
                                 capture_output=True, text=True)
        assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.mark.skipif(not (shutil.which("xdg-mime") and shutil.which("update-mime-database")),
                    reason="xdg-utils and shared-mime-info are not installed")
def test_with_desktop_tools_xdg_mime_names_dossier_for_projects_even_renamed(tmp_path, home,
                                                                               sample_path):
    done = install(home, "--exec", str(fake_program(tmp_path)))
    assert done.returncode == 0, done.stderr
    env = {"HOME": str(home), "PATH": os.environ.get("PATH", "/usr/bin:/bin")}

    def xdg(*args: str) -> str:
        return subprocess.run(["xdg-mime", "query", *args], env=env, capture_output=True,
                              text=True, timeout=30).stdout.strip()

    assert xdg("default", "application/x-dossier") == "dossier.desktop"
    renamed = tmp_path / "from a colleague.bin"
    shutil.copyfile(sample_path, renamed)
    assert xdg("filetype", str(renamed)) == "application/x-dossier"  # by its header


def test_the_desktop_entry_in_the_tree_is_valid():
    if not shutil.which("desktop-file-validate"):
        pytest.skip("desktop-file-utils is not installed")
    checked = subprocess.run(["desktop-file-validate",
                              str(REPO / "resources" / "linux" / "dossier.desktop")],
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
