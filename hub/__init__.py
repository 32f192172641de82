"""The ASB hub generator. `build.py` at the top of the repository reads the whole pipeline."""

from pathlib import Path

# The repository: its templates/ and assets/ are every site's defaults.
REPO = Path(__file__).resolve().parent.parent
