"""Every help text of the command line, in German and English: commands, arguments, options and
panels, and the framework's own words (usage line, help option, panel titles, errors).

Options are declared with their key here as `help`; `lotse.cli.app` words them in the UI language
when it builds the command line, so a help text that lacks a key fails at once (and in a test).
"""

from __future__ import annotations

from lotse.i18n import Messages

HELP = Messages({
    # -- the program --------------------------------------------------------------------------
    "app": ("lotse: Verweisberatung für Migrations- und Arbeitsmarktberatung in Deutschland.",
            "lotse: referral assistant for migration and labour-market advice in Germany."),
    "app.epilog": ("`lotse BEFEHL --help` zeigt die Optionen eines Befehls. Exit-Codes: 0 Erfolg, "
                   "1 keine Ergebnisse, 2 Bedienfehler, 3 ungültiger Katalog, 4 Ausgabe nicht "
                   "geschrieben, 130 abgebrochen.",
                   "Run `lotse COMMAND --help` for a command's options. Exit codes: 0 success, "
                   "1 no results, 2 usage error, 3 invalid catalogue, 4 output not written, 130 aborted."),
    "opt.lang": ("Sprache der Oberfläche (sonst LOTSE_LANG, sonst die Locale, sonst de).",
                 "UI language (else LOTSE_LANG, else the locale, else de)."),
    "opt.catalog": ("Einen lokalen Katalogordner oder eine Datei hinzufügen (mehrfach möglich; auch "
                    "LOTSE_CATALOG).",
                    "Add a local catalogue folder or file (repeatable; also LOTSE_CATALOG)."),
    "opt.version": ("Version zeigen und beenden.", "Show the version and exit."),
    "opt.help": ("Diese Hilfe zeigen und beenden.", "Show this help and exit."),
    "opt.install_completion": ("Vervollständigung für die aktuelle Shell einrichten (bash, zsh, fish).",
                               "Install completion for the current shell (bash, zsh, fish)."),
    "opt.show_completion": ("Das Vervollständigungsskript der aktuellen Shell zeigen, zum Kopieren "
                            "oder Anpassen.",
                            "Show the completion script for the current shell, to copy or adapt it."),
    # -- panels -------------------------------------------------------------------------------
    "panel.answers": ("Antworten", "Answers"),
    "panel.sheet": ("Kontaktblatt", "Contact sheet"),
    "panel.filters": ("Filter", "Filters"),
    # -- commands -----------------------------------------------------------------------------
    "cmd.ask": ("Eine Beratung durchführen: wenige Fragen beantworten, passende Angebote mit Gründen "
                "und nächsten Schritten erhalten. Fehlende Antworten werden im Terminal erfragt.",
                "Run a consultation: answer a few questions, get ranked services with reasons and next "
                "steps. Answers missing from the options are asked on a terminal."),
    "cmd.explain": ("Regel für Regel erklären, warum ein Angebot zu diesen Antworten passt oder nicht.",
                    "Say rule by rule why a service is or is not recommended for these answers."),
    "cmd.show": ("Einen Eintrag vollständig zeigen, mit der Datei, aus der er stammt.",
                 "Show one entry in full, including which file it came from."),
    "cmd.search": ("Den Katalog durchsuchen; Exit-Code 1, wenn nichts passt. Filter wenden die Regeln "
                   "von `lotse ask` an.",
                   "Search the catalogue; exit 1 when nothing matches. Filters apply the rules of "
                   "`lotse ask`."),
    "cmd.coverage": ("Wie viele aktuelle Angebote jedes Ziel in jeder Region abdecken, über die "
                     "bundesweiten hinaus; Lücken werden markiert.",
                     "How many current services serve each goal in each region, beyond the nationwide "
                     "ones; gaps are marked."),
    "cmd.export": ("Ein Kontaktblatt schreiben: aus gespeicherten Antworten (--answers und die "
                   "Antwort-Optionen), aus IDs oder aus einer Suche (--query).",
                   "Write a contact sheet: from saved answers (--answers and the answer options), from "
                   "ids, or from a search (--query)."),
    "cmd.catalog": ("Den Angebotskatalog prüfen, durchsehen, pflegen und austauschen.",
                    "Check, browse, maintain and exchange the service catalogue."),
    "cmd.catalog.validate": ("Den mitgelieferten Katalog und alle Overlays prüfen; jedes Problem wird "
                             "in einem Durchlauf gemeldet.",
                             "Check the bundled catalogue and any overlays; every problem is reported "
                             "in one run."),
    "cmd.catalog.list": ("Katalogeinträge auflisten; beendete Programme nur mit --include-ended.",
                         "List catalogue entries; ended programmes only with --include-ended."),
    "cmd.catalog.stale": ("Einträge auflisten, deren Angaben älter als ALTER sind, die ältesten zuerst, "
                          "mit ihrer Quelle, und Programme, deren Ende oder Prüfdatum vorbei ist.",
                          "List entries whose information is older than AGE, oldest first, with their "
                          "source, and programmes whose end or review date has passed."),
    "cmd.catalog.export": ("Den Katalog als Open Referral HSDS 3.0 exportieren, mit stabilen IDs, in der "
                           "Sprache der Oberfläche; als Ganzes geschrieben, an Stelle eines früheren Exports "
                           "erst, wenn er vollständig ist.",
                           "Export the catalogue as Open Referral HSDS 3.0, with stable ids, in the UI language; "
                           "written as a whole, in place of an earlier export only when complete."),
    "cmd.catalog.import": ("HSDS-3.0-Daten in eine lotse-Overlay-Datei umwandeln; was nicht übernommen "
                           "werden kann, steht auf stderr. Nichts zu importieren: Exit-Code 1, keine Datei.",
                           "Turn HSDS 3.0 data into a lotse overlay file; what cannot be mapped is reported "
                           "on stderr. Nothing to import: exit 1, no file."),
    # -- answers (ask, explain, export) -------------------------------------------------------
    "answers.answers": ("Antworten aus einer YAML-Datei (Optionen haben Vorrang).",
                        "Answers from a YAML file (options override it)."),
    "answers.client": ("Person oder Arbeitgeber.", "person or employer."),
    "answers.status": ("Aufenthaltsstatus.", "Residence status."),
    "answers.age": ("Alter in Jahren (0–120).", "Age in years (0–120)."),
    "answers.qualification": ("Höchste Qualifikation.", "Highest qualification."),
    "answers.region": ("Land, Landkreis, Stadt oder Ort, z. B. Magdeburg oder Quedlinburg.",
                       "Land, district, city or town, e.g. Magdeburg or Quedlinburg."),
    "answers.goal": ("Ziel (mehrfach möglich).", "Goal (repeatable)."),
    "answers.gender": ("Geschlecht.", "Gender."),
    "answers.german_level": ("Deutschkenntnisse: none, A1 … C2.", "German level: none, A1 … C2."),
    "answers.benefits": ("Ob die Person Bürgergeld bezieht.", "Whether the client receives Bürgergeld."),
    "answers.sector": ("Branche oder Berufsfeld.", "Sector or field of work."),
    # -- ask ----------------------------------------------------------------------------------
    "ask.format": ("Ausgabeformat.", "Output format."),
    "ask.limit": ("Höchstens N Angebote zeigen.", "Show at most N services."),
    "ask.include_ended": ("Auch beendete Programme zeigen.", "Also list ended programmes."),
    "ask.save_answers": ("Die normalisierten Antworten in DATEI schreiben (YAML, nur für Sie lesbar).",
                         "Write the normalised answers to FILE (YAML, readable by you alone)."),
    "ask.export": ("Die Ergebnisse auch als Kontaktblatt schreiben; die Endung bestimmt das Format "
                   "(.pdf .html .md .csv .vcf .json).",
                   "Also write the results as a contact sheet; the extension gives the format "
                   "(.pdf .html .md .csv .vcf .json)."),
    # -- the sheet (ask, export) --------------------------------------------------------------
    "sheet.force": ("Eine vorhandene Datei überschreiben.", "Overwrite an existing file."),
    "sheet.sheet_lang": ("Sprache des Kontaktblatts: de, en, ar, fa, uk, ru, tr oder eine, die ein Overlay "
                         "hinzufügt (sonst die Sprache der Oberfläche).",
                         "Language of the contact sheet: de, en, ar, fa, uk, ru, tr, or one an overlay adds "
                         "(default: the UI language)."),
    "sheet.note": ("Notiz der Beraterin oder des Beraters, z. B. ein Termin oder ein Dokument zum "
                   "Mitbringen.",
                   "Adviser's note for the sheet, e.g. an appointment or a document to bring."),
    "sheet.excel": ("CSV für deutsches Excel: Byte-Order-Mark und Semikolons.",
                    "CSV for German Excel: byte-order mark and semicolons."),
    # -- explain, show ------------------------------------------------------------------------
    "explain.ids": ("Die zu erklärenden Angebote, eines oder mehrere.", "The services to explain, one or more."),
    "show.id": ("Die ID des Eintrags (siehe `lotse catalog list`).", "The entry's id (see `lotse catalog list`)."),
    # -- search and its filters ---------------------------------------------------------------
    "search.query": ("Suchbegriffe; Tippfehler, Umlaut-Schreibweisen und Englisch gehen.",
                     "Words to look for; typos, umlaut spellings and English are fine."),
    "filters.region": ("Nur Einträge, die dieses Land, diesen Landkreis oder Ort abdecken.",
                       "Only entries serving this Land, district or town."),
    "filters.level": ("Nur diese Ebene (mehrfach möglich).", "Only this level (repeatable)."),
    "filters.kind": ("Nur diese Art (mehrfach möglich).", "Only this kind (repeatable)."),
    "filters.include_ended": ("Auch beendete Programme zeigen.", "Also list programmes that have ended."),
    "filters.goal": ("Nur Einträge für dieses Ziel (mehrfach möglich).",
                     "Only entries serving this goal (repeatable)."),
    "filters.client": ("Nur Einträge für Personen oder Arbeitgeber.", "Only entries for person or employer."),
    "filters.status": ("Nur Einträge, die diesem Aufenthaltsstatus offenstehen.",
                       "Only entries open to this residence status."),
    "filters.age": ("Nur Einträge, die diesem Alter offenstehen.", "Only entries open to this age."),
    "search.limit": ("Höchstens N Einträge zeigen.", "Show at most N entries."),
    "search.format": ("Ausgabeformat.", "Output format."),
    # -- coverage -----------------------------------------------------------------------------
    "coverage.state": ("Zeilen sind die Landkreise und Städte dieses Landes (z. B. ST, DE-ST, "
                       "Sachsen-Anhalt); sonst die Länder.",
                       "Rows are this Land's districts and cities (e.g. ST, DE-ST, Sachsen-Anhalt); "
                       "else the Länder."),
    "coverage.format": ("Ausgabeformat.", "Output format."),
    "coverage.html": ("Zusätzlich eine eigenständige Übersichtsseite (Heatmap) in DATEI schreiben.",
                      "Also write a self-contained heat-map page to FILE."),
    "coverage.force": ("Die --html-Datei überschreiben, wenn es sie gibt.", "Overwrite the --html file if it exists."),
    # -- export -------------------------------------------------------------------------------
    "export.ids": ("Angebote für das Blatt, in dieser Reihenfolge (siehe `lotse catalog list`).",
                   "Services to put on the sheet, in this order (see `lotse catalog list`)."),
    "export.query": ("Die Angebote, die `lotse search SUCHE` findet, mit --region, --goal, --client, "
                     "--status, --age, --kind und --level als Filter.",
                     "The services `lotse search WORDS` finds, with --region, --goal, --client, "
                     "--status, --age, --kind and --level as its filters."),
    "export.kind": ("Mit --query: nur diese Art (mehrfach möglich).", "With --query: only this kind (repeatable)."),
    "export.level": ("Mit --query: nur diese Ebene (mehrfach möglich).", "With --query: only this level (repeatable)."),
    "export.output": ("Die zu schreibende Datei; ihre Endung bestimmt das Format. - (Standard) "
                      "schreibt auf stdout.",
                      "The file to write; its extension gives the format. - (the default) writes to stdout."),
    "export.format": ("Das Format, wenn nicht die Dateiendung (- nimmt md).",
                      "The format, if not the file's extension (- defaults to md)."),
    "export.limit": ("Höchstens N Angebote aus Antworten oder einer Suche.",
                     "At most N services from answers or a search."),
    "export.include_ended": ("Auch beendete Programme aufnehmen.", "Also list ended programmes."),
    # -- catalog ------------------------------------------------------------------------------
    "validate.paths": ("Overlay-Dateien oder -Ordner, die mit dem mitgelieferten Katalog geprüft werden.",
                       "Overlay files or folders to check together with the bundled catalogue."),
    "list.format": ("Ausgabeformat.", "Output format."),
    "stale.older_than": ("Altersgrenze: z. B. 12m, 6m, 2y oder 90d.", "Age limit: e.g. 12m, 6m, 2y or 90d."),
    "hsds_export.hsds": ("HSDS 3.0 in den Ordner DIR schreiben.", "Write HSDS 3.0 into the folder DIR."),
    "hsds_export.layout": ("csv: ein Tabular Data Package, eine CSV je Tabelle und datapackage.json (Standard); "
                           "json: services.json, jedes Angebot als verschachteltes Dokument in einer Page.",
                           "csv: a Tabular Data Package, one CSV per table and datapackage.json (default); "
                           "json: services.json, every service as a nested document in one Page."),
    "hsds_export.force": ("Einen früheren Export in DIR ersetzen.", "Replace an earlier export in DIR."),
    "hsds_import.hsds": ("Ein Ordner mit CSV-Tabellen (mit oder ohne datapackage.json) oder JSON-Tabellen, "
                         "oder eine JSON-Datei mit einer Page, einer Liste von Angeboten oder einem Angebot.",
                         "A folder of CSV tables (with or without datapackage.json) or of JSON tables, or a "
                         "JSON file holding a Page, a list of services or one service."),
    "hsds_import.area": ("Das Gebiet der Angebote, deren Daten keines nennen, das lotse kennt.",
                         "The service area of services whose data names none lotse knows."),
    "hsds_import.as_of": ("Der Stand (JJJJ-MM-TT) der Angebote, deren Daten kein Datum nennen (etwa der Tag des "
                          "Exports); als angegeben vermerkt.",
                          "The as-of date (YYYY-MM-DD) of services whose data states none (such as the day of the "
                          "export); marked as given."),
    "hsds_import.data_lang": ("Die Sprache der Daten (sonst wie die Daten sie angeben, sonst die Sprache der "
                              "Oberfläche).",
                              "The language of the data (default: as the data states, else the UI language)."),
    "hsds_import.translation": ("Dasselbe Verzeichnis in der anderen Sprache: füllt die zweite Sprache über die "
                                "HSDS-ID.",
                                "The same directory in the other language: fills the second language by HSDS id."),
    "hsds_import.goal_map": ("Welche Taxonomie-Begriffe für welche Ziele stehen (Standard: data/hsds-goals.yaml).",
                             "Which taxonomy terms stand for which goals (default: data/hsds-goals.yaml)."),
    "hsds_import.out": ("Die zu schreibende Overlay-Datei.", "The overlay file to write."),
    "hsds_import.force": ("DATEI überschreiben, wenn es sie gibt.", "Overwrite FILE if it exists."),
    # -- value lists in help ------------------------------------------------------------------
    "values": ("Werte: {values}.", "Values: {values}."),
    "default": ("[Standard: {}]", "[default: {}]"),
})

# The framework's own words (Typer and the Click it carries), in the UI language.
WORDS = Messages({
    "usage": ("Aufruf: ", "Usage: "),
    "options_metavar": ("[OPTIONEN]", "[OPTIONS]"),
    "command_metavar": ("BEFEHL [ARGUMENTE]...", "COMMAND [ARGS]..."),
    "options": ("Optionen", "Options"),
    "arguments": ("Argumente", "Arguments"),
    "commands": ("Befehle", "Commands"),
    "error": ("Fehler", "Error"),
    "required": ("[Pflicht]", "[required]"),
    "env_var": ("[Umgebungsvariable: {}]", "[env var: {}]"),
    "deprecated": ("(veraltet) ", "(deprecated) "),
    "range": ("[Bereich: {}]", "[range: {}]"),
    "aborted": ("Abgebrochen.", "Aborted."),
    "try_help": ("Hilfe: `{command} --help`.", "See `{command} --help`."),
    "no_such_option": ("Unbekannte Option {name}.", "No such option: {name}."),
    "did_you_mean": ("Meinten Sie {names}?", "Did you mean {names}?"),
    "no_such_command": ("Unbekannter Befehl {name}. Befehle: {commands}.",
                        "No such command {name}. Commands: {commands}."),
    "missing_command": ("Ein Befehl fehlt. Befehle: {commands}.", "A command is missing. Commands: {commands}."),
    "extra_arguments": ("Unerwartete Argumente: {args}.", "Unexpected extra arguments: {args}."),
    "needs_value": ("{name} braucht einen Wert (ein Wert, der mit - beginnt, wird als {name}=WERT "
                    "geschrieben).",
                    "{name} needs a value (a value that starts with - is written {name}=VALUE)."),
    "missing_argument": ("Es fehlt: {name}.", "Missing: {name}."),
    "invalid": ("Ungültiger Wert für {name}.", "Invalid value for {name}."),
    "unsafe_cache": ("lotse: {problem}: ohne Cache weiter (den Ordner dem eigenen Benutzer geben, Modus "
                     "700, oder LOTSE_CACHE_DIR setzen).",
                     "lotse: {problem}: running without the cache (make it the user's own, mode 700, or "
                     "set LOTSE_CACHE_DIR)."),
    "completion_installed": ("Vervollständigung für {shell} eingerichtet in {path}; sie wirkt nach einem "
                             "Neustart des Terminals.",
                             "{shell} completion installed in {path}; it takes effect once you restart "
                             "the terminal."),
})
