"""The built wheel finds its bundled catalogue when run from outside the source tree."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile

import pytest
from conftest import REPO


def test_installed_wheel_runs_outside_the_source_tree(tmp_path):
    builders = pytest.importorskip("hatchling.builders.wheel")
    wheel = builders.WheelBuilder(str(REPO)).build(directory=str(tmp_path / "dist"), versions=["standard"])
    wheel_path = next(iter(wheel))
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel_path) as archive:
        names = archive.namelist()
        archive.extractall(site)
    assert "lotse/data/vocabulary.yaml" in names and any(n.startswith("lotse/data/catalogue/") for n in names)

    outside = tmp_path / "elsewhere"
    outside.mkdir()
    env = dict(os.environ, PYTHONPATH=str(site), NO_COLOR="1")
    env.pop("LOTSE_CATALOG", None)

    def lotse(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "lotse", *args], cwd=outside, env=env,
                              capture_output=True, text=True)

    where = subprocess.run([sys.executable, "-c", "import lotse.store.catalogue as c; print(c.__file__); "
                            "print(c.bundled_data_dir())"], cwd=outside, env=env, capture_output=True, text=True)
    module_file, data_dir = where.stdout.split()
    assert module_file.startswith(str(site)) and data_dir.startswith(str(site))
    assert lotse("catalog", "validate").returncode == 0
    listed = lotse("catalog", "list", "--format", "json")
    assert listed.returncode == 0 and len(json.loads(listed.stdout)) >= 100
    # HSDS: the descriptor and the goal map ship with the package
    assert {"lotse/present/hsds/datapackage.json", "lotse/data/hsds-goals.yaml"} <= set(names)
    assert lotse("catalog", "export", "--hsds", "hsds").returncode == 0
    imported = lotse("--lang", "en", "catalog", "import", "--hsds", "hsds", "--out", "back.yaml")
    assert imported.returncode == 0 and "Wrote" in imported.stderr
