"""Contact sheets in the client's language (issue 16): every language in every format, written by the
CLI and read back by an independent reader; right to left done properly; the translation files as
data, complete, honest about their review and correctable by an overlay."""

from __future__ import annotations

import csv
import io
import json
import textwrap
import unicodedata
from pathlib import Path

import pytest
import yaml
from conftest import TODAY
from test_export_formats import STINGL, parse_html, read_pdf_text

from lotse.present.sheets.bidi import FSI, LRI, MARKS, PDI, RLM
from lotse.present.sheets.csv_table import COLUMNS
from lotse.present.sheets.language import bundled_dir, language_files, load_language

LANGUAGES = ("de", "en", "ar", "fa", "uk", "ru", "tr")
RTL = {"ar", "fa"}
CLIENT = """\
client: person
status: protection
age: 19
qualification: foreign_vocational
region: Bernburg
goals: [recognition, apprenticeship]
"""
GERMAN_NOTICE = "Diese Übersetzung hat noch niemand mit dieser Muttersprache geprüft."


@pytest.fixture
def answers(tmp_path: Path) -> Path:
    path = tmp_path / "client.yaml"
    path.write_text(CLIENT, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def languages(catalogue):
    return {code: load_language(code, catalogue) for code in LANGUAGES}


def export(cli, answers: Path, lang: str, path: Path, *extra: str):
    result = cli("--lang", "de", "export", "--answers", str(answers), "--sheet-lang", lang, "-o", str(path), *extra)
    assert result.code == 0, result.err
    return result


def plain(text: str) -> str:
    """Text as a reader compares it: shaped Arabic back to its letters (NFKC), no bidi marks, one space."""
    text = unicodedata.normalize("NFKC", text)
    for mark in MARKS:
        text = text.replace(mark, "")
    return " ".join(text.split())


# -- the files ---------------------------------------------------------------------------------------

def test_all_seven_languages_are_complete_and_honest_about_their_review(catalogue, languages):
    assert set(language_files()) == set(LANGUAGES)
    assert {code for code, language in languages.items() if language.reviewed} == {"de", "en"}
    assert {code for code, language in languages.items() if language.rtl} == RTL
    for code in set(LANGUAGES) - {"de", "en"}:
        language = languages[code]
        assert language.catalogue_language == "de"
        assert set(language.vocabulary["goal"]) == set(catalogue.vocabulary.values("goal"))
        assert {g: set(s) for g, s in language.steps.items()} == {
            g: {s.id for s in chain} for g, chain in catalogue.chains.items()}
    farsi = (bundled_dir() / "fa.yaml").read_text(encoding="utf-8")
    assert "not been checked for\n# Dari" in farsi or "not checked for Dari" in farsi


def test_a_translation_differs_from_german_where_it_should(languages):
    """A file that only copied the German would pass the key checks: the texts must be translated."""
    german = languages["de"]
    # Words that are the same in German and another language: "Web", "Fax", "Tel.", "Organisation".
    alike = {"comma", "web", "fax", "phone", "col_phone", "col_fax", "col_web", "col_organisation"}
    for code in set(LANGUAGES) - {"de"}:
        assert [k for k, v in languages[code].words.items() if v == german.words[k] and k not in alike] == [], code


# -- every language in every format ------------------------------------------------------------------

def application_step(catalogue, language) -> str:
    step = next(s for s in catalogue.chains["recognition"] if s.id == "application")
    return language.step_text("recognition", step)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_markdown(cli, tmp_path, answers, catalogue, languages, lang):
    language = languages[lang]
    path = tmp_path / "sheet.md"
    export(cli, answers, lang, path, "--note", "Termin Di 10 Uhr")
    text = path.read_text(encoding="utf-8")
    start = RLM if lang in RTL else ""
    assert text.startswith(f"# {start}{language.word('title')}\n")
    assert f"## {start}{language.word('steps')}" in text
    assert language.date(TODAY) in text and language.word("bring") in text
    assert application_step(catalogue, language) in text
    if lang in RTL:
        assert f"{LRI}{STINGL[1]}{PDI}" in text  # the phone number keeps its order
        assert f"{FSI}Termin Di 10 Uhr{PDI}" in text
        lines = [line for line in text.splitlines() if line and line != "---" and GERMAN_NOTICE not in line]
        assert all(RLM in line[:8] for line in lines), [line for line in lines if RLM not in line[:8]][:3]
    else:
        assert not any(mark in text for mark in MARKS)
        assert STINGL[1] in text
    if language.reviewed:
        assert GERMAN_NOTICE not in text and language.word("unreviewed") not in text
    else:
        assert language.word("unreviewed") in text and GERMAN_NOTICE in text
        assert language.word("descriptions_de") in text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_html(cli, tmp_path, answers, catalogue, languages, lang):
    language = languages[lang]
    path = tmp_path / "sheet.html"
    export(cli, answers, lang, path)
    page = parse_html(path.read_bytes())
    html = {name: value for tag, name, value in page.attrs if tag == "html"}
    assert html == {"lang": lang, "dir": "rtl" if lang in RTL else "ltr"}
    text = " ".join(" ".join(page.text).split())
    for word in ("title", "steps", "why"):
        assert language.word(word) in text, word
    assert language.date(TODAY) in text and language.vocab("goal", "recognition", catalogue) in text
    # Names, numbers and addresses are isolates, a phone number left to right whatever surrounds it.
    assert ("bdi", "dir", "ltr") in page.attrs and page.tags.count("bdi") > 20
    assert STINGL[1] in text and ("a", "href", f"mailto:{STINGL[2]}") in page.attrs
    if not language.reviewed:
        assert ("p", "lang", "de") in page.attrs and GERMAN_NOTICE in text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pdf(cli, tmp_path, answers, catalogue, languages, lang):
    language = languages[lang]
    path = tmp_path / "sheet.pdf"
    export(cli, answers, lang, path)
    text = plain(read_pdf_text(path.read_bytes()))
    for word in ("title", "steps", "why", "contacts"):
        assert plain(language.word(word)) in text, word
    assert plain(language.vocab("goal", "recognition", catalogue)) in text
    assert plain(application_step(catalogue, language)) in text
    assert "Jugendmigrationsdienst Bernburg (Saale)" in text and "Heinrich-Rau-Straße 7" in text
    phone = STINGL[1]
    assert phone in text and " ".join(reversed(phone.split())) not in text  # not scrambled
    if lang not in RTL:  # pypdf gives right-to-left lines in visual order, so dates are read in LTR only
        assert plain(language.word("disclaimer", date=language.date(catalogue.as_of.last_day()))) in text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_csv_vcard_and_json(cli, tmp_path, answers, languages, lang):
    import vobject

    language = languages[lang]
    export(cli, answers, lang, tmp_path / "sheet.csv")
    with (tmp_path / "sheet.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == [language.word(f"col_{column}") for column in COLUMNS]
    assert any(STINGL[0] in row for row in rows[1:])
    export(cli, answers, lang, tmp_path / "sheet.vcf")
    cards = list(vobject.readComponents((tmp_path / "sheet.vcf").read_text(encoding="utf-8")))
    person = next(c for c in cards if c.fn.value == STINGL[0])
    assert person.tel.value == STINGL[1] and language.word("as_of") in person.note.value
    export(cli, answers, lang, tmp_path / "sheet.json")
    asked = cli("--lang", language.catalogue_language, "ask", "--answers", str(answers), "--format", "json")
    # The JSON object is the `ask` contract, in the catalogue language the sheet shows.
    assert json.loads((tmp_path / "sheet.json").read_text(encoding="utf-8")) == json.loads(asked.out)


# -- Arabic, looked at closely ------------------------------------------------------------------------

def test_the_arabic_pdf_has_joined_letters_in_the_right_order(cli, tmp_path, answers):
    """HarfBuzz picked each letter's joining form (the font's initial and medial glyphs are
    embedded; an unshaped PDF has only the isolated letters), and the words read back in the right
    letters, in logical order."""
    from pypdf import PdfReader

    path = tmp_path / "sheet.pdf"
    export(cli, answers, "ar", path)
    text = plain(read_pdf_text(path.read_bytes()))
    for words in ("ورقة جهات الاتصال", "الخطوات التالية", "قدّم طلب الاعتراف", "لماذا تناسبك",
                  "الاعتراف بالشهادات الأجنبية", "أحضر معك إلى كل موعد"):
        assert words in text, words
    forms = set()
    for font in PdfReader(path).pages[0]["/Resources"]["/Font"].values():
        descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        if "NotoSansArabic" in descriptor["/FontName"]:
            from fontTools.ttLib import TTFont

            glyphs = TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data())).getGlyphOrder()
            forms |= {unicodedata.name(chr(int(g[3:], 16)), "").split()[-2] for g in glyphs
                      if g.startswith("uniFE") and len(g) == 7}
    assert {"INITIAL", "MEDIAL", "FINAL"} <= forms


def test_farsi_is_written_in_persian_letters(cli, tmp_path, answers, languages):
    """Persian kaf and yeh (ک ی), not the Arabic ones (ك ي), and the zero-width non-joiner that
    keeps "تماس‌ها" apart, through to the sheet."""
    from test_export_formats import language_texts

    own = "".join(language_texts(languages["fa"]))
    assert "ک" in own and "ی" in own and "ك" not in own and "ي" not in own
    path = tmp_path / "sheet.md"
    export(cli, answers, "fa", path)
    assert f"# {RLM}برگه تماس\u200cها" in path.read_text(encoding="utf-8")


# -- choosing a language ------------------------------------------------------------------------------

def test_an_unknown_sheet_language_is_one_message_and_exit_2(cli, tmp_path, answers):
    path = tmp_path / "sheet.pdf"
    result = cli("--lang", "en", "export", "--answers", str(answers), "--sheet-lang", "xx", "-o", str(path))
    assert result.code == 2 and "Traceback" not in result.err
    assert result.err.strip().endswith("Unknown sheet language 'xx'; use one of de, en, ar, fa, ru, tr, uk.")
    assert not path.exists()
    result = cli("ask", "--answers", str(answers), "--sheet-lang", "\x1b[31mar", "--export", str(path))
    assert result.code == 2 and result.out == "" and "\x1b" not in result.err and not path.exists()


def test_the_offer_at_the_end_asks_for_the_language(catalogue, tmp_path, monkeypatch):
    from test_export_cli import Scripted

    from lotse.cli.export import SheetOptions, offer_export
    from lotse.domain.rules import recommend
    from lotse.model.answers import Answers
    from lotse.settings import Settings

    monkeypatch.chdir(tmp_path)
    answers = Answers(client="person", status="protection", age=28, qualification="foreign_vocational",
                      region="magdeburg", goals=("recognition",))
    settings = Settings(lang="en", today=TODAY, stdout=io.StringIO(), stderr=io.StringIO())
    prompter = Scripted(True, ["client.md"], language="ar")
    offer_export(prompter, settings, recommend(answers, catalogue, TODAY), catalogue, SheetOptions())
    assert [code for code, _ in prompter.languages] == ["de", "en", "ar", "fa", "ru", "tr", "uk"]
    assert ("ar", "Arabic – العربية (ar)") in prompter.languages
    assert (tmp_path / "client.md").read_text(encoding="utf-8").startswith(f"# {RLM}ورقة جهات الاتصال")
    given = Scripted(True, ["given.md"], language="ar")  # --sheet-lang said it: not asked again
    offer_export(given, settings, recommend(answers, catalogue, TODAY), catalogue, SheetOptions(lang="uk"))
    assert given.languages == [] and (tmp_path / "given.md").read_text(encoding="utf-8").startswith("# Лист")


# -- overlays: correcting and adding a language -------------------------------------------------------

def overlay_language(folder: Path, code: str, change) -> Path:
    """A copy of a bundled language file under `code` in an overlay folder, changed by `change(raw)`."""
    source = "tr" if code not in LANGUAGES else code
    raw = yaml.safe_load((bundled_dir() / f"{source}.yaml").read_text(encoding="utf-8"))
    change(raw)
    target = folder / "sheet-languages" / f"{code}.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return folder


def test_an_overlay_corrects_a_language_and_marks_it_reviewed(cli, tmp_path, answers):
    def correct(raw):
        raw["reviewed"] = True
        raw["words"]["title"] = "قائمة جهات الاتصال"

    folder = overlay_language(tmp_path / "netz", "ar", correct)
    assert cli("catalog", "validate", str(folder)).code == 0  # the folder is not read as entries
    result = cli("--catalog", str(folder), "export", "--answers", str(answers), "--sheet-lang", "ar")
    assert result.code == 0, result.err
    assert result.out.startswith(f"# {RLM}قائمة جهات الاتصال") and GERMAN_NOTICE not in result.out


def test_an_overlay_adds_a_language(cli, tmp_path, answers):
    def somali(raw):
        raw["name"] = "Soomaali"
        raw["label"] = {"de": "Somali", "en": "Somali"}
        raw["words"]["title"] = "Warqadda xiriirka"

    folder = overlay_language(tmp_path / "netz", "so", somali)
    result = cli("--catalog", str(folder), "export", "jmd", "--sheet-lang", "so")
    assert result.code == 0, result.err
    assert result.out.startswith("# Warqadda xiriirka")
    assert "fa, ru, so, tr, uk." in cli("--lang", "en", "--catalog", str(folder), "export", "jmd", "--sheet-lang", "qq").err
    assert ", so" not in cli("export", "jmd", "--sheet-lang", "qq").err  # only with the overlay


def test_a_missing_key_is_a_problem_naming_the_file_and_the_key(cli, tmp_path, answers):
    def broken(raw):
        del raw["words"]["title"]
        del raw["steps"]["recognition"]["application"]
        raw["words"]["created"] = "Hazırlandı"  # lost {date}
        raw["words"]["extra"] = "?"

    folder = overlay_language(tmp_path / "netz", "tr", broken)
    result = cli("--lang", "en", "catalog", "validate", str(folder))
    assert result.code == 3 and "Traceback" not in result.err
    file = folder / "sheet-languages" / "tr.yaml"
    for problem in (f"{file}: words.title: missing", f"{file}: steps.recognition.application: missing",
                    f"{file}: words.created: must keep the placeholders: {{date}}",
                    f"{file}: words.extra: unknown key"):
        assert problem in result.err, problem
    path = tmp_path / "sheet.pdf"
    result = cli("--lang", "en", "--catalog", str(folder), "export", "--answers", str(answers), "--sheet-lang", "tr",
                 "-o", str(path))
    assert result.code == 3 and "words.title: missing" in result.err and not path.exists()
    # Another language of the same overlay is still usable.
    assert cli("--catalog", str(folder), "export", "jmd", "--sheet-lang", "ru").code == 0


def test_german_and_english_take_vocabulary_and_steps_from_the_catalogue(cli, tmp_path):
    folder = overlay_language(tmp_path / "netz", "de", lambda raw: raw.update(vocabulary={"goal": {}}))
    result = cli("--lang", "en", "catalog", "validate", str(folder))
    assert result.code == 3 and "de.yaml: vocabulary: not used" in result.err


def escape_in_a_word() -> str:
    """A complete file with one terminal escape code in a word."""
    raw = yaml.safe_load((bundled_dir() / "tr.yaml").read_text(encoding="utf-8"))
    raw["words"]["title"] = "\x1b[31mrot\x1b]8;;http://evil.example\x07"
    return yaml.safe_dump(raw, allow_unicode=True)


@pytest.mark.parametrize("content", [
    escape_in_a_word(),
    "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
    "g: [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n",  # an alias bomb
    "name: !!python/object/apply:os.system ['touch LOTSE-HOSTILE-RAN']\n",
    "words: [1, 2]\nmonths: 12\nreviewed: perhaps\ndirection: up\nlabel: x\n",  # wrong types
    b"name: \xff\xfe\n",  # not UTF-8
    "- just\n- a list\n",
], ids=["escape", "alias-bomb", "python-tag", "wrong-types", "not-utf8", "list"])
def test_a_hostile_language_file_is_exit_3_with_one_message(cli, tmp_path, monkeypatch, content):
    from test_hostile import check

    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "netz" / "sheet-languages"
    folder.mkdir(parents=True)
    file = folder / "xx.yaml"
    if isinstance(content, bytes):
        file.write_bytes(content)
    else:
        file.write_text(textwrap.dedent(content), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    check(cli("catalog", "validate", str(tmp_path / "netz")), 3, out)
    check(cli("--catalog", str(tmp_path / "netz"), "export", "jmd", "--sheet-lang", "xx", "-o", str(out / "s.pdf")),
          3, out)


def test_chosen_and_searched_services_speak_plainly_in_the_clients_language(cli, languages):
    """lotse words its rule-by-rule reasons in German and English only: a search's sheet in another
    language says in one plain line what each service helps with, and no German sentence slips in."""
    ukrainian = languages["uk"]
    result = cli("--lang", "de", "export", "--query", "Jugendmigrationsdienst", "--age", "19", "--limit", "2",
                 "--sheet-lang", "uk")
    assert result.code == 0, result.err
    out = result.out
    assert out.startswith(f"# {ukrainian.word('title')}") and f"- **{ukrainian.word('query')}:** " in out
    assert f"- {ukrainian.words['helps_with_goals'].split('{')[0]}" in out  # "Допомога: …"
    assert "Für Menschen von" not in out and "Hilft bei" not in out and "Kontakt aufnehmen" not in out
    arabic = languages["ar"]
    result = cli("export", "jmd", "--sheet-lang", "ar")
    assert result.code == 0, result.err
    assert f"- [ ] {RLM}{arabic.word('contact_step')} — {FSI}" in result.out
