"""The repository stands alone: a fresh clone needs nothing beside it."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Spelled in two pieces so that this file does not match itself.
OUTSIDE = ".." + "/shared"


def tracked_text_files():
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.split(b"\0")
    for name in filter(None, listed):
        path = ROOT / name.decode()
        if path.is_file() and path.suffix not in {".png", ".mo", ".xlsx", ".zip"}:
            yield path


def test_no_file_reaches_outside_the_repository():
    offenders = [
        str(path.relative_to(ROOT))
        for path in tracked_text_files()
        if OUTSIDE in path.read_text(encoding="utf-8", errors="replace")
    ]
    assert offenders == []


def test_every_data_source_says_where_it_came_from():
    readme = (ROOT / "data" / "sources" / "README.md").read_text(encoding="utf-8")
    for folder in (ROOT / "data" / "sources").iterdir():
        if folder.is_dir():
            assert f"`{folder.name}/`" in readme
    assert "CC0" in readme
