"""Shared fixtures: the bundled catalogue, an in-process CLI runner, overlay helpers."""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from lotse.cli import run
from lotse.store.catalogue import load_catalogue

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
TODAY = dt.date(2026, 11, 22)


@pytest.fixture(scope="session", autouse=True)
def cache_dir(tmp_path_factory):
    """One compiled-catalogue cache for the whole run, never the user's own cache folder."""
    import os

    folder = tmp_path_factory.mktemp("lotse-cache")
    previous = os.environ.get("LOTSE_CACHE_DIR")
    os.environ["LOTSE_CACHE_DIR"] = str(folder)
    yield folder
    if previous is None:
        del os.environ["LOTSE_CACHE_DIR"]
    else:
        os.environ["LOTSE_CACHE_DIR"] = previous


@pytest.fixture(scope="session")
def catalogue():
    return load_catalogue()


@dataclass
class Outcome:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys, monkeypatch, tmp_path_factory):
    """Run lotse in-process with a clean environment; returns exit code, stdout and stderr."""
    monkeypatch.delenv("LOTSE_CATALOG", raising=False)
    monkeypatch.delenv("LOTSE_LANG", raising=False)
    monkeypatch.delenv("LOTSE_REGION", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))  # not the user's own
    monkeypatch.setenv("NO_COLOR", "1")

    def invoke(*args: str) -> Outcome:
        capsys.readouterr()
        code = run(list(args), today=TODAY)
        captured = capsys.readouterr()
        return Outcome(code, captured.out, captured.err)

    return invoke


@pytest.fixture
def overlay(tmp_path):
    """Write a YAML overlay file (dedented) into a fresh folder and return the folder."""

    def write(text: str, name: str = "local.yaml") -> Path:
        folder = tmp_path / "overlay"
        folder.mkdir(exist_ok=True)
        (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
        return folder

    return write


ENTRY = """\
entries:
  - id: {id}
    name: {name}
    kind: project
    level: non_state
    area: {{places: [halle-saale]}}
    summary: {{de: Beratung in Halle, en: Counselling in Halle}}
    eligibility: {{clients: [person], statuses: any, age: any, qualifications: any}}
    goals: [job]
    contacts:
      - organisation: Netzwerk Halle
        phone: ["0345 / 000"]
    as_of: "2026-01-01"
    sources: [{{file: netzwerk-halle.txt, section: Liste}}]
"""


def run_as_nobody(*args: str, home: Path):
    """Run lotse as the unprivileged user nobody, for the permission errors root never meets;
    skips (with the reason) where that is impossible. `home` must be a folder nobody may enter."""
    import os
    import shutil
    import subprocess
    import sys

    setpriv = shutil.which("setpriv")
    if os.name != "posix" or os.geteuid() != 0 or setpriv is None:
        pytest.skip("needs root and setpriv to run lotse as the unprivileged user nobody")
    env = {"PATH": os.environ["PATH"], "HOME": str(home), "LOTSE_CACHE_DIR": str(home / "cache"),
           "PYTHONPATH": os.pathsep.join(p for p in sys.path if p), "NO_COLOR": "1"}

    def run(*argv: str):
        return subprocess.run([setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups", sys.executable,
                               "-m", "lotse", *argv], capture_output=True, text=True, env=env, timeout=120)

    control = run("--version")
    if control.returncode != 0:
        pytest.skip(f"the user nobody cannot run lotse here: {control.stderr.strip()[-200:]}")
    return run(*args)


@pytest.fixture
def open_tmp():
    """A temporary folder under /tmp that the user nobody may enter (pytest's own is 0700)."""
    import shutil
    import tempfile

    base = Path(tempfile.mkdtemp(prefix="lotse-test-", dir="/tmp"))
    base.chmod(0o755)
    yield base
    for path in [base, *base.rglob("*")]:
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)
    shutil.rmtree(base, ignore_errors=True)
