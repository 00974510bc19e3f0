"""Entry point of the frozen app: the same ``main`` as the ``desktop-llm`` console script."""

import sys

from desktop_llm.cli import main

if __name__ == "__main__":
    sys.exit(main())
