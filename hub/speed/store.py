"""The .cache/ folder: named values kept between builds, each in a JSON file of its own.

A deploy server hands the folder from build to build, and a pull request's preview build
starts from it, so whoever wrote it is a stranger: reading it must never run code, and a bad
file must never make a build wrong or fail. So a file holds plain data (shapes.py), read back
only into the shape the build stores under its name, every part checked. Each file also says
which format it is in and which site it belongs to. A file that cannot be read, or is of
another shape, format or site, is ignored with one warning line, and the work it stood for is
done again: the cache can make a build slower, never wrong.

A value is written whole or not at all (to a temporary file, then renamed over the old one),
so a build killed while saving leaves the previous value. A cache that cannot be written (a
read-only folder, a full disk, .cache/ not a folder) is noted in one line, never a failure.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import sys
from pathlib import Path

from ..core.errors import Problems
from ..core.sources import CACHE_FOLDER, read_yaml
from ..core.workers import map_in_workers
from .shapes import Misshapen, encode, rebuild

FOLDER = CACHE_FOLDER
# In every file: a file written in another format (by another version of the build) is never
# read. 5: JSON in shapes.py (1 to 4 were pickles, in files named *.pickle); 6: a page's text
# keeps its links' lines, not its Markdown, and a report's lists and source are typed.
FORMAT = 6
HEADER = {"format", "site", "name", "value"}  # what every file holds: its value, and whose
SETTINGS = "data/site.yaml"  # names the site (base_url): a cache belongs to one site


class CacheFolder:
    """The named values in one site's .cache/ folder.

    `writable=False` reads but never writes (for `check`); `deferred=True` keeps writes back
    until `flush` (serve writes after the browser has been told to reload, not before).
    """

    def __init__(self, site_dir: Path, writable: bool = True, deferred: bool = False):
        self.site_dir = site_dir
        self.folder = site_dir / FOLDER
        self.writable = writable
        self.deferred = deferred
        self.values: dict[str, object] = {}  # read or stored by this process: not read again
        self.pending: dict[str, object] = {}  # deferred writes, by name
        self.warned = False
        self._site: str | None = None

    @property
    def site(self) -> str:
        """Returns what names the site, the same in every copy of it: its address
        (base_url in data/site.yaml), or "" where that cannot be read."""
        if self._site is None:
            settings = read_yaml(self.site_dir / SETTINGS, SETTINGS, Problems())
            address = settings.get("base_url") if settings else None
            self._site = address if isinstance(address, str) else ""
        return self._site

    def load(self, name: str, default, shape):
        """Returns the value stored under `name`, rebuilt as `shape` (a type, see shapes.py),
        or `default` if there is none to trust."""
        if name in self.values:
            return self.values[name]
        path = self.folder / f"{name}.json"
        try:
            stored = json.loads(_read(path))
        except FileNotFoundError:
            return default
        except NotADirectoryError:
            self._distrust(f"{FOLDER} is not a folder")
            return default
        except (OSError, ValueError, RecursionError) as error:
            self._distrust(f"{path.name} could not be read ({_why(error)})")
            return default
        if type(stored) is not dict or stored.get("format") != FORMAT:
            self._distrust(f"{path.name} is from another version of the build")
            return default
        if stored.get("site") != self.site:
            self._distrust(f"{path.name} was made for another site")
            return default
        try:
            if stored.get("name") != name or stored.keys() != HEADER:
                raise Misshapen(f"not the file of {name}")
            value = rebuild(stored["value"], shape)
        except (Misshapen, RecursionError) as error:
            self._distrust(f"{path.name} does not hold what the build keeps there ({error})")
            return default
        self.values[name] = value
        return value

    def store(self, name: str, value) -> None:
        """Keeps `value` under `name` for builds to come (nothing, when not writable)."""
        self.values[name] = value
        if not self.writable:
            return
        self.pending[name] = value
        if not self.deferred:
            self.flush()

    def forget(self, name: str) -> None:
        """Removes the value stored under `name`."""
        self.values.pop(name, None)
        self.pending.pop(name, None)
        if self.writable:
            with contextlib.suppress(OSError):  # one left behind is checked like any other
                (self.folder / f"{name}.json").unlink(missing_ok=True)

    @contextlib.contextmanager
    def held(self):
        """Keeps back what is stored within the block and writes it all at its end, together
        (a deferred cache keeps it until `flush`)."""
        deferred, self.deferred = self.deferred, True
        try:
            yield
        finally:
            self.deferred = deferred
            if not deferred:
                self.flush()

    def flush(self) -> None:
        """Writes what has been kept back, on every core when there is much: a cold build of
        a big site writes tens of MB of parsed pages."""
        names, site = list(self.pending), self.site  # the site read once, not in each process
        for why in map_in_workers(lambda name: self._write(name, self.pending[name], site), names):
            if why:
                self._warn(f"could not be saved ({why}): the next build does more work again")
                break
        self.pending.clear()

    def _write(self, name: str, value, site: str) -> str | None:
        """Writes `value` under `name` for the site `site`. Returns None, or why the cache
        cannot be written."""
        part = self.folder / f".{name}.{os.getpid()}.part"
        header = {"format": FORMAT, "site": site, "name": name}
        try:
            data = encode({**header, "value": value})
            self.folder.mkdir(exist_ok=True)
            with open(part, "wb") as file:
                file.write(data)
            part.replace(self.folder / f"{name}.json")  # whole or not at all, even if killed
        except (OSError, TypeError, ValueError) as error:
            with contextlib.suppress(OSError):
                part.unlink(missing_ok=True)
            return _why(error) if self.folder.is_dir() else f"{FOLDER} is not a folder"
        return None

    def _warn(self, what: str) -> None:
        """Prints one line about the cache: the first thing that went wrong in this build."""
        if not self.warned:  # one line per build, however many files are affected
            print(f"Note: the build cache ({self.folder}) {what}.", file=sys.stderr)
            self.warned = True

    def _distrust(self, why: str) -> None:
        self._warn(f"was not used: {why}. This build does that work again; the output is the same")


def _read(path: Path) -> bytes:
    """Returns the bytes of the plain file at `path` (raises OSError for anything else: a
    pipe or a device could block or never end)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as file:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError("not a plain file")
        return file.read()


def _why(error: Exception) -> str:
    return getattr(error, "strerror", None) or str(error) or type(error).__name__
