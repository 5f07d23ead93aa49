"""`python -m archgen` runs the command line."""

from archgen.cli import main

main()
