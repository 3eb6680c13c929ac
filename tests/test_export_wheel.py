"""The built wheel ships the sheet's fonts, their licences, the sheet languages and the HTML template,
and writes a PDF (also in Arabic) and an HTML page when run from outside the source tree."""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
import zipfile

import pytest
from conftest import REPO


def test_the_wheel_ships_the_font_and_the_template(tmp_path):
    builders = pytest.importorskip("hatchling.builders.wheel")
    pypdf = pytest.importorskip("pypdf")
    wheel = builders.WheelBuilder(str(REPO)).build(directory=str(tmp_path / "dist"), versions=["standard"])
    site = tmp_path / "site"
    with zipfile.ZipFile(next(iter(wheel))) as archive:
        names = archive.namelist()
        archive.extractall(site)
    for name in ("lotse/fonts/DejaVuSans.ttf", "lotse/fonts/DejaVuSans-Bold.ttf", "lotse/fonts/LICENSE",
                 "lotse/fonts/NotoSansArabic-Regular.ttf", "lotse/fonts/NotoSansArabic-Bold.ttf",
                 "lotse/fonts/LICENSE-NotoSansArabic.txt", "lotse/data/sheet-languages/ar.yaml",
                 "lotse/present/sheets/templates/sheet.html.j2"):
        assert name in names, name

    outside = tmp_path / "elsewhere"
    outside.mkdir()
    env = dict(os.environ, PYTHONPATH=str(site), NO_COLOR="1")
    env.pop("LOTSE_CATALOG", None)
    for name in ("sheet.pdf", "sheet.html"):
        done = subprocess.run([sys.executable, "-m", "lotse", "export", "jobbruecke-plus", "-o", name],
                              cwd=outside, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(outside / "sheet.pdf").pages)
    assert "Jobbrücke PLUS" in text
    done = subprocess.run([sys.executable, "-m", "lotse", "export", "jobbruecke-plus", "--sheet-lang", "ar", "-o",
                           "ar.pdf"], cwd=outside, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(outside / "ar.pdf").pages)
    assert "Jobbrücke PLUS" in text and "الخدمات" in unicodedata.normalize("NFKC", text)
    assert "Jobbrücke PLUS" in (outside / "sheet.html").read_text(encoding="utf-8")
