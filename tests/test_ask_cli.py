"""`lotse ask` and `lotse explain` without prompts, and their error paths."""

from __future__ import annotations

import json

import yaml

PERSON = ["--client", "person", "--status", "asylum_seeker", "--age", "19", "--qualification",
          "school_only", "--region", "Halle", "--goal", "apprenticeship"]


def test_ask_json_contract(cli):
    result = cli("--lang", "en", "ask", *PERSON, "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["answers"] == {"client": "person", "status": "asylum_seeker", "age": 19,
                               "qualification": "school_only", "region": "halle-saale",
                               "goals": ["apprenticeship"], "gender": None, "german_level": None,
                               "benefits": None, "sector": None}
    assert data["catalogue"]["entries"] >= 100 and len(data["catalogue"]["as_of"]) == 10
    first = data["results"][0]
    for key in ("rank", "id", "name", "provider", "level", "score", "reasons", "next_steps", "contacts", "url"):
        assert key in first, key
    assert first["rank"] == 1 and 0 < first["score"] <= 1
    scores = [r["score"] for r in data["results"]]
    assert scores == sorted(scores, reverse=True)
    assert first["id"] == "jmd-stejh-halle"  # Halle's own Jugendmigrationsdienst, not the programme
    assert any("Halle (Saale)" in reason for reason in first["reasons"])


def test_reasons_name_the_answer_they_rest_on(cli):
    result = cli("--lang", "en", "ask", *PERSON, "--format", "json", "--limit", "20")
    jmd = next(r for r in json.loads(result.out)["results"] if r["id"] == "jmd-stejh-halle")
    assert "For people aged 12–27: the client is 19" in jmd["reasons"]  # the JMD's rule, kept by its office


def test_ask_table_output_is_plain_on_a_pipe(cli):
    result = cli("ask", *PERSON)
    assert result.code == 0
    assert "Jugendmigrationsdienst Halle (Saale)" in result.out and "\x1b[" not in result.out
    assert "Nächste Schritte" in result.out


def test_language_follows_option_then_environment(cli, monkeypatch):
    assert "Matching services" in cli("--lang", "en", "ask", *PERSON).out
    monkeypatch.setenv("LOTSE_LANG", "en")
    from lotse.cli import run

    assert run(["ask", *PERSON]) == 0


def test_missing_answers_without_terminal_are_listed(cli):
    result = cli("--lang", "en", "ask", "--client", "person", "--age", "30")
    assert result.code == 2
    assert "Missing answers: status, qualification, region, goals" in result.err
    assert "Traceback" not in result.err


def test_employer_needs_only_region_and_goals(cli):
    result = cli("--lang", "en", "ask", "--client", "employer", "--region", "Thüringen",
                 "--goal", "hire", "--format", "json")
    assert result.code == 0, result.err
    ids = [r["id"] for r in json.loads(result.out)["results"]]
    assert "thaff" in ids[:5]


def test_bad_values_are_usage_errors(cli):
    cases = [
        (["--age", "abc"], "is not an age"),
        (["--age", "121"], "is not an age"),
        (["--status", "martian"], "unknown value 'martian'"),
        (["--goal", "fame"], "unknown value 'fame'"),
        (["--region", "Atlantis"], "Unknown region"),
        (["--german-level", "D9"], "unknown German level"),
    ]
    base = {"--client": "person", "--status": "eu", "--age": "30", "--qualification": "none",
            "--region": "Magdeburg", "--goal": "job"}
    for override, message in cases:
        args = dict(base)
        args[override[0]] = override[1]
        result = cli("--lang", "en", "ask", *[x for pair in args.items() for x in pair])
        assert result.code == 2, override
        assert message in result.err, (override, result.err)
        assert "Traceback" not in result.err


def test_answers_file_with_flags_overriding(cli, tmp_path):
    path = tmp_path / "client.yaml"
    path.write_text(yaml.safe_dump({"client": "person", "status": "protection", "age": 31,
                                    "qualification": "foreign_vocational", "region": "magdeberg",
                                    "goals": ["recognition"]}), encoding="utf-8")
    result = cli("ask", "--answers", str(path), "--age", "25", "--format", "json")
    data = json.loads(result.out)
    assert data["answers"]["age"] == 25 and data["answers"]["region"] == "magdeburg"
    assert data["results"][0]["id"] == "iq-st-anerkennung-nord"


def test_malformed_answers_file(cli, tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("client: [person\n", encoding="utf-8")
    result = cli("--lang", "en", "ask", "--answers", str(path))
    assert result.code == 2 and "broken.yaml" in result.err and "Traceback" not in result.err
    path.write_text("client: person\nname: Max Mustermann\n", encoding="utf-8")
    result = cli("--lang", "en", "ask", "--answers", str(path))
    assert result.code == 2 and "unknown key 'name'" in result.err
    result = cli("--lang", "en", "ask", "--answers", str(tmp_path / "missing.yaml"))
    assert result.code == 2 and "cannot be read" in result.err


def test_save_answers_writes_normalised_answers(cli, tmp_path):
    target = tmp_path / "saved.yaml"
    result = cli("ask", *PERSON, "--gender", "female", "--save-answers", str(target))
    assert result.code == 0
    saved = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert saved["region"] == "halle-saale" and saved["goals"] == ["apprenticeship"]
    assert saved["gender"] == "female"
    again = cli("ask", "--answers", str(target), "--format", "json")
    assert json.loads(again.out)["answers"] == saved


def test_save_answers_keeps_an_existing_file_unless_forced(cli, tmp_path):
    target = tmp_path / "saved.yaml"
    target.write_text("earlier\n", encoding="utf-8")
    result = cli("ask", *PERSON, "--save-answers", str(target))
    assert result.code == 4 and "--force" in result.err
    assert target.read_text(encoding="utf-8") == "earlier\n"
    assert cli("ask", *PERSON, "--save-answers", str(target), "--force").code == 0
    assert "halle-saale" in target.read_text(encoding="utf-8")


def test_save_answers_to_unwritable_place(cli, tmp_path):
    result = cli("--lang", "en", "ask", *PERSON, "--save-answers", str(tmp_path / "no" / "such" / "dir.yaml"))
    assert result.code == 4 and "Cannot write" in result.err
    assert not (tmp_path / "no").exists()


def test_limit_and_include_ended(cli):
    base = ["--lang", "en", "ask", "--client", "employer", "--region", "Bayern", "--goal", "hire",
            "--sector", "Pflege", "--format", "json"]
    data = json.loads(cli(*base, "--limit", "2").out)
    assert len(data["results"]) == 2
    ids = {r["id"] for r in json.loads(cli(*base, "--limit", "50").out)["results"]}
    assert "faire-anwerbung-pflege" not in ids
    ended = {r["id"] for r in json.loads(cli(*base, "--limit", "50", "--include-ended").out)["results"]}
    assert "faire-anwerbung-pflege" in ended


def test_explain_not_recommended_rule_by_rule(cli):
    result = cli("--lang", "en", "explain", "jmd", "--age", "31", "--goal", "orientation",
                 "--region", "Magdeburg", "--client", "person")
    assert result.code == 0
    assert "Not recommended: Jugendmigrationsdienste" in result.out
    assert "Only for people aged 12–27; the client is 31" in result.out


def test_explain_recommended_and_unknown_id(cli):
    result = cli("--lang", "en", "explain", "iq-st-anerkennung-sued", "--client", "person",
                 "--status", "protection", "--age", "35", "--qualification", "foreign_academic",
                 "--region", "Halle (Saale)", "--goal", "recognition")
    assert "Recommended: " in result.out and "Serves Halle (Saale)" in result.out
    assert cli("explain", "no-such-thing").code == 2


def test_a_land_answer_asks_for_the_district_that_would_add_local_services(cli):
    result = cli("--lang", "en", "ask", "--client", "employer", "--region", "Thüringen", "--goal", "hire",
                 "--format", "json")
    questions = json.loads(result.out)["questions"]
    region = next(q for q in questions if q["answer"] == "region")
    assert "th-welcome-center-jena" in region["adds"]
    assert region["text"] == "Give the district or city: that may add Welcome Center Jena"


def test_an_empty_result_explains_itself_and_offers_what_does_fit(cli):
    """No dead end: what would fit with another situation, the general counselling that does, exit 1."""
    args = ("ask", "--client", "person", "--status", "eu", "--age", "45", "--qualification", "foreign_vocational",
            "--region", "Stendal", "--goal", "business")
    data = json.loads(cli("--lang", "en", *args, "--format", "json").out)
    assert data["results"] == [] and data["total"] == 0
    near = {n["id"]: n["unmet"] for n in data["near"]}
    assert "my-turn" in near and any("qualification" in reason.casefold() or "School" in reason
                                     for reason in near["my-turn"])
    assert {f["id"] for f in data["fallback"]} == {"mbe", "hotline-arbeiten-und-leben"}  # 45: MBE, not JMD
    table = cli("--lang", "en", *args)
    assert table.code == 1 and "No service fits these answers" in table.err
    assert "Would fit if" in table.out and "General counselling that fits" in table.out
    young = json.loads(cli("--lang", "en", *args[:6], "20", *args[7:], "--format", "json").out)
    assert "jmd" in {f["id"] for f in young["fallback"]} and "mbe" not in {f["id"] for f in young["fallback"]}
