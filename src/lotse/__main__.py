"""Allows `python -m lotse`."""

from lotse.cli import main

main()
