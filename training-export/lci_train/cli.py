"""Command-line entry helper: known bad input ends with one clear line, not a traceback."""
import sys


def run(main, argv=None) -> int:
    try:
        return main(argv) or 0
    except (FileNotFoundError, ValueError, OSError) as e:
        print(f"lci_train: error: {e}", file=sys.stderr)
        return 2
