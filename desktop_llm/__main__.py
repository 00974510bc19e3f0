"""``python -m desktop_llm`` opens the app; with a subcommand it runs that job headless."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
