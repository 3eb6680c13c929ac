"""`lotse ask` and `lotse explain`: the consultation, from answers to ranked referrals."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from lotse.cli.app import command, emit, load, settings
from lotse.cli.options import (
    Age,
    AnswersFile,
    Benefits,
    Catalog,
    Client,
    Excel,
    Force,
    Gender,
    GermanLevel,
    Goals,
    Lang,
    Note,
    Qualification,
    Region,
    Sector,
    SheetLang,
    Status,
    one_of,
    positive_int,
)
from lotse.i18n import Messages
from lotse.present.formats import AskFormat
from lotse.settings import Settings

if TYPE_CHECKING:
    from lotse.model.answers import Answers
    from lotse.model.catalogue import Catalogue

T = Messages({
    "missing": ("Es fehlen Antworten: {missing}. Als Optionen angeben ({options}) oder in --answers "
                "DATEI.yaml, oder lotse ask in einem Terminal ausführen, um gefragt zu werden.",
                "Missing answers: {missing}. Give them as options ({options}) or in --answers FILE.yaml, "
                "or run lotse ask in a terminal to be asked."),
    "answers_file": ("Die Antwortdatei ist nicht verwendbar: {problem}", "Cannot use the answers file: {problem}"),
    "nothing_fits": ("Kein Angebot passt zu diesen Antworten; oben steht, was passen würde und an wen "
                     "sich die Person wenden kann.",
                     "No service fits these answers; see above what would and whom to turn to."),
})


def register(app: typer.Typer, name: str) -> None:
    """Add the command `name` (ask or explain) to `app`."""
    command(app, name, f"cmd.{name}")({"ask": ask, "explain": explain}[name])


def given(**answers: Any) -> dict[str, Any]:
    """The answers given as options, by the keys `parse_answers` reads (`--goal` as `goals`)."""
    return {key: value for key, value in answers.items() if value not in (None, [], ())}


def read_answers(s: Settings, catalogue: "Catalogue", answers_file: Path | None,
                 flags: dict[str, Any]) -> "Answers":
    """Answers from the file, overridden by the options; nothing is asked."""
    from lotse.model.answers import AnswersError, parse_answers

    answers = parse_answers({}, catalogue.vocabulary, catalogue.regions)
    if answers_file is not None:
        from lotse.store.yaml_files import load_yaml

        raw, problem = load_yaml(answers_file)
        if problem:
            raise AnswersError(T.text("answers_file", problem=str(problem)))
        answers = parse_answers(raw or {}, catalogue.vocabulary, catalogue.regions, s.lang,
                                where=str(answers_file))
    flagged = parse_answers(flags, catalogue.vocabulary, catalogue.regions, s.lang, where="options")
    return answers.merged(flagged).implied()


def complete_answers(s: Settings, catalogue: "Catalogue", answers: "Answers") -> "Answers":
    """The answers, with the interactive flow run when some are missing (only on a terminal)."""
    from lotse.model.answers import AnswersError

    missing = answers.missing()
    if not missing:
        return answers
    if s.interactive:
        from lotse.cli.flow import QuestionaryPrompter, run_flow

        return run_flow(QuestionaryPrompter(s.lang), answers, catalogue, s.lang)
    options = ", ".join("--goal" if m == "goals" else f"--{m.replace('_', '-')}" for m in missing)
    raise AnswersError(T.text("missing", missing=", ".join(missing), options=options))


def ask(
    ctx: typer.Context,
    answers_file: AnswersFile = None,
    client: Client = None,
    status: Status = None,
    age: Age = None,
    qualification: Qualification = None,
    region: Region = None,
    goal: Goals = None,
    gender: Gender = None,
    german_level: GermanLevel = None,
    benefits: Benefits = None,
    sector: Sector = None,
    format: Annotated[AskFormat, typer.Option(
        "-f", "--format", help="ask.format", metavar="FORMAT",
        parser=one_of(AskFormat, "--format"))] = AskFormat.table,
    limit: Annotated[int, typer.Option("--limit", help="ask.limit", metavar="N",
                                       parser=positive_int("--limit"))] = 8,
    include_ended: Annotated[bool, typer.Option("--include-ended", help="ask.include_ended")] = False,
    save_answers: Annotated[Path | None, typer.Option("--save-answers", parser=Path, help="ask.save_answers",
                                                         metavar="FILE")] = None,
    export: Annotated[str | None, typer.Option("--export", help="ask.export", metavar="FILE",
                                                  rich_help_panel="panel.sheet")] = None,
    force: Force = False,
    sheet_lang: SheetLang = None,
    note: Note = None,
    excel: Excel = False,
    lang: Lang = None,
    catalog: Catalog = None,
) -> None:
    from lotse.cli import export as sheets

    s = settings(ctx, lang, catalog)
    options = sheets.SheetOptions(sheet_lang, note, force, excel)
    options.check(s)
    target = sheets.sheet_target(export, None, force, excel, allow_stdout=False) if export else None
    if save_answers is not None:
        # Said before the questions, not after them: the adviser would lose the consultation.
        from lotse.output import check_target

        check_target(save_answers, force)
    if s.interactive:  # a terminal is always asked something (the questions, or the offer of a
        # sheet): questionary is imported before the catalogue, while start-up goes uncollected
        import questionary  # noqa: F401
    catalogue = load(s)
    flags = given(client=client, status=status, age=age, qualification=qualification, region=region,
                  goals=goal, gender=gender, german_level=german_level, benefits=benefits, sector=sector)
    answers = read_answers(s, catalogue, answers_file, flags)
    interactive = bool(answers.missing())  # past this point, missing answers mean the flow ran
    answers = complete_answers(s, catalogue, answers)
    # Imported only now, so that the first question appears as early as possible.
    from lotse.domain.rules import recommend
    from lotse.present.renderers import RECOMMENDATION, View

    if save_answers is not None:
        import yaml

        from lotse.output import write_text_atomic

        write_text_atomic(save_answers, yaml.safe_dump(answers.to_mapping(), allow_unicode=True, sort_keys=False),
                          force=force, private=True)
    rec = recommend(answers, catalogue, s.today, limit=limit, include_ended=include_ended)
    emit(s, RECOMMENDATION[format](rec, View(catalogue, s.lang, s.today)))
    if target is not None:
        sheets.export_consultation(s, target, rec, catalogue, options)
    elif interactive and format is AskFormat.table and rec.results:
        sheets.offer_export(sheets.QuestionaryExportPrompter(s.lang), s, rec, catalogue, options)
    if not rec.results:  # exit 1 for scripts, like `lotse search`; what would fit is printed above
        from lotse.domain.search import NoResultsError

        raise NoResultsError(T.text("nothing_fits"))


def explain(
    ctx: typer.Context,
    entry_ids: Annotated[list[str], typer.Argument(help="explain.ids", metavar="ID...")],
    answers_file: AnswersFile = None,
    client: Client = None,
    status: Status = None,
    age: Age = None,
    qualification: Qualification = None,
    region: Region = None,
    goal: Goals = None,
    gender: Gender = None,
    german_level: GermanLevel = None,
    benefits: Benefits = None,
    sector: Sector = None,
    lang: Lang = None,
    catalog: Catalog = None,
) -> None:
    from lotse.domain.rules import assess, recommend
    from lotse.present.render.explain import explanation_view

    s = settings(ctx, lang, catalog)
    catalogue = load(s)
    entries = [catalogue.get(entry_id) for entry_id in dict.fromkeys(entry_ids)]  # unknown ids first
    flags = given(client=client, status=status, age=age, qualification=qualification, region=region,
                  goals=goal, gender=gender, german_level=german_level, benefits=benefits, sector=sector)
    answers = read_answers(s, catalogue, answers_file, flags)
    actors = {step.who.id for step in recommend(answers, catalogue, s.today, limit=1).plan if step.who is not None}
    console = s.console()
    for number, entry in enumerate(entries):
        if number:
            console.print()
        console.print(explanation_view(assess(entry, answers, catalogue, s.today), answers.goals,
                                       catalogue, s.lang, entry.id in actors))
