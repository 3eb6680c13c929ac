"""The compiled catalogue cache never changes an answer: edits, additions, removals, corruption,
and a catalogue put together again from files compiled one by one."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import REPO, TODAY

from lotse.domain.search import Filters, Query, index_for, search
from lotse.errors import CatalogueError
from lotse.present.records import entry_record
from lotse.store import yaml_files as yamlfiles
from lotse.store.cache import image as index_cache
from lotse.store.catalogue import bundled_data_dir, load_catalogue, read_catalogue

HOUR_AGO = time.time() - 3600


def age(folder: Path) -> None:
    """Make every file look written an hour ago (fresh files are never cached, see RACY_NS)."""
    for path in folder.rglob("*"):
        os.utime(path, (HOUR_AGO, HOUR_AGO))


@pytest.fixture
def data(tmp_path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(bundled_data_dir(), folder, ignore=shutil.ignore_patterns("README.md"))
    age(folder)
    return folder


@pytest.fixture
def cache(tmp_path) -> Path:
    return tmp_path / "cache"


def snapshot(catalogue):
    return ([entry_record(e) for e in catalogue], catalogue.vocabulary, catalogue.regions.regions,
            catalogue.chains, catalogue.files, catalogue.as_of)


def cache_files(cache: Path) -> list[Path]:
    return sorted(cache.glob("catalogue-*.cache")) if cache.exists() else []


def forbid_yaml(monkeypatch):
    def fail(path):
        raise AssertionError(f"read {path} despite the cache")

    monkeypatch.setattr(yamlfiles, "load_yaml", fail)


def spy_yaml(monkeypatch) -> list[Path]:
    """The YAML files parsed from now on, in order."""
    parsed: list[Path] = []
    real = yamlfiles.load_yaml

    def spy(path):
        parsed.append(Path(path))
        return real(path)

    monkeypatch.setattr(yamlfiles, "load_yaml", spy)
    return parsed


def compiled_files(cache: Path) -> list[Path]:
    folder = cache / index_cache.FILES
    return sorted(folder.glob("*.cache")) if folder.exists() else []


def edit(path: Path, old: str, new: str, mtime: float = HOUR_AGO + 60) -> None:
    """Replace text in a file and date it as an edit made a while ago (not racily fresh)."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    os.utime(path, (mtime, mtime))


def test_a_hit_gives_the_same_catalogue_without_reading_yaml(data, cache, monkeypatch):
    fresh = load_catalogue(data_dir=data, cache_dir=cache)
    assert len(cache_files(cache)) == 1
    forbid_yaml(monkeypatch)
    cached = load_catalogue(data_dir=data, cache_dir=cache)
    assert snapshot(cached) == snapshot(fresh)
    query = Query.parse("anerkennung beratung")
    assert [h.entry.id for h in search(cached, query, Filters(), TODAY, 20).hits] == \
           [h.entry.id for h in search(fresh, query, Filters(), TODAY, 20).hits]


def test_edited_file_is_seen(data, cache):
    load_catalogue(data_dir=data, cache_dir=cache)
    federal = data / "catalogue" / "federal.yaml"
    federal.write_text(federal.read_text(encoding="utf-8").replace(
        'name: "Anerkennungszuschuss"', 'name: "Anerkennungszuschuss NEU"'), encoding="utf-8")
    assert load_catalogue(data_dir=data, cache_dir=cache).entries["anerkennungszuschuss"].name == \
        "Anerkennungszuschuss NEU"


def test_same_size_edit_with_an_older_mtime_is_seen(data, cache):
    """An edit that keeps the size (a changed letter) and sets the mtime back is still seen."""
    load_catalogue(data_dir=data, cache_dir=cache)
    federal = data / "catalogue" / "federal.yaml"
    federal.write_text(federal.read_text(encoding="utf-8").replace(
        'name: "Anerkennungszuschuss"', 'name: "Anerkennungszuschusz"'), encoding="utf-8")
    os.utime(federal, (HOUR_AGO - 60, HOUR_AGO - 60))
    assert load_catalogue(data_dir=data, cache_dir=cache).entries["anerkennungszuschuss"].name == \
        "Anerkennungszuschusz"


@pytest.mark.parametrize("how", ["in place", "renamed over"])
def test_an_edit_that_restores_size_and_mtime_is_seen(data, cache, how):
    """`os.utime` can give an edited file back its old size and mtime, not its inode or ctime."""
    federal = data / "catalogue" / "federal.yaml"
    before = federal.stat()
    load_catalogue(data_dir=data, cache_dir=cache)
    assert cache_files(cache)
    text = federal.read_text(encoding="utf-8").replace('name: "Anerkennungszuschuss"', 'name: "Anerkennungszuschusz"')
    if how == "in place":
        federal.write_text(text, encoding="utf-8")
    else:
        replacement = federal.with_name("federal.new")
        replacement.write_text(text, encoding="utf-8")
        os.replace(replacement, federal)
    os.utime(federal, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert federal.stat().st_size == before.st_size and federal.stat().st_mtime_ns == before.st_mtime_ns
    assert load_catalogue(data_dir=data, cache_dir=cache).entries["anerkennungszuschuss"].name == \
        "Anerkennungszuschusz"


def test_fresh_files_are_not_cached(data, cache):
    (data / "catalogue" / "federal.yaml").touch()
    load_catalogue(data_dir=data, cache_dir=cache)
    assert cache_files(cache) == []


ENTRY = textwrap.dedent("""\
    entries:
      - id: quastenflosser-beratung
        name: Quastenflosser-Beratung
        kind: project
        level: non_state
        area: {places: [halle-saale]}
        summary: {de: Beratung, en: Counselling}
        eligibility: {clients: [person]}
        goals: [job]
        as_of: "2026-01-01"
        sources: [{file: netzwerk-halle.txt, section: Liste}]
    """)


def test_added_and_removed_files_are_seen(data, cache):
    load_catalogue(data_dir=data, cache_dir=cache)
    added = data / "catalogue" / "local.yaml"
    added.write_text(ENTRY, encoding="utf-8")
    age(data)
    assert "quastenflosser-beratung" in load_catalogue(data_dir=data, cache_dir=cache).entries
    assert "quastenflosser-beratung" in load_catalogue(data_dir=data, cache_dir=cache).entries  # from cache
    other = data / "catalogue" / "deeper" / "other.yaml"
    other.parent.mkdir()
    other.write_text(ENTRY.replace("quastenflosser-beratung", "zweite-beratung"), encoding="utf-8")
    age(data)
    assert {"quastenflosser-beratung", "zweite-beratung"} <= set(load_catalogue(data_dir=data, cache_dir=cache).entries)
    added.unlink()
    entries = load_catalogue(data_dir=data, cache_dir=cache).entries
    assert "quastenflosser-beratung" not in entries and "zweite-beratung" in entries


def test_overlays_are_part_of_the_key(data, cache, tmp_path):
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text(ENTRY, encoding="utf-8")
    os.utime(overlay, (HOUR_AGO, HOUR_AGO))
    assert "quastenflosser-beratung" not in load_catalogue(data_dir=data, cache_dir=cache).entries
    assert "quastenflosser-beratung" in load_catalogue([overlay], data_dir=data, cache_dir=cache).entries
    assert "quastenflosser-beratung" in load_catalogue([overlay], data_dir=data, cache_dir=cache).entries
    overlay.write_text(ENTRY.replace("Quastenflosser-Beratung", "Umbenannt"), encoding="utf-8")
    assert load_catalogue([overlay], data_dir=data, cache_dir=cache).entries[
        "quastenflosser-beratung"].name == "Umbenannt"


def test_a_catalogue_with_problems_is_never_cached(data, cache, tmp_path):
    overlay = tmp_path / "broken.yaml"
    overlay.write_text(ENTRY.replace("kind: project", "kind: castle"), encoding="utf-8")
    os.utime(overlay, (HOUR_AGO, HOUR_AGO))
    for _ in range(2):
        with pytest.raises(CatalogueError, match="castle"):
            load_catalogue([overlay], data_dir=data, cache_dir=cache)
        _, problems = read_catalogue([overlay], data_dir=data, cache_dir=cache)
        assert problems
    assert cache_files(cache) == []


@pytest.mark.parametrize("damage", [
    lambda b: b"",  # empty
    lambda b: b"garbage" * 100,  # foreign
    lambda b: b[: len(b) // 2],  # truncated
    lambda b: index_cache.MAGIC + b"\xff" * 64,  # right magic, broken header
    lambda b: b[:-1],  # one byte short
])
def test_corrupt_or_foreign_cache_is_rebuilt_silently(data, cache, damage):
    fresh = snapshot(load_catalogue(data_dir=data, cache_dir=cache))
    (path,) = cache_files(cache)
    path.write_bytes(damage(path.read_bytes()))
    assert snapshot(load_catalogue(data_dir=data, cache_dir=cache)) == fresh
    assert path.read_bytes().startswith(index_cache.MAGIC)  # rewritten
    assert snapshot(load_catalogue(data_dir=data, cache_dir=cache)) == fresh


def test_damaged_entry_bytes_fall_back_to_the_sources(data, cache):
    fresh = snapshot(load_catalogue(data_dir=data, cache_dir=cache))
    (path,) = cache_files(cache)
    raw = bytearray(path.read_bytes())
    middle = len(raw) - len(raw) // 3  # inside the entries, past the header
    raw[middle:middle + 8] = b"\x00" * 8
    path.write_bytes(bytes(raw))
    assert snapshot(load_catalogue(data_dir=data, cache_dir=cache)) == fresh


def test_damaged_search_index_falls_back_to_the_sources(data, cache):
    """The postings are the file's last part and are read in place: damage there is caught too."""
    fresh = load_catalogue(data_dir=data, cache_dir=cache)
    query = Query.parse("anerkennung")
    expected = [(h.entry.id, h.match) for h in search(fresh, query, Filters(), TODAY, 30).hits]
    (path,) = cache_files(cache)
    raw = bytearray(path.read_bytes())
    raw[-40:-32] = b"\xff" * 8
    path.write_bytes(bytes(raw))
    cached = load_catalogue(data_dir=data, cache_dir=cache)
    assert [(h.entry.id, h.match) for h in search(cached, query, Filters(), TODAY, 30).hits] == expected


def test_a_cache_from_another_version_is_a_miss(data, cache, monkeypatch):
    fresh = snapshot(load_catalogue(data_dir=data, cache_dir=cache))
    monkeypatch.setattr(index_cache, "FORMAT", index_cache.FORMAT + 1)
    assert snapshot(load_catalogue(data_dir=data, cache_dir=cache)) == fresh


def test_a_cache_folder_that_cannot_be_written_means_no_cache(data, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    catalogue = load_catalogue(data_dir=data, cache_dir=blocker / "cache")
    assert len(catalogue) > 100


def test_a_read_only_cache_folder_means_no_cache(open_tmp):
    from conftest import run_as_nobody

    cache = open_tmp / "cache"  # the folder run_as_nobody names in LOTSE_CACHE_DIR
    cache.mkdir()
    os.chown(cache, 65534, 65534) if os.geteuid() == 0 else None  # nobody's own, but read-only
    cache.chmod(0o500)
    result = run_as_nobody("search", "anabin", "--format", "ids", home=open_tmp)
    assert result.returncode == 0 and result.stdout == "anabin\n", result.stderr
    assert list(cache.iterdir()) == []


def test_old_cache_files_are_pruned(data, cache, tmp_path):
    overlays = []
    for i in range(index_cache.KEEP + 3):
        overlay = tmp_path / f"overlay-{i}.yaml"
        overlay.write_text(ENTRY.replace("quastenflosser-beratung", f"beratung-{i}"), encoding="utf-8")
        os.utime(overlay, (HOUR_AGO, HOUR_AGO))
        overlays.append(overlay)
        load_catalogue([overlay], data_dir=data, cache_dir=cache)
    assert len(cache_files(cache)) == index_cache.KEEP
    newest = index_cache.cache_file(cache, data, [overlays[-1]])
    assert newest in cache_files(cache)


def test_old_compiled_files_are_pruned_with_their_catalogues(data, cache, tmp_path):
    """A compiled file stays while a kept catalogue was made of it; the bundled files, shared by
    every combination, stay."""
    bundled = len(list((data / "catalogue").rglob("*.yaml")))
    for i in range(index_cache.KEEP + 3):
        overlay = tmp_path / f"overlay-{i}.yaml"
        overlay.write_text(ENTRY.replace("quastenflosser-beratung", f"beratung-{i}"), encoding="utf-8")
        os.utime(overlay, (HOUR_AGO, HOUR_AGO))
        load_catalogue([overlay], data_dir=data, cache_dir=cache)
    assert len(compiled_files(cache)) == bundled + index_cache.KEEP


@pytest.mark.parametrize("xdg", [None, "", "   ", "/tmp/xdg-cache"])
def test_cache_location_is_platformdirs_own(monkeypatch, xdg):
    from platformdirs import user_cache_dir

    assert index_cache.cache_dir({"LOTSE_CACHE_DIR": "/somewhere"}) == Path("/somewhere")
    monkeypatch.delenv("LOTSE_CACHE_DIR", raising=False)
    if xdg is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    assert index_cache.cache_dir() == Path(user_cache_dir("lotse", appauthor=False))


def test_the_cli_uses_lotse_cache_dir(cli, monkeypatch, tmp_path):
    monkeypatch.setenv("LOTSE_CACHE_DIR", str(tmp_path / "cli-cache"))
    assert cli("search", "anabin", "--format", "ids").out == "anabin\n"
    assert cache_files(tmp_path / "cli-cache") or _fresh_bundled_data()


def _fresh_bundled_data() -> bool:
    """Whether a bundled file changed within the racy window (someone is editing data/)."""
    newest = max(p.stat().st_mtime_ns for p in bundled_data_dir().rglob("*.yaml"))
    return newest > time.time_ns() - index_cache.RACY_NS - 10**9


def test_a_warm_search_imports_neither_yaml_nor_the_schema(tmp_path):
    """The cold-start budget: a cached search must not parse YAML, nor build the other commands or
    bring pydantic (see benchmarks/run.py)."""
    env = {**os.environ, "LOTSE_CACHE_DIR": str(tmp_path / "c"), "NO_COLOR": "1"}
    env.pop("LOTSE_CATALOG", None)
    code = ("import sys; from lotse.cli import run; code = run(['search', 'anabin', '--format', 'ids']);"
            "print(sorted(m for m in ('yaml', 'lotse.store.schema', 'questionary', 'pydantic', 'lotse.cli.ask',"
            " 'lotse.cli.export', 'lotse.cli.catalog') if m in sys.modules))")
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=REPO)
    second = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=REPO)
    assert first.stdout.startswith("anabin\n") and second.stdout.startswith("anabin\n"), first.stderr
    if not _fresh_bundled_data():
        assert second.stdout.splitlines()[-1] == "[]"


def test_help_imports_no_heavy_library(tmp_path):
    """Help reads the vocabulary from the cache (for the values' labels), not the YAML."""
    env = {**os.environ, "LOTSE_CACHE_DIR": str(tmp_path / "c"), "NO_COLOR": "1"}
    code = ("import sys; from lotse.cli import run; run(['--help']);"
            "print(sorted(m for m in ('yaml', 'rapidfuzz', 'questionary', 'jinja2', 'fpdf')"
            " if m in sys.modules))")
    subprocess.run([sys.executable, "-m", "lotse", "catalog", "validate"], capture_output=True, env=env, cwd=REPO)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=REPO)
    if not _fresh_bundled_data():
        assert proc.stdout.splitlines()[-1] == "[]", proc.stderr


# -- a catalogue of several files: only what changed is read again ------------------------------

def two_files(folder: Path, second: str = "zweite-beratung") -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "a.yaml").write_text(ENTRY, encoding="utf-8")
    (folder / "b.yaml").write_text(ENTRY.replace("quastenflosser-beratung", second), encoding="utf-8")
    age(folder)
    return folder


def catalogue_files_parsed(parsed: list[Path], *folders: Path) -> list[Path]:
    """The catalogue files among the parsed ones (vocabulary, regions and chains are read on every
    rebuild: they are small, and the catalogue-level step checks against them)."""
    return [p for p in parsed if any(folder in p.parents for folder in folders)]


def test_editing_one_of_several_files_reads_only_that_file(data, cache, monkeypatch):
    load_catalogue(data_dir=data, cache_dir=cache)
    parsed = spy_yaml(monkeypatch)
    bavaria = data / "catalogue" / "laender" / "by.yaml"
    edit(bavaria, "entries:", "entries:\n" + textwrap.indent(ENTRY.split("\n", 1)[1], "").rstrip())
    catalogue = load_catalogue(data_dir=data, cache_dir=cache)
    assert "quastenflosser-beratung" in catalogue.entries
    assert catalogue_files_parsed(parsed, data / "catalogue") == [bavaria]
    parsed.clear()
    assert "quastenflosser-beratung" in load_catalogue(data_dir=data, cache_dir=cache).entries
    assert parsed == []


def test_a_catalogue_put_together_from_compiled_files_is_the_one_read_at_once(data, cache, tmp_path):
    """Overlays replacing bundled entries, new entries, and every entry moved to another number
    after an edit: the same entries, files, search index and search results as without a cache."""
    overlay = tmp_path / "overlay"
    overlay.mkdir()
    (overlay / "jmd.yaml").write_text(ENTRY.replace("quastenflosser-beratung", "jmd"), encoding="utf-8")
    two_files(overlay)
    load_catalogue([overlay], data_dir=data, cache_dir=cache)
    edit(data / "catalogue" / "federal.yaml", 'name: "Anerkennungszuschuss"', 'name: "Anerkennungszuschuss neu"')
    (data / "catalogue" / "municipal" / "stuttgart.yaml").unlink()
    cached = load_catalogue([overlay], data_dir=data, cache_dir=cache)
    fresh = load_catalogue([overlay], data_dir=data)
    assert snapshot(cached) == snapshot(fresh)
    assert cached.entries["jmd"].replaces == fresh.entries["jmd"].replaces == str(data / "catalogue" / "federal.yaml")
    ready, expected = index_for(cached), index_for(fresh)
    assert [bytes(p) for p in ready.postings] == [bytes(p) for p in expected.postings]
    assert list(cached.entries) == list(fresh.entries)
    assert [cached.entries.at(n).id for n in range(len(cached))] == list(fresh.entries)
    assert (ready.vocab, ready.compiled.offsets, ready.compiled.names, ready.compiled.name_order,
            ready.compiled.kinds, ready.compiled.levels, ready.compiled.ends) == \
        (expected.vocab, expected.compiled.offsets, expected.compiled.names,
         expected.compiled.name_order, expected.compiled.kinds, expected.compiled.levels, expected.compiled.ends)
    for text in ("anerkennungszuschuss neu", "quastenflosser", "jugendmigrationsdienst halle", "beratung"):
        query = Query.parse(text)
        assert [(h.entry.id, h.match) for h in search(cached, query, Filters(), TODAY, 50).hits] == \
               [(h.entry.id, h.match) for h in search(fresh, query, Filters(), TODAY, 50).hits]


def test_a_duplicate_id_made_by_editing_one_file_is_reported(data, cache, tmp_path, monkeypatch):
    overlay = two_files(tmp_path / "overlay")
    load_catalogue([overlay], data_dir=data, cache_dir=cache)
    parsed = spy_yaml(monkeypatch)
    edit(overlay / "b.yaml", "zweite-beratung", "quastenflosser-beratung")
    _, problems = read_catalogue([overlay], data_dir=data, cache_dir=cache)
    assert [(p.file, p.entry, p.message) for p in problems] == [
        (str(overlay / "b.yaml"), "quastenflosser-beratung", f"duplicate id (also in {overlay / 'a.yaml'})")]
    assert catalogue_files_parsed(parsed, overlay) == [overlay / "b.yaml"]
    with pytest.raises(CatalogueError, match="duplicate id"):
        load_catalogue([overlay], data_dir=data, cache_dir=cache)


def test_a_reference_broken_by_deleting_a_file_is_reported(data, cache, tmp_path, monkeypatch):
    overlay = two_files(tmp_path / "overlay")
    edit(overlay / "b.yaml", "kind: project", "kind: project\n    part_of: quastenflosser-beratung", HOUR_AGO)
    assert load_catalogue([overlay], data_dir=data, cache_dir=cache).entries["zweite-beratung"].part_of == \
        "quastenflosser-beratung"
    parsed = spy_yaml(monkeypatch)
    (overlay / "a.yaml").unlink()
    _, problems = read_catalogue([overlay], data_dir=data, cache_dir=cache)
    assert [(p.file, p.entry, p.field) for p in problems] == [(str(overlay / "b.yaml"), "zweite-beratung", "part_of")]
    assert "unknown entry 'quastenflosser-beratung'" in problems[0].message
    assert catalogue_files_parsed(parsed, overlay) == []  # b.yaml came from the cache


def test_a_vocabulary_change_invalidates_every_compiled_file(data, cache, monkeypatch):
    load_catalogue(data_dir=data, cache_dir=cache)
    parsed = spy_yaml(monkeypatch)
    edit(data / "vocabulary.yaml", "  project: {de: Projekt, en: Project}\n", "")
    _, problems = read_catalogue(data_dir=data, cache_dir=cache)
    assert str(data / "catalogue" / "federal.yaml") in {p.file for p in problems if "unknown value 'project'" in p.message}
    assert set(catalogue_files_parsed(parsed, data / "catalogue")) == set((data / "catalogue").rglob("*.yaml"))


def test_a_regions_change_invalidates_every_compiled_file(data, cache):
    """Entries are validated against the regions, and their region names are in the index."""
    query = Query.parse("quaxendorf")
    assert not search(load_catalogue(data_dir=data, cache_dir=cache), query, Filters(), TODAY, 10).hits
    edit(data / "regions.yaml", 'aliases: ["Halle", "Halle an der Saale"]', 'aliases: ["Halle", "Halle an der Saale", "Quaxendorf"]')
    hits = search(load_catalogue(data_dir=data, cache_dir=cache), query, Filters(), TODAY, 200).hits
    local = ["halle-saale" in h.entry.area.places for h in hits]
    assert local[0] and all(h.entry.area.nationwide or "DE-ST" in h.entry.area.states
                            for h, here in zip(hits, local, strict=True) if not here)
    edit(data / "regions.yaml", '{id: "halle-saale",', '{id: "halle-an-der-saale",')
    _, problems = read_catalogue(data_dir=data, cache_dir=cache)
    assert any("unknown region 'halle-saale'" in p.message for p in problems)


def test_a_fresh_file_is_not_kept_compiled_but_the_others_are(data, cache, tmp_path):
    overlay = two_files(tmp_path / "overlay")
    (overlay / "b.yaml").touch()
    load_catalogue([overlay], data_dir=data, cache_dir=cache)
    assert cache_files(cache) == []
    assert len(compiled_files(cache)) == len(list((data / "catalogue").rglob("*.yaml"))) + 1


@pytest.mark.parametrize("damage", [
    lambda b: b"",
    lambda b: b"garbage" * 100,
    lambda b: b[: len(b) // 2],
    lambda b: b[: len(b) // 2] + b"\x00" * 8 + b[len(b) // 2 + 8:],  # caught by the checksum
])
def test_a_corrupt_compiled_file_is_rebuilt_silently(data, cache, tmp_path, monkeypatch, damage):
    overlay = tmp_path / "local.yaml"
    overlay.write_text(ENTRY, encoding="utf-8")
    os.utime(overlay, (HOUR_AGO, HOUR_AGO))
    load_catalogue(data_dir=data, cache_dir=cache)
    bundled = set(compiled_files(cache))
    fresh = snapshot(load_catalogue([overlay], data_dir=data, cache_dir=cache))
    (compiled,) = set(compiled_files(cache)) - bundled
    compiled.write_bytes(damage(compiled.read_bytes()))
    for _ in range(2):  # read again and rewritten; then kept
        for path in cache_files(cache):
            path.unlink()  # so that the catalogue is put together again from its compiled files
        parsed = spy_yaml(monkeypatch)
        assert snapshot(load_catalogue([overlay], data_dir=data, cache_dir=cache)) == fresh
    assert overlay not in parsed


def test_entries_name_their_file_as_it_was_given(data, cache, tmp_path, monkeypatch):
    """`lotse show` names the file: a relative and an absolute name are two cache keys."""
    monkeypatch.chdir(tmp_path)
    Path("local.yaml").write_text(ENTRY, encoding="utf-8")
    os.utime("local.yaml", (HOUR_AGO, HOUR_AGO))
    for name in ("local.yaml", str(tmp_path / "local.yaml"), "local.yaml"):
        assert load_catalogue([Path(name)], data_dir=data, cache_dir=cache).entries[
            "quastenflosser-beratung"].origin == name


# -- a cache made of data, in a folder of the user's own ------------------------------------------

class _Planted:
    """Unpickling this writes a marker file: what an attacker's planted pickle would do."""

    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (Path(self.marker), "ran"))


def test_a_file_planted_in_the_cache_folder_never_runs(cli, monkeypatch, tmp_path):
    import pickle

    folder = tmp_path / "cache"
    monkeypatch.setenv("LOTSE_CACHE_DIR", str(folder))
    first = cli("search", "anabin", "--format", "ids")
    assert first.out == "anabin\n"
    planted = list(folder.rglob("*.cache"))
    assert planted or _fresh_bundled_data()
    marker = tmp_path / "ran"
    payload = pickle.dumps(_Planted(str(marker)))
    for path in planted:  # every compiled file replaced, keeping the magic line in front
        magic = path.read_bytes().split(b"\n", 1)[0] + b"\n"
        path.write_bytes(magic + payload)
        os.utime(path, (HOUR_AGO, HOUR_AGO))
    again = cli("search", "anabin", "--format", "ids")
    assert again.code == 0 and again.out == "anabin\n"
    assert not marker.exists()
    pickle.loads(payload)  # the payload is real: loading it with pickle does run it
    assert marker.exists()


def test_the_cache_folder_is_created_for_the_user_alone(cli, monkeypatch, tmp_path):
    folder = tmp_path / "new" / "cache"
    monkeypatch.setenv("LOTSE_CACHE_DIR", str(folder))
    assert cli("search", "anabin", "--format", "ids").code == 0
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for path in folder.rglob("*"):
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path


def test_a_cache_folder_others_may_write_is_not_used(cli, monkeypatch, tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o777)
    folder.chmod(0o777)
    monkeypatch.setenv("LOTSE_CACHE_DIR", str(folder))
    result = cli("--lang", "en", "search", "anabin", "--format", "ids")
    assert result.code == 0 and result.out == "anabin\n"
    assert "may be written by other users" in result.err and result.err.count("cache folder") == 1
    assert list(folder.iterdir()) == []  # nothing read from it, nothing written to it


def test_a_flipped_byte_in_a_cached_entry_is_caught_by_its_checksum(data, cache):
    """A changed letter keeps the cache decodable: only the checksum tells; the entry is read
    from its source again, never shown as damaged."""
    from lotse.store.cache import codec

    load_catalogue(data_dir=data, cache_dir=cache)
    (image,) = cache_files(cache)
    raw = image.read_bytes()
    start = len(index_cache.MAGIC)
    (key_length,) = index_cache._HEADER.unpack(raw[start:start + 8])
    start += 8 + key_length
    (length,) = index_cache._HEADER.unpack(raw[start:start + 8])
    header = codec.loads(raw[start + 8:start + 8 + length], index_cache.Header)
    body = start + 8 + length
    number = header.ids.split("\n").index("anerkennungszuschuss")
    first, last = body + header.offsets[number], body + header.offsets[number + 1]
    at = raw.index(b"Anerkennungszuschuss", first, last)  # inside this entry's own bytes
    image.write_bytes(raw[:at] + b"B" + raw[at + 1:])
    fresh = load_catalogue(data_dir=data, cache_dir=cache)
    assert fresh.entries["anerkennungszuschuss"].name == "Anerkennungszuschuss"


def test_a_cache_file_truncated_while_in_use_does_not_crash(data, cache):
    """Another process may truncate the cache file while lotse reads entries from it lazily."""
    load_catalogue(data_dir=data, cache_dir=cache)
    catalogue = load_catalogue(data_dir=data, cache_dir=cache)  # from the cache: entries not decoded yet
    (image,) = cache_files(cache)
    with open(image, "r+b") as handle:
        handle.truncate(100)
    assert catalogue.entries["jmd"].name.startswith("Jugendmigrationsdienst")
    assert len(list(catalogue.entries.values())) == len(catalogue)


def test_collection_is_paused_only_while_lotse_starts(tmp_path):
    """`main` turns the cyclic collector off for start-up; once the catalogue is loaded it is on
    again, with what start-up made frozen, so that a long consultation is collected as usual."""
    env = {**os.environ, "LOTSE_CACHE_DIR": str(tmp_path / "c"), "NO_COLOR": "1"}
    code = ("import gc, io; from lotse.store.speed import start; start(); paused = not gc.isenabled();"
            "from lotse.cli import run; run(['search', 'anabin', '--format', 'ids'], stdout=io.StringIO());"
            "print(paused, gc.isenabled(), gc.get_freeze_count() > 0)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=REPO)
    assert proc.stdout.split() == ["True", "True", "True"], proc.stderr
