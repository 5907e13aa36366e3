"""`python -m sendtrack`."""

from sendtrack.cli.main import main

main()
