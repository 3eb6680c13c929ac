"""A synthetic catalogue of N entries in the real schema, for measuring lotse at scale.

A nation-wide catalogue (every employment agency, JMD and MBE office, job centre, counselling
point and migrant organisation) reaches tens of thousands of entries. This writes one that looks
like it: German and English text built from the bundled catalogue's vocabulary, areas from
data/regions.yaml, contacts with addresses, phones and e-mails. Every address, phone number and
e-mail is made up (domains end in `.example`); each entry says so in `sources`.

    python benchmarks/synthetic.py 20000 /tmp/lotse-20k.yaml
    python benchmarks/synthetic.py 20000 /tmp/lotse-20k --split

With `--split` the same entries go into a folder laid out like data/catalogue, as a nation-wide
catalogue would be kept: `federal.yaml` (the federal employment agency's offices) and one file per
Land (`laender/st.yaml`, …), so that a network edits its own Land's file. The output is an
overlay: use it with `lotse --catalog FILE-OR-FOLDER`. It is deterministic for a seed.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parents[1] / "data"

# Towns beyond data/regions.yaml, with their Land: their entries serve the whole Land.
TOWNS = {
    "DE-BW": ["Karlsruhe", "Mannheim", "Freiburg im Breisgau", "Heidelberg", "Ulm", "Heilbronn", "Pforzheim", "Reutlingen", "Konstanz", "Esslingen am Neckar"],
    "DE-BY": ["Augsburg", "Regensburg", "Ingolstadt", "Würzburg", "Fürth", "Erlangen", "Bamberg", "Passau", "Landshut", "Rosenheim"],
    "DE-BE": ["Berlin-Neukölln", "Berlin-Mitte", "Berlin-Spandau", "Berlin-Marzahn", "Berlin-Lichtenberg", "Berlin-Wedding"],
    "DE-BB": ["Cottbus", "Brandenburg an der Havel", "Frankfurt (Oder)", "Eberswalde", "Oranienburg", "Eisenhüttenstadt"],
    "DE-HB": ["Bremerhaven", "Bremen-Nord", "Bremen-Vegesack"],
    "DE-HH": ["Hamburg-Altona", "Hamburg-Harburg", "Hamburg-Wandsbek", "Hamburg-Bergedorf"],
    "DE-HE": ["Wiesbaden", "Kassel", "Darmstadt", "Offenbach am Main", "Gießen", "Marburg", "Fulda", "Hanau"],
    "DE-MV": ["Rostock", "Schwerin", "Neubrandenburg", "Stralsund", "Greifswald", "Wismar"],
    "DE-NI": ["Hannover", "Braunschweig", "Osnabrück", "Wolfsburg", "Göttingen", "Salzgitter", "Hildesheim", "Lüneburg"],
    "DE-NW": ["Düsseldorf", "Dortmund", "Essen", "Duisburg", "Bochum", "Wuppertal", "Bielefeld", "Münster", "Gelsenkirchen", "Mönchengladbach", "Aachen", "Krefeld"],
    "DE-RP": ["Kaiserslautern", "Worms", "Neuwied", "Speyer", "Pirmasens"],
    "DE-SL": ["Neunkirchen", "Homburg", "Völklingen", "Saarlouis"],
    "DE-SN": ["Chemnitz", "Plauen", "Görlitz", "Freiberg", "Bautzen", "Pirna"],
    "DE-ST": ["Weißenfels", "Zeitz", "Bernburg (Saale)", "Schönebeck (Elbe)", "Aschersleben", "Quedlinburg", "Köthen (Anhalt)", "Sangerhausen", "Bitterfeld-Wolfen", "Gardelegen"],
    "DE-SH": ["Kiel", "Lübeck", "Flensburg", "Neumünster", "Norderstedt", "Elmshorn"],
    "DE-TH": ["Erfurt", "Gera", "Weimar", "Gotha", "Nordhausen", "Eisenach", "Suhl"],
}
PROVIDERS = ["Caritasverband", "Diakonie", "Arbeiterwohlfahrt (AWO)", "Deutsches Rotes Kreuz (DRK)",
             "Paritätischer Wohlfahrtsverband", "Internationaler Bund (IB)", "Volkshochschule",
             "Jugendwerk", "Evangelische Jugendhilfe", "Bildungswerk der Wirtschaft", "Kolping-Bildungswerk"]
STREETS = ["Bahnhofstraße", "Hauptstraße", "Schillerstraße", "Goethestraße", "Lindenallee", "Marktplatz",
           "Friedrich-Ebert-Straße", "Rosa-Luxemburg-Platz", "Am Stadtpark", "Kirchgasse", "Ringstraße",
           "Karl-Marx-Allee", "Gartenweg", "Breiter Weg", "Domplatz", "Moltkestraße"]
FIRST = ["Anna", "Mehmet", "Olena", "Jonas", "Fatima", "Thomas", "Aylin", "Piotr", "Sabine", "Yusuf", "Maria",
         "Dmytro", "Leonie", "Ahmad", "Claudia", "Nguyen", "Svetlana", "Kofi", "Katrin", "Ali"]
LAST = ["Müller", "Yılmaz", "Kowalski", "Schmidt", "Haddad", "Becker", "Petrenko", "Schulz", "Nguyen",
        "Wagner", "Okafor", "Hoffmann", "Rahimi", "Weber", "Ivanova", "Fischer", "Demir", "Krause"]
COMMUNITIES = [("afrikanischer", "African"), ("syrischer", "Syrian"), ("ukrainischer", "Ukrainian"),
               ("vietnamesischer", "Vietnamese"), ("türkischer", "Turkish"), ("polnischer", "Polish"),
               ("afghanischer", "Afghan"), ("eritreischer", "Eritrean"), ("russischsprachiger", "Russian-speaking"),
               ("lateinamerikanischer", "Latin American")]

# Kinds of services: name template, kind, level, part_of, goals, eligibility, text.
SERVICES = [
    {"key": "jmd", "name": "Jugendmigrationsdienst {town} ({provider})", "kind": "regular_service",
     "level": "non_state", "part_of": "jmd", "goals": ["orientation", "language", "apprenticeship", "job"],
     "eligibility": {"clients": ["person"], "age": {"min": 12, "max": 27}, "statuses": "any"},
     "de": "Der Jugendmigrationsdienst in {town} begleitet junge Menschen mit Migrationshintergrund zwischen 12 und 27 Jahren beim Übergang von der Schule in Ausbildung und Beruf. Er berät zu Sprachkursen, Schule und Ausbildung und bietet Gruppenangebote und sozialpädagogische Begleitung.",
     "en": "The youth migration service in {town} supports young people with a migration background aged 12 to 27 in the transition from school to training and work. It advises on language courses, school and apprenticeships and offers group activities and social-educational support.",
     "offers_de": ["individuelle Integrationsförderung", "Beratung zu Schule und Ausbildung", "Gruppenangebote", "Elternarbeit"],
     "offers_en": ["individual integration support", "advice on school and apprenticeships", "group activities", "work with parents"],
     "kw_de": ["Jugendliche", "junge Menschen", "JMD", "Jugendmigrationsdienst", "Ausbildung", "Schule"],
     "kw_en": ["youth", "young people", "youth migration service", "apprenticeship", "school"]},
    {"key": "mbe", "name": "Migrationsberatung für erwachsene Zuwanderer (MBE) – {provider} {town}",
     "kind": "regular_service", "level": "non_state", "part_of": "mbe",
     "goals": ["orientation", "language", "job", "residence"],
     "eligibility": {"clients": ["person"], "age": {"min": 27}},
     "de": "Die Migrationsberatung für erwachsene Zuwanderer in {town} berät Menschen ab 27 Jahren in den ersten drei Jahren nach der Einreise zu Sprache, Arbeit, Wohnen, Gesundheit und Aufenthalt und vermittelt an Fachdienste weiter.",
     "en": "The migration counselling service for adult immigrants in {town} advises people aged 27 and over during their first three years in Germany on language, work, housing, health and residence and refers them to specialist services.",
     "offers_de": ["Erstberatung", "Case Management", "Unterstützung bei Anträgen", "Vermittlung in Integrationskurse"],
     "offers_en": ["first counselling", "case management", "help with applications", "referral to integration courses"],
     "kw_de": ["Migrationsberatung", "MBE", "Erwachsene", "Beratung", "Integrationskurs", "Aufenthalt"],
     "kw_en": ["migration counselling", "adults", "counselling", "integration course", "residence"]},
    {"key": "aa", "name": "Agentur für Arbeit {town}", "kind": "authority", "level": "federal", "part_of": "ba",
     "goals": ["job", "qualification", "recognition"],
     "eligibility": {"clients": ["person", "employer"], "statuses": "any"},
     "de": "Die Agentur für Arbeit {town} bietet arbeitsmarktliche Beratung, Vermittlung in Arbeit und Ausbildung sowie Qualifizierungs- und Unterstützungsangebote nach SGB III, die auch neu Zugewanderten offenstehen. Der Arbeitgeberservice berät Betriebe bei der Personalsuche.",
     "en": "The employment agency in {town} offers labour-market counselling, placement in work and training and qualification and support measures under SGB III that are also open to newcomers. Its employer service advises companies on recruitment.",
     "offers_de": ["Berufsberatung", "Arbeitsvermittlung", "Bildungsgutscheine", "Arbeitgeberservice"],
     "offers_en": ["career advice", "job placement", "education vouchers", "employer service"],
     "kw_de": ["Arbeitsagentur", "Agentur für Arbeit", "Arbeitsamt", "Jobsuche", "Weiterbildung"],
     "kw_en": ["employment agency", "labour office", "job search", "further training"]},
    {"key": "jc", "name": "Jobcenter {town}", "kind": "authority", "level": "municipal", "part_of": "jobcenter",
     "goals": ["job", "qualification", "language"],
     "eligibility": {"clients": ["person"], "benefits": True},
     "de": "Das Jobcenter {town} betreut erwerbsfähige Menschen, die Bürgergeld beziehen, vermittelt in Arbeit und fördert Weiterbildung und berufsbezogene Deutschkurse.",
     "en": "The job centre in {town} supports people who are able to work and receive Bürgergeld, places them in work and funds further training and job-related German courses.",
     "offers_de": ["Arbeitsvermittlung", "Förderung von Weiterbildung", "Berufssprachkurse", "Bürgergeld"],
     "offers_en": ["job placement", "funding of further training", "job-related German courses", "Bürgergeld"],
     "kw_de": ["Jobcenter", "Bürgergeld", "Grundsicherung", "Arbeitsvermittlung", "SGB II"],
     "kw_en": ["job centre", "basic income support", "job placement"]},
    {"key": "iq", "name": "IQ Anerkennungs- und Qualifizierungsberatung {town}", "kind": "project",
     "level": "non_state", "part_of": "iq", "goals": ["recognition", "qualification"],
     "eligibility": {"clients": ["person"], "statuses": "any",
                     "qualifications": ["foreign_academic", "foreign_vocational"]},
     "de": "Die Beratungsstelle des Förderprogramms IQ in {town} berät Menschen mit ausländischen Berufs- und Hochschulabschlüssen zur Anerkennung, zum Anerkennungsverfahren und zu Anpassungsqualifizierungen, unabhängig vom Aufenthaltsstatus.",
     "en": "The IQ counselling point in {town} advises people with foreign vocational and academic qualifications on recognition, the recognition procedure and adaptation training, regardless of residence status.",
     "offers_de": ["Anerkennungsberatung", "Qualifizierungsberatung", "Begleitung im Anerkennungsverfahren"],
     "offers_en": ["recognition counselling", "qualification counselling", "support through the recognition procedure"],
     "kw_de": ["Anerkennung", "Anerkennungsberatung", "Gleichwertigkeit", "ausländischer Abschluss", "IQ"],
     "kw_en": ["recognition", "recognition counselling", "equivalence", "foreign qualification"]},
    {"key": "vhs", "name": "Integrationskurse der {provider} {town}", "kind": "regular_service",
     "level": "non_state", "part_of": "bamf-integrationskurs", "goals": ["language", "orientation"],
     "eligibility": {"clients": ["person"], "german_level": {"max": "B1"}},
     "de": "Integrationskurse mit Sprach- und Orientierungskurs in {town}, auch als Jugend-, Eltern- und Frauenkurse und mit Kinderbetreuung. Der Kurs endet mit dem Deutsch-Test für Zuwanderer.",
     "en": "Integration courses with language and orientation modules in {town}, also as courses for young people, parents and women and with childcare. The course ends with the German test for immigrants.",
     "offers_de": ["Integrationskurs", "Orientierungskurs", "Frauenkurs mit Kinderbetreuung", "Deutsch-Test für Zuwanderer"],
     "offers_en": ["integration course", "orientation course", "women's course with childcare", "German test for immigrants"],
     "kw_de": ["Deutschkurs", "Sprachkurs", "Integrationskurs", "Deutsch lernen", "DTZ"],
     "kw_en": ["German course", "language course", "integration course", "learning German"]},
    {"key": "mo", "name": "Verein {community_de} Familien {town} e. V.", "kind": "organisation",
     "level": "non_state", "part_of": None, "goals": ["orientation", "language"],
     "eligibility": {"clients": ["person"]},
     "de": "Migrantenorganisation in {town}: ehrenamtliche Beratung in der Herkunftssprache, Hausaufgabenhilfe, Sprachcafé und Begleitung zu Behörden für {community_de} Familien und alle Interessierten.",
     "en": "Migrant organisation in {town}: volunteer counselling in the language of origin, homework help, a language café and accompaniment to public authorities for {community_en} families and everyone interested.",
     "offers_de": ["Beratung in der Herkunftssprache", "Sprachcafé", "Hausaufgabenhilfe", "Begleitung zu Behörden"],
     "offers_en": ["counselling in the language of origin", "language café", "homework help", "accompaniment to authorities"],
     "kw_de": ["Migrantenorganisation", "Verein", "Ehrenamt", "Community", "Sprachcafé"],
     "kw_en": ["migrant organisation", "association", "volunteers", "community", "language café"]},
    {"key": "wc", "name": "Welcome Center {town}", "kind": "regular_service", "level": "state",
     "part_of": "welcome-center", "goals": ["orientation", "job", "residence", "hire", "retain"],
     "eligibility": {"clients": ["person", "employer"], "statuses": "any"},
     "de": "Das Welcome Center {town} ist erste Anlaufstelle für internationale Fachkräfte und Unternehmen: Informationen zu Einreise, Aufenthalt, Arbeit, Wohnen und Anerkennung sowie Beratung von Arbeitgebern zur Fachkräftegewinnung.",
     "en": "The Welcome Center in {town} is the first point of contact for international skilled workers and companies: information on entry, residence, work, housing and recognition, and advice for employers on recruiting skilled workers.",
     "offers_de": ["Erstorientierung", "Beratung zu Einreise und Aufenthalt", "Arbeitgeberberatung", "Lotsenfunktion"],
     "offers_en": ["first orientation", "advice on entry and residence", "advice for employers", "guidance to services"],
     "kw_de": ["Willkommenszentrum", "Fachkräfte", "Einreise", "Arbeitgeber", "Welcome Center"],
     "kw_en": ["welcome centre", "skilled workers", "entry", "employers"]},
    {"key": "proj", "name": "Projekt „{project}“ in {town}", "kind": "project", "level": "non_state",
     "part_of": None, "goals": ["apprenticeship", "job", "qualification"],
     "eligibility": {"clients": ["person"], "statuses": ["protection", "tolerated", "asylum_seeker"],
                     "derived": ["statuses"]},
     "de": "Das Projekt „{project}“ in {town} begleitet Geflüchtete in Ausbildung und Arbeit: Kompetenzfeststellung, Bewerbungstraining, Praktika in Betrieben und Begleitung während der Ausbildung.",
     "en": "The project “{project}” in {town} supports refugees into apprenticeships and work: skills assessment, application training, work placements in companies and support during the apprenticeship.",
     "offers_de": ["Kompetenzfeststellung", "Bewerbungstraining", "Praktikumsvermittlung", "ausbildungsbegleitende Hilfen"],
     "offers_en": ["skills assessment", "application training", "work placements", "support during apprenticeships"],
     "kw_de": ["Geflüchtete", "Ausbildung", "Praktikum", "Bewerbung", "Projekt"],
     "kw_en": ["refugees", "apprenticeship", "internship", "application", "project"]},
]
PROJECTS = ["Brücken bauen", "Zukunft gestalten", "Ankommen und Bleiben", "Perspektive Beruf", "Starthilfe",
            "Talente fördern", "Wege in Arbeit", "Chancen nutzen", "Gemeinsam stark", "Neustart"]


def _towns(rng: random.Random) -> list[tuple[str, str, str | None]]:
    """(town, Land, region id or None): the regions lotse knows, plus towns it does not."""
    raw = yaml.safe_load((DATA / "regions.yaml").read_text(encoding="utf-8"))
    known = [(p["name"], p["state"], p["id"]) for p in raw["places"]]
    others = [(town, state, None) for state, towns in TOWNS.items() for town in towns]
    return known + others


def _slug(text: str) -> str:
    text = text.casefold().translate(str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ı": "i"}))
    return "-".join("".join(c if c.isalnum() and c.isascii() else " " for c in text).split())


def entry(i: int, rng: random.Random, towns: list[tuple[str, str, str | None]]) -> tuple[str, dict]:
    """One entry and the file it belongs in when split; the index makes the id unique."""
    service = SERVICES[i % len(SERVICES)]
    town, state, place = rng.choice(towns)
    provider = rng.choice(PROVIDERS)
    community_de, community_en = rng.choice(COMMUNITIES)
    fill = {"town": town, "provider": provider, "community_de": community_de,
            "community_en": community_en, "project": rng.choice(PROJECTS)}
    name = service["name"].format(**fill)
    slug = _slug(name)[:60].strip("-")
    person = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    domain = f"{_slug(service['key'] + '-' + town)}.example"
    contact = {
        "organisation": name if service["key"] in ("aa", "jc", "wc") else f"{provider} {town}",
        "name": person,
        "role": {"de": "Beratung", "en": "counselling"},
        "phone": [f"0{rng.randint(30, 999)} / {rng.randint(100, 999)} {rng.randint(10, 999)}"],
        "email": [f"{_slug(person).replace('-', '.')}@{domain}"],
        "address": {"street": f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
                    "postcode": f"{rng.randint(1000, 99999):05d}", "city": town},
    }
    item = {
        "id": f"{slug}-{i}",
        "name": name,
        "provider": provider if service["key"] not in ("aa", "jc") else None,
        "kind": service["kind"],
        "level": service["level"],
        "area": {"places": [place]} if place else {"states": [state]},
        "part_of": service["part_of"],
        "summary": {"de": service["de"].format(**fill), "en": service["en"].format(**fill)},
        "eligibility": service["eligibility"],
        "goals": service["goals"],
        "offers": {"de": service["offers_de"], "en": service["offers_en"]},
        "contacts": [contact],
        "url": f"https://www.{domain}/",
        "as_of": f"{rng.randint(2021, 2024)}-{rng.randint(1, 12):02d}",
        "sources": [{"file": "synthetic", "section": f"benchmarks/synthetic.py entry {i}"}],
        "keywords": {"de": service["kw_de"] + [town], "en": service["kw_en"]},
    }
    if service["key"] == "proj":
        end = rng.randint(2022, 2028)
        item["period"] = {"start": str(end - 3), "end": f"{end}-12"}
    file = "federal.yaml" if service["level"] == "federal" else f"laender/{state[3:].lower()}.yaml"
    return file, {k: v for k, v in item.items() if v is not None}


def catalogue(n: int, seed: int = 4) -> dict:
    return {"entries": [item for _, item in _entries(n, seed)]}


def split_catalogue(n: int, seed: int = 4) -> dict[str, dict]:
    """The same entries as `catalogue`, by file (a path relative to the folder)."""
    files: dict[str, list[dict]] = {}
    for file, item in _entries(n, seed):
        files.setdefault(file, []).append(item)
    return {file: {"entries": items} for file, items in sorted(files.items())}


def _entries(n: int, seed: int) -> list[tuple[str, dict]]:
    rng = random.Random(seed)
    towns = _towns(rng)
    return [entry(i, rng, towns) for i in range(n)]


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Writes shared values out in full: hand-written catalogues use no YAML anchors."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def write(n: int, path: Path, seed: int = 4, split: bool = False) -> list[Path]:
    """Write the catalogue as YAML in the style of data/catalogue (block style, one key a line):
    one file, or with `split` a folder of files; returns the files written."""
    parts = split_catalogue(n, seed) if split else {"": catalogue(n, seed)}
    written = []
    for name, data in parts.items():
        file = path / name if split else path
        file.parent.mkdir(parents=True, exist_ok=True)
        text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=200)
        file.write_text("# Synthetic catalogue for benchmarks; every contact is made up.\n" + text,
                        encoding="utf-8")
        written.append(file)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of entries")
    parser.add_argument("path", type=Path, help="the YAML file to write (with --split: the folder)")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--split", action="store_true", help="one file per Land and a federal file")
    args = parser.parse_args(argv)
    files = write(args.n, args.path, args.seed, args.split)
    print(json.dumps({"entries": args.n, "path": str(args.path), "files": len(files),
                      "bytes": sum(f.stat().st_size for f in files)}), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
