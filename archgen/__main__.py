"""`python -m archgen` runs the command line."""

from archgen.console import main

main()
