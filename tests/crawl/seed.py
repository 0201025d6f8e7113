"""``python -m tests.crawl.seed <folder>``: seed the crawl's demo template (see conftest.py)."""

import sys
from pathlib import Path

from tests.crawl.conftest import seed_in_child

if __name__ == "__main__":
    seed_in_child(Path(sys.argv[1]))
