"""Contact sheets in every format, each read back by an independent reader (pypdf, vobject, csv,
html.parser, json), including hostile overlay entries."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser

import pytest
from conftest import TODAY

from lotse.errors import UsageError
from lotse.present.formats import SheetFormat
from lotse.present.sheets.formats import choose_format
from lotse.present.sheets.language import language_files, load_language
from lotse.present.sheets.renderers import RENDERERS, RenderOptions, render_sheet
from lotse.present.sheets.sheet import sheet_for_entries
from tests.conftest import ENTRY

PERSON = ["--client", "person", "--status", "protection", "--age", "19", "--qualification",
          "foreign_vocational", "--region", "Bernburg", "--goal", "recognition", "--goal", "apprenticeship"]
# A contact person named by a public source (2024), with phone, e-mail and address: JMD Bernburg.
JMD = "jmd-st-johannis-bernburg"
STINGL = ("Juliane Stingl", "0175 6479228", "juliane.stingl@sanktjohannis.org")

HOSTILE = """\
entries:
  - id: evil
    name: "Evil <script>alert(1)</script> Beratung"
    provider: "<b>Träger</b> & Co"
    kind: project
    level: non_state
    area: nationwide
    summary:
      de: "Hilfe <img src=x onerror=alert(1)> für alle"
      en: "Help <img src=x onerror=alert(1)> for everyone"
    eligibility: {clients: [person], statuses: any, age: any, qualifications: any}
    goals: [job]
    contacts:
      - organisation: "=HYPERLINK(\\"http://evil.example\\",\\"klick\\")"
        name: "@SUM(A1:A9)"
        role: {de: "+1+1", en: "-1+1"}
        phone: ["+49 345 000", "-2+3"]
        email: [evil@example.org]
        url: "https://evil.example/\\"><script>alert(2)</script>"
    url: "www.evil.example/'onmouseover='alert(3)"
    as_of: "2026-01-01"
    sources: [{file: evil.txt, section: Test}]
"""


def read_pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


class Page(HTMLParser):
    """Collects tags, attributes and text of an HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [(tag, name, value or "") for name, value in attrs]

    def handle_data(self, data):
        self.text.append(data)


def parse_html(data: bytes) -> Page:
    page = Page()
    page.feed(data.decode("utf-8"))
    page.close()
    return page


# -- the format map ------------------------------------------------------------------------------

def test_every_format_has_a_renderer(catalogue):
    assert set(RENDERERS) == set(SheetFormat)
    sheet = sheet_for_entries([catalogue.get(JMD)], catalogue, load_language("de", catalogue), TODAY)
    for fmt in SheetFormat:
        assert render_sheet(sheet, fmt, RenderOptions()), fmt


@pytest.mark.parametrize("name, fmt", [
    ("a.md", SheetFormat.md), ("a.HTML", SheetFormat.html), ("a.htm", SheetFormat.html),
    ("a.pdf", SheetFormat.pdf), ("a.csv", SheetFormat.csv), ("a.vcf", SheetFormat.vcf),
    ("a.json", SheetFormat.json), ("-", SheetFormat.md)])
def test_the_extension_gives_the_format(name, fmt):
    assert choose_format(name, None) is fmt
    assert choose_format(name, SheetFormat.json) is SheetFormat.json


@pytest.mark.parametrize("name, fmt, excel", [
    ("a.txt", None, False), ("sheet", None, False), ("-", SheetFormat.pdf, False), ("a.md", None, True)])
def test_a_format_that_cannot_be_told_or_written_is_a_usage_error(name, fmt, excel):
    with pytest.raises(UsageError):
        choose_format(name, fmt, excel)


def language_texts(language) -> list[str]:
    """Every text of a sheet language's file."""
    texts = [language.name, *language.words.values(), *language.months, *language.months_alone,
             *language.answers.values()]
    for table in (language.vocabulary, language.steps, language.actors):
        texts += [text for group in table.values() for text in group.values()]
    return texts


def test_the_fonts_cover_every_character_the_sheet_can_print(catalogue):
    """The catalogue's texts in DejaVu Sans; each language's in the font of its script, Arabic
    letters in Noto Sans Arabic and what that lacks (Latin letters, ✓) in DejaVu Sans."""
    from fontTools.ttLib import TTFont

    from lotse.present.sheets.pdf import SCRIPT_FONTS, fonts_dir

    def cmaps(*names: str) -> list[dict[int, str]]:
        return [TTFont(fonts_dir() / name).getBestCmap() for name in names]

    texts: list[str] = []
    for entry in catalogue:
        texts += [entry.name, entry.provider or "", entry.summary.de, entry.summary.en, entry.url or ""]
        for c in entry.contacts:
            texts += [c.organisation or "", c.name or "", c.role.de if c.role else "", c.role.en if c.role else "",
                      *c.phone, *c.fax, *c.email, c.address.one_line() if c.address else "", c.url or ""]
    for steps in catalogue.chains.values():
        for step in steps:
            texts += [step.text.de, step.text.en]
            if step.who_text:
                texts += [step.who_text.de, step.who_text.en]
    for field in catalogue.vocabulary.labels.values():
        for label in field.values():
            texts += [label.de, label.en]
    texts += [r.label(lang) for r in catalogue.regions.regions.values() for lang in ("de", "en")]
    dejavu = cmaps("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
    marks = {ord(ch) for ch in "☐✓?•·—\u00a0"}

    def missing(texts: list[str], fonts: list[list[dict[int, str]]]) -> list[str]:
        """The characters of `texts` that none of `fonts` has, in regular or bold."""
        needed = {ord(ch) for text in texts for ch in text if not ch.isspace()}
        return sorted({chr(c) for c in needed for style in (0, 1) if not any(c in font[style] for font in fonts)})

    assert missing(texts, [dejavu]) == [] and all(c in font for c in marks for font in dejavu)
    assert {"„", "“", "–", "ß", "ü"} <= {ch for text in texts for ch in text}
    for code in language_files():
        language = load_language(code, catalogue)
        own = language_texts(language)
        if language.script in SCRIPT_FONTS:
            _, regular, bold = SCRIPT_FONTS[language.script]
            arabic = cmaps(regular, bold)
            letters = [ch for text in own for ch in text if "\u0600" <= ch <= "\u06ff"]
            assert letters and missing(letters, [arabic]) == [], code  # the letters in the script's own font
            assert missing(own, [arabic, dejavu]) == [], code
        else:
            assert missing(own, [dejavu]) == [], code


# -- PDF -----------------------------------------------------------------------------------------

def test_pdf_shows_the_service_names_with_their_umlauts(cli, tmp_path, catalogue):
    path = tmp_path / "sheet.pdf"
    result = cli("--lang", "de", "export", *PERSON, "--limit", "20", "--note", "Termin am 3. März, Zeugnisse mitbringen",
                 "-o", str(path))
    assert result.code == 0, result.err
    data = path.read_bytes()
    assert data.startswith(b"%PDF-")
    text = read_pdf_text(data)
    for name in ("Jugendmigrationsdienst Bernburg (Saale)", "Heinrich-Rau-Straße 7", "Anerkennungszuschuss",
                 "IQ Servicestelle „Anerkennung“ Nord (Magdeburg)", *STINGL[:2]):
        assert name in text, name
    assert "Termin am 3. März, Zeugnisse mitbringen" in text
    assert "Region: Bernburg (Saale)" in text
    assert "☐" in text and "keine Rechtsberatung" in text
    assert f"Katalogstand: {catalogue.as_of.last_day():%d.%m.%Y}" in text


def test_pdf_in_english_with_a_german_ui(cli, tmp_path, catalogue):
    path = tmp_path / "sheet.pdf"
    result = cli("--lang", "de", "export", "jmd", "jobbruecke-plus", "--sheet-lang", "en", "-o", str(path))
    assert result.code == 0, result.err
    assert "Kontaktblatt geschrieben" in result.err  # the UI stays German
    text = read_pdf_text(path.read_bytes())
    assert "Contact sheet" in text and "not legal advice" in text
    assert "Jugendmigrationsdienste" in text and "Jobbrücke PLUS" in text
    summary = " ".join(catalogue.get("jmd").summary.en.split()[:8])
    assert summary in text  # the summary in the sheet's language


# -- vCard ---------------------------------------------------------------------------------------

def test_vcards_parse_back_with_the_phone_numbers_and_emails(cli, tmp_path, catalogue):
    import vobject

    path = tmp_path / "contacts.vcf"
    ids = [JMD, "jobbruecke-plus", "jmd"]
    result = cli("export", *ids, "-o", str(path))
    assert result.code == 0, result.err
    cards = list(vobject.readComponents(path.read_text(encoding="utf-8")))
    assert len(cards) == sum(max(1, len(catalogue.get(i).contacts)) for i in ids)
    person = next(c for c in cards if c.fn.value == STINGL[0])
    assert [t.value for t in person.contents["tel"]] == [STINGL[1]]
    assert [e.value for e in person.contents["email"]] == [STINGL[2]]
    assert person.adr.value.street == "Heinrich-Rau-Straße 7" and person.adr.value.city == "Bernburg"
    assert "Jugendmigrationsdienst Bernburg (Saale)" in person.note.value
    service_card = next(c for c in cards if c.fn.value == "Jobbrücke PLUS")  # no contact: the service itself
    assert service_card.org.value == ["AWO SPI gGmbH"]


def test_vcards_keep_hostile_text_as_values(cli, tmp_path, overlay):
    import vobject

    path = tmp_path / "evil.vcf"
    assert cli("--catalog", str(overlay(HOSTILE)), "export", "evil", "-o", str(path)).code == 0
    (card,) = vobject.readComponents(path.read_text(encoding="utf-8"))
    assert card.fn.value == "@SUM(A1:A9)"
    assert [t.value for t in card.contents["tel"]] == ["+49 345 000", "-2+3"]
    assert card.org.value == ['=HYPERLINK("http://evil.example","klick")']


# -- CSV -----------------------------------------------------------------------------------------

def test_csv_has_a_header_and_one_row_per_contact(cli, tmp_path, catalogue):
    path = tmp_path / "contacts.csv"
    result = cli("--lang", "en", "export", *PERSON, "-o", str(path))
    assert result.code == 0, result.err
    data = json.loads(cli("--lang", "en", "ask", *PERSON, "--format", "json").out)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["Rank", "Service", "Provider", "Organisation", "Contact person", "Role", "Phone",
                             "Fax", "E-mail", "Address", "Web", "As of", "Verified"]
    assert len(rows) == sum(max(1, len(r["contacts"])) for r in data["results"])
    assert [r["Service"] for r in rows if r["Rank"] == "1"][0] == data["results"][0]["name"]
    person = next(r for r in rows if r["Contact person"] == STINGL[0])
    assert (person["Phone"], person["E-mail"]) == STINGL[1:]
    assert person["Address"] == "Heinrich-Rau-Straße 7, Bernburg"


def test_csv_for_excel_has_a_bom_and_semicolons(cli, tmp_path):
    path = tmp_path / "contacts.csv"
    assert cli("--lang", "de", "export", "iq-st-anerkennung-nord", "jobbruecke-plus", "--excel",
               "-o", str(path)).code == 0
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Rang", "Angebot", "Träger"]
    assert rows[1][1] == "IQ Servicestelle „Anerkennung“ Nord (Magdeburg)" and rows[2][1] == "Jobbrücke PLUS"


def test_csv_neutralises_formulas_from_a_hostile_overlay(cli, tmp_path, overlay):
    path = tmp_path / "evil.csv"
    result = cli("--lang", "de", "--catalog", str(overlay(HOSTILE)), "export", "evil", "jmd", "-o", str(path))
    assert result.code == 0, result.err
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    cells = [cell for row in rows[1:] for cell in row]
    assert cells, rows
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    evil = rows[1]
    assert evil[3] == "'=HYPERLINK(\"http://evil.example\",\"klick\")"
    assert evil[4] == "'@SUM(A1:A9)" and evil[5] == "'+1+1" and evil[6] == "'+49 345 000, -2+3"


# -- HTML ----------------------------------------------------------------------------------------

def test_html_is_self_contained_printable_and_complete(cli, tmp_path):
    path = tmp_path / "sheet.html"
    result = cli("--lang", "de", "export", *PERSON, "--note", "Pass & Zeugnisse mitbringen", "-o", str(path))
    assert result.code == 0, result.err
    data = path.read_bytes()
    page = parse_html(data)
    text = " ".join(" ".join(page.text).split())
    assert page.tags.count("section") == 8
    for name in ("Jugendmigrationsdienst Bernburg (Saale)", "IQ Servicestelle „Anerkennung“ Nord (Magdeburg)", STINGL[0],
                 "Pass & Zeugnisse mitbringen", "Ausgangslage", "Nächste Schritte", "keine Rechtsberatung"):
        assert name in text, name
    assert "size: A4" in data.decode("utf-8")
    assert not [t for t in page.tags if t in ("script", "link", "img", "iframe")]
    assert not [a for a in page.attrs if a[1] in ("src", "srcset")]
    assert ("a", "href", f"mailto:{STINGL[2]}") in page.attrs


def test_html_escapes_everything_from_the_catalogue(cli, tmp_path, overlay):
    path = tmp_path / "evil.html"
    result = cli("--catalog", str(overlay(HOSTILE)), "export", "evil", "--note", "<i>Notiz</i>", "-o", str(path))
    assert result.code == 0, result.err
    page = parse_html(path.read_bytes())
    assert "script" not in page.tags and "img" not in page.tags and "b" not in page.tags
    assert "i" not in page.tags
    text = "".join(page.text)
    assert "Evil <script>alert(1)</script> Beratung" in text
    assert "Hilfe <img src=x onerror=alert(1)> für alle" in text
    assert "<b>Träger</b> & Co" in text and "<i>Notiz</i>" in text
    hrefs = [value for tag, name, value in page.attrs if name == "href"]
    assert hrefs == ["mailto:evil@example.org"]  # the hostile web addresses are shown, not linked
    assert not [a for a in page.attrs if a[1].startswith("on")]


def test_markdown_escapes_markup_from_the_catalogue(cli, overlay):
    result = cli("--catalog", str(overlay(HOSTILE)), "export", "evil", "--note", "# [Link](javascript:x)")
    assert result.code == 0, result.err
    assert not re.search(r"(?<!\\)<(script|img|/script)", result.out)
    assert "Evil \\<script\\>alert(1)\\</script\\> Beratung" in result.out
    assert "\\# \\[Link\\](javascript:x)" in result.out
    assert "<mailto:" not in result.out and "<evil@example.org>" in result.out


# -- JSON and Markdown ---------------------------------------------------------------------------

def test_json_is_the_ask_json_object(cli, tmp_path):
    path = tmp_path / "sheet.json"
    assert cli("--lang", "en", "export", *PERSON, "-o", str(path)).code == 0
    asked = cli("--lang", "en", "ask", *PERSON, "--format", "json")
    assert json.loads(path.read_text(encoding="utf-8")) == json.loads(asked.out)


def test_json_from_ids_has_the_ask_fields(cli):
    result = cli("export", "jmd", JMD, "--format", "json", "--note", "Termin Di 10 Uhr")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    asked = json.loads(cli("ask", *PERSON, "--format", "json").out)
    assert set(data) == set(asked) | {"note"} and data["note"] == "Termin Di 10 Uhr"
    assert [r["id"] for r in data["results"]] == ["jmd", JMD]
    assert set(data["results"][0]) == set(asked["results"][0])
    assert data["results"][1]["contacts"][0]["phone"] == STINGL[1]


def test_markdown_to_stdout_has_every_part_of_the_sheet(cli, catalogue):
    result = cli("--lang", "en", "export", *PERSON, "--note", "Bring the certificates")
    assert result.code == 0, result.err
    out = result.out
    assert out.startswith("# Contact sheet\n\nCreated on ")
    assert "- **Region:** Bernburg (Saale)" in out and "- **Age:** 19" in out
    first_two = out[out.index("### 1. "):out.index("### 3. ")]  # the client's own JMD and IQ point first
    assert "Jugendmigrationsdienst Bernburg (Saale)" in first_two and "IQ Servicestelle" in first_two
    assert "**Why it fits**" in out and "- [ ] " in out
    assert "— Anerkennungszuschuss" in out  # who does the step
    assert "## Adviser's note\n\nBring the certificates" in out
    assert "Where details are marked, please phone before you go" in out
    as_of = catalogue.as_of.last_day()
    assert out.rstrip().endswith("*This sheet is a referral list, not legal advice. Catalogue as of "
                                 f"{as_of.day} {as_of:%B %Y}.*")
    assert result.err == ""


def test_contacts_of_one_organisation_name_it_once_but_every_row_has_it(cli, tmp_path, overlay):
    organisation = "Netzwerk Halle"
    text = ENTRY.format(id="zwei-kontakte", name="Zwei Kontakte").replace(
        '        phone: ["0345 / 000"]\n',
        '        phone: ["0345 / 000"]\n'
        '      - organisation: Netzwerk Halle\n        name: Beraterin\n        email: [a@example.org]\n'
        '      - organisation: Netzwerk Halle\n        name: Berater\n        email: [b@example.org]\n')
    folder = overlay(text)
    markdown = cli("--lang", "de", "--catalog", str(folder), "export", "zwei-kontakte").out
    section = markdown[markdown.index("**Kontakt**"):markdown.index("**Stand:**")]
    assert section.count(organisation) == 1 and section.count("\n- ") == 3
    assert cli("--catalog", str(folder), "export", "zwei-kontakte", "-o", str(tmp_path / "s.csv")).code == 0
    with (tmp_path / "s.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))[1:]
    assert len(rows) == 3 and all(row[3] == organisation for row in rows)


def test_the_clients_sheet_speaks_plainly_and_every_step_says_how_to_reach_its_actor(cli, catalogue):
    """No catalogue jargon on the client's sheet; the adviser's view keeps the rule-by-rule reasons."""
    out = cli("--lang", "de", "export", *PERSON).out
    for jargon in ("Katalog nennt keine", "aus dem Quelltext abgeleitet", "derived", "nicht angegeben:"):
        assert jargon not in out, jargon
    assert "Hilft bei: " in out and "Zu jedem Termin mitbringen" in out
    checklist = out[out.index("## Nächste Schritte"):]
    jmd = catalogue.get(JMD)
    assert f"— {jmd.name} ({jmd.contacts[0].phone[0]})" in checklist
    adviser = cli("--lang", "de", "ask", *PERSON).out
    assert "Katalog nennt keine" in adviser  # the adviser still sees what the catalogue does not know


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "\ufeff=HYPERLINK(1)",
                                  "\u200b=1"])
def test_every_formula_start_is_neutralised(cell):
    from lotse.present.render.safe_csv import neutralise

    assert neutralise(cell).startswith("'")
    assert neutralise("Beratung") == "Beratung" and neutralise(None) == ""
