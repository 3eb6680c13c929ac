"""The floor of a Typer command line: one command, rich help, nothing of lotse.

benchmarks/run.py times its `--help` and its command beside lotse's, in the same run.
"""

from __future__ import annotations

import typer

app = typer.Typer(rich_markup_mode="rich", add_completion=True)


@app.command()
def search(query: str = typer.Argument("", help="Words to look for.")) -> None:
    """Search nothing and print one line."""
    print(f"[] {query}")


@app.command()
def version() -> None:
    """A second command, so that the app is a group, as lotse is."""
    print("0")


if __name__ == "__main__":
    app()
