"""`lotse ask` and `lotse explain`: the consultation, from answers to ranked referrals."""


import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from lotse.cli import load, settings
from lotse.cli.sheet_options import Excel, Force, Note, SheetLangOption
from lotse.errors import OutputError


class AskFormat(str, Enum):
    table = "table"
    json = "json"


# The answer options shared by `ask`, `explain` and `export`.
AnswersFile = Annotated[Optional[Path], typer.Option(
    "--answers", metavar="FILE.yaml", help="Answers from a YAML file (flags override it).")]
Client = Annotated[Optional[str], typer.Option(help="person or employer.")]
Status = Annotated[Optional[str], typer.Option(help="Residence status, e.g. protection, eu, work_permit.")]
Age = Annotated[Optional[str], typer.Option(help="Age in years (0–120).")]
Qualification = Annotated[Optional[str], typer.Option(help="e.g. foreign_vocational, none.")]
Region = Annotated[Optional[str], typer.Option(help="Land, district or city, e.g. Magdeburg.")]
Goal = Annotated[Optional[list[str]], typer.Option("--goal", help="Goal (repeatable), e.g. recognition.")]
Gender = Annotated[Optional[str], typer.Option(help="female, male, diverse or unspecified.")]
GermanLevel = Annotated[Optional[str], typer.Option("--german-level", help="none, A1 … C2.")]
Benefits = Annotated[Optional[bool], typer.Option(
    "--benefits/--no-benefits", help="Whether the client receives Bürgergeld.")]
Sector = Annotated[Optional[str], typer.Option(help="Sector or field of work: care, health or other.")]


def read_answers(ctx: typer.Context, catalogue, answers_file: Path | None, flags: dict[str, Any]):
    """Answers from the file, overridden by the flags; nothing is asked."""
    from lotse.answers import AnswersError, parse_answers

    s = settings(ctx)
    answers = parse_answers({}, catalogue.vocabulary, catalogue.regions)
    if answers_file is not None:
        from lotse.yamlfiles import load_yaml

        raw, problem = load_yaml(answers_file)
        if problem:
            raise AnswersError(f"Cannot use the answers file: {problem}")
        answers = parse_answers(raw or {}, catalogue.vocabulary, catalogue.regions, s.lang,
                                where=str(answers_file))
    given = {k: v for k, v in flags.items() if v not in (None, [], ())}
    return answers.merged(parse_answers(given, catalogue.vocabulary, catalogue.regions, s.lang,
                                        where="options"))


def gather_answers(ctx: typer.Context, catalogue, answers_file: Path | None, flags: dict[str, Any]):
    """Answers from file and flags; asks for what is missing on a terminal, else fails listing it."""
    return complete_answers(ctx, catalogue, read_answers(ctx, catalogue, answers_file, flags))


def complete_answers(ctx: typer.Context, catalogue, answers):
    """The answers, with the interactive flow run when some are missing (only on a terminal)."""
    from lotse.answers import AnswersError

    missing = answers.missing()
    if not missing:
        return answers
    if sys.stdin.isatty() and sys.stdout.isatty():
        from lotse.flow import QuestionaryPrompter, run_flow

        lang = settings(ctx).lang
        return run_flow(QuestionaryPrompter(lang), answers, catalogue, lang)
    options = ", ".join("--goal" if m == "goals" else f"--{m.replace('_', '-')}" for m in missing)
    raise AnswersError(
        f"Missing answers: {', '.join(missing)}. Give them as options ({options}) or in "
        f"--answers FILE.yaml, or run lotse ask in a terminal to be asked.")


def ask(
    ctx: typer.Context,
    answers_file: AnswersFile = None,
    client: Client = None, status: Status = None, age: Age = None, qualification: Qualification = None,
    region: Region = None, goal: Goal = None, gender: Gender = None, german_level: GermanLevel = None,
    benefits: Benefits = None, sector: Sector = None,
    format: Annotated[AskFormat, typer.Option("--format", "-f", help="Output format.")] = AskFormat.table,
    limit: Annotated[int, typer.Option(min=1, help="Show at most N services.")] = 8,
    include_ended: Annotated[bool, typer.Option("--include-ended", help="Also list ended programmes.")] = False,
    save_answers: Annotated[Optional[Path], typer.Option(
        "--save-answers", metavar="FILE", help="Write the normalised answers to FILE (YAML).")] = None,
    export: Annotated[Optional[str], typer.Option(
        "--export", metavar="FILE", help="Also write the results as a contact sheet; the extension gives "
        "the format (.pdf .html .md .csv .vcf .json).")] = None,
    force: Force = False, sheet_lang: SheetLangOption = None, note: Note = None, excel: Excel = False,
) -> None:
    """Run a consultation: answer a few questions, get ranked services with reasons and next steps."""
    from lotse.cli import export as sheet

    s = settings(ctx)
    sheet_options = sheet.SheetOptions(sheet_lang, note, force, excel)
    target = sheet.sheet_target(export, None, force, excel, allow_stdout=False) if export else None
    if save_answers is not None and save_answers.exists() and not force:
        # Said before the questions, not after them: the adviser would lose the consultation.
        raise OutputError(f"{save_answers} already exists; use --force to overwrite it.")
    catalogue = load(ctx)
    flags = dict(client=client, status=status, age=age, qualification=qualification, region=region,
                 goals=goal, gender=gender, german_level=german_level, benefits=benefits, sector=sector)
    answers = read_answers(ctx, catalogue, answers_file, flags)
    interactive = bool(answers.missing())  # past this point, missing answers mean the flow ran
    answers = complete_answers(ctx, catalogue, answers)
    # Imported only now, so that the first question appears as early as possible.
    from lotse.render.results import recommendation_json, recommendation_view
    from lotse.rules import recommend

    if save_answers is not None:
        from lotse.files import write_text_atomic
        import yaml

        write_text_atomic(save_answers, yaml.safe_dump(answers.to_mapping(), allow_unicode=True,
                                                       sort_keys=False), force=force)
    rec = recommend(answers, catalogue, s.today, limit=limit, include_ended=include_ended)
    if format is AskFormat.json:
        s.stdout.write(recommendation_json(rec, catalogue, s.lang))
    else:
        s.console().print(recommendation_view(rec, catalogue, s.lang))
    if target is not None:
        sheet.export_consultation(s, target, rec, catalogue, sheet_options)
    elif interactive and format is AskFormat.table:
        sheet.offer_export(sheet.QuestionaryExportPrompter(), s, rec, catalogue, sheet_options)


def explain(
    ctx: typer.Context,
    entry_id: Annotated[str, typer.Argument(metavar="ID", help="The service to explain.")],
    answers_file: AnswersFile = None,
    client: Client = None, status: Status = None, age: Age = None, qualification: Qualification = None,
    region: Region = None, goal: Goal = None, gender: Gender = None, german_level: GermanLevel = None,
    benefits: Benefits = None, sector: Sector = None,
) -> None:
    """Say rule by rule why one service is or is not recommended for these answers."""
    from lotse.render.explain import explanation_view
    from lotse.rules import assess

    s = settings(ctx)
    catalogue = load(ctx)
    entry = catalogue.get(entry_id)
    flags = dict(client=client, status=status, age=age, qualification=qualification, region=region,
                 goals=goal, gender=gender, german_level=german_level, benefits=benefits, sector=sector)
    answers = read_answers(ctx, catalogue, answers_file, flags)
    s.console().print(explanation_view(assess(entry, answers, catalogue, s.today), answers.goals,
                                       catalogue, s.lang))
