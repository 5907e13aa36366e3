"""The command line: the only package that imports Typer. One module per command group."""
