"""`lotse ask` and `lotse explain`: the consultation, from answers to ranked referrals."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lotse.cli import add_command, add_format, load, positive_int
from lotse.cli.sheet_options import SheetOptions, add_sheet_options
from lotse.settings import Settings

if TYPE_CHECKING:
    from lotse.model.answers import Answers
    from lotse.model.catalogue import Catalogue

# The answers as options, by the key `parse_answers` reads (`--goal` is stored as `goals`).
ANSWER_KEYS = ("client", "status", "age", "qualification", "region", "goals", "gender", "german_level",
               "benefits", "sector")


def add_answer_options(parser: argparse.ArgumentParser) -> None:
    """The answer options shared by `ask`, `explain` and `export`."""
    group = parser.add_argument_group("answers", "Values as in `lotse ask`; German labels work too.")
    group.add_argument("--answers", dest="answers_file", type=Path, metavar="FILE.yaml",
                       help="Answers from a YAML file (options override it).")
    group.add_argument("--client", help="person or employer.")
    group.add_argument("--status", help="Residence status, e.g. protection, eu, work_permit.")
    group.add_argument("--age", help="Age in years (0–120).")
    group.add_argument("--qualification", help="e.g. foreign_vocational, none.")
    group.add_argument("--region", help="Land, district or city, e.g. Magdeburg.")
    group.add_argument("--goal", dest="goals", action="append", metavar="GOAL", help="Goal (repeatable), e.g. recognition.")
    group.add_argument("--gender", help="female, male, diverse or unspecified.")
    group.add_argument("--german-level", help="none, A1 … C2.")
    group.add_argument("--benefits", action=argparse.BooleanOptionalAction,
                       help="Whether the client receives Bürgergeld.")
    group.add_argument("--sector", help="Sector or field of work: care, health or other.")


def answer_flags(args: argparse.Namespace) -> dict[str, Any]:
    return {key: getattr(args, key) for key in ANSWER_KEYS}


def configure(commands: argparse._SubParsersAction, name: str, summary: str) -> None:
    if name == "explain":
        parser = add_command(commands, name, summary, handler=explain)
        parser.add_argument("entry_ids", metavar="ID", nargs="+", help="The services to explain, one or more.")
        add_answer_options(parser)
        return
    parser = add_command(commands, name, summary, "Answers missing from the options are asked on a "
                         "terminal.", ask)
    add_answer_options(parser)
    add_format(parser, ("table", "json"))
    parser.add_argument("--limit", type=positive_int, default=8, metavar="N",
                        help="Show at most N services (default: %(default)s).")
    parser.add_argument("--include-ended", action="store_true", help="Also list ended programmes.")
    parser.add_argument("--save-answers", type=Path, metavar="FILE",
                        help="Write the normalised answers to FILE (YAML).")
    parser.add_argument("--export", metavar="FILE", help="Also write the results as a contact sheet; the "
                        "extension gives the format (.pdf .html .md .csv .vcf .json).")
    add_sheet_options(parser)


def read_answers(s: Settings, catalogue: Catalogue, answers_file: Path | None, flags: dict[str, Any]) -> Answers:
    """Answers from the file, overridden by the flags; nothing is asked."""
    from lotse.model.answers import AnswersError, parse_answers

    answers = parse_answers({}, catalogue.vocabulary, catalogue.regions)
    if answers_file is not None:
        from lotse.store.yaml_files import load_yaml

        raw, problem = load_yaml(answers_file)
        if problem:
            raise AnswersError(f"Cannot use the answers file: {problem}")
        answers = parse_answers(raw or {}, catalogue.vocabulary, catalogue.regions, s.lang,
                                where=str(answers_file))
    given = {k: v for k, v in flags.items() if v not in (None, [], ())}
    return answers.merged(parse_answers(given, catalogue.vocabulary, catalogue.regions, s.lang,
                                        where="options"))


def complete_answers(s: Settings, catalogue: Catalogue, answers: Answers) -> Answers:
    """The answers, with the interactive flow run when some are missing (only on a terminal)."""
    from lotse.model.answers import AnswersError

    missing = answers.missing()
    if not missing:
        return answers
    if sys.stdin.isatty() and sys.stdout.isatty():
        from lotse.cli.flow import QuestionaryPrompter, run_flow

        return run_flow(QuestionaryPrompter(s.lang), answers, catalogue, s.lang)
    options = ", ".join("--goal" if m == "goals" else f"--{m.replace('_', '-')}" for m in missing)
    raise AnswersError(
        f"Missing answers: {', '.join(missing)}. Give them as options ({options}) or in "
        f"--answers FILE.yaml, or run lotse ask in a terminal to be asked.")


def ask(args: argparse.Namespace, s: Settings) -> None:
    from lotse.cli import export as sheet

    sheet_options = SheetOptions.from_args(args)
    sheet_options.check(s)
    target = (sheet.sheet_target(args.export, None, args.force, args.excel, allow_stdout=False)
              if args.export else None)
    if args.save_answers is not None:
        # Said before the questions, not after them: the adviser would lose the consultation.
        from lotse.output import check_target

        check_target(args.save_answers, args.force)
    catalogue = load(s)
    answers = read_answers(s, catalogue, args.answers_file, answer_flags(args))
    interactive = bool(answers.missing())  # past this point, missing answers mean the flow ran
    answers = complete_answers(s, catalogue, answers)
    # Imported only now, so that the first question appears as early as possible.
    from lotse.domain.rules import recommend
    from lotse.present.render.results import recommendation_json, recommendation_view

    if args.save_answers is not None:
        import yaml

        from lotse.output import write_text_atomic

        write_text_atomic(args.save_answers, yaml.safe_dump(answers.to_mapping(), allow_unicode=True,
                                                            sort_keys=False), force=args.force, private=True)
    rec = recommend(answers, catalogue, s.today, limit=args.limit, include_ended=args.include_ended)
    if args.format == "json":
        s.stdout.write(recommendation_json(rec, catalogue, s.lang))
    else:
        s.console().print(recommendation_view(rec, catalogue, s.lang))
    if target is not None:
        sheet.export_consultation(s, target, rec, catalogue, sheet_options)
    elif interactive and args.format == "table" and rec.results:
        sheet.offer_export(sheet.QuestionaryExportPrompter(), s, rec, catalogue, sheet_options)
    if not rec.results:  # exit 1 for scripts, like `lotse search`; what would fit is printed above
        from lotse.domain.search import NoResultsError

        raise NoResultsError("No service fits these answers; see above what would and whom to turn to.")


def explain(args: argparse.Namespace, s: Settings) -> None:
    from lotse.domain.rules import assess, recommend
    from lotse.present.render.explain import explanation_view

    catalogue = load(s)
    entries = [catalogue.get(entry_id) for entry_id in dict.fromkeys(args.entry_ids)]  # unknown ids first
    answers = read_answers(s, catalogue, args.answers_file, answer_flags(args))
    actors = {step.who.id for step in recommend(answers, catalogue, s.today, limit=1).plan if step.who is not None}
    console = s.console()
    for number, entry in enumerate(entries):
        if number:
            console.print()
        console.print(explanation_view(assess(entry, answers, catalogue, s.today), answers.goals,
                                       catalogue, s.lang, entry.id in actors))
