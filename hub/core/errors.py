"""Content problems, collected across a whole run and reported together."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one file, printed as `path:line: message`."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class Problems:
    """Collects every problem in a run so the author sees them all at once."""

    items: list[Problem] = field(default_factory=list)

    def add(self, path, line: int | None, message: str) -> None:
        self.items.append(Problem(str(path), line or 1, message))

    def __bool__(self) -> bool:
        return bool(self.items)

    def sorted(self) -> list[Problem]:
        """Returns the problems in file and line order, without repeats."""
        return sorted(set(self.items))


class ContentErrors(Exception):
    """Raised once, after reading everything, when any content is wrong."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} content problem(s)")
        self.problems = problems


def did_you_mean(value, options, otherwise: str = "", shown: str = "") -> str:
    """Returns `did you mean "X"?` for the option closest to `value` (written with `shown`
    before it), or `otherwise` when no option is close."""
    near = difflib.get_close_matches(str(value), sorted(options), n=1)
    return f'did you mean "{shown}{near[0]}"?' if near else otherwise
