"""Safe YAML loading that remembers the line of every key and list item, and reads each
value as the editor wrote it: a number only in plain digits, text only with characters that
can be published."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

import yaml


class Located(dict):
    """A mapping that knows the source line of each of its keys."""

    def __init__(self, line: int):
        super().__init__()
        self.line = line
        self.lines: dict = {}

    def line_of(self, key) -> int:
        """Returns the line of `key`, or of the mapping itself when the key is absent."""
        return self.lines.get(key, self.line)


class LocatedList(list):
    """A list that knows the source line of each item."""

    def __init__(self, line: int):
        super().__init__()
        self.line = line
        self.lines: list[int] = []


# Characters no page, feed or data file may carry: the C0 control characters but tab, line
# feed and carriage return, and U+FFFE and U+FFFF, which XML 1.0 forbids (one makes the news
# feed and the sitemap unreadable to every feed reader and search engine); DEL and the C1
# control characters, which XML only discourages but which no text means: they are invisible,
# and in practice come from text copied out of a Windows document and decoded wrongly (U+0092
# where ’ was meant).
_UNPUBLISHABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def unpublishable(text: str, escaped: bool = False) -> tuple[int, str] | None:
    """Returns (position, message) for the first character in `text` that cannot be
    published, or None when there is none. The message says what to do: remove it, or (when
    `escaped`, in a YAML text between double quotes) the escape that writes it."""
    found = _UNPUBLISHABLE.search(text)
    if found is None:
        return None
    code = ord(found.group())
    remedy = f"remove the escape that writes it (such as \\u{code:04X})" if escaped else "remove it"
    if code in (0xFFFE, 0xFFFF):
        return found.start(), f"U+{code:04X} is not a character and cannot be published: {remedy}"
    if 0x80 <= code <= 0x9F and (meant := bytes([code]).decode("cp1252", "ignore")):
        # Text from a Windows document decoded wrongly: U+0092 where ’ was meant.
        remedy = f"write “{meant}” instead if that is what it stands for, or {remedy}"
    return found.start(), (
        f"the character U+{code:04X} is a control character, which your editor may not show "
        f"and which cannot be published: {remedy}"
    )


# A count has at most this many digits: 999 trillion is beyond any figure a hub gives, and
# every number up to it is exact in JavaScript too (the charts and the JSON data), which
# from 16 digits on is not so.
MAX_DIGITS = 15
PLAIN_NUMBER = re.compile(r"0|-?[1-9][0-9]*")  # not -0: nought has no sign
_SIXTIES = re.compile(r"[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+")
_BASED = re.compile(r"([-+]?)0([xXoObB])([0-9a-fA-F_]+)")
_DIGITS = re.compile(r"[-+]?[0-9][0-9_]*")
_THOUSANDS = re.compile(r"[-+]?[0-9]{1,3}(,[0-9]{3})+")  # 1,000 (1,5 may mean 1.5: not read)
_POINTED = re.compile(r"[-+]?(?=\.?[0-9])[0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?")
_INFINITE = re.compile(r"[-+]?\.(inf|Inf|INF|nan|NaN|NAN)")
_FORMS = (_SIXTIES, _BASED, _DIGITS, _THOUSANDS, _POINTED)  # the ways to write a number
_BASES = {"x": (16, "hexadecimal"), "o": (8, "octal"), "b": (2, "binary")}
_TOO_LONG = ("is too long to be a count", f"a count has at most {MAX_DIGITS} digits")


def count_problem(text: str) -> tuple[str, str] | None:
    """Returns (what is wrong, what to write instead) for `text` written as a number in
    another way than plain digits, naming the number it probably stands for: YAML 1.1's
    octal (010), hexadecimal (0x10), binary (0b10), sixties (1:30), underscores (1_000), a
    + sign or an exponent, and what people write (1,000, 1.0). Returns None for a whole number
    in plain digits, and for text that is no number at all."""
    if _INFINITE.fullmatch(text):
        return "is not a number that can be counted", "write a whole number in plain digits"
    form = next((form for form in _FORMS if form.fullmatch(text)), None)
    if form is None:
        return None
    if sum(character in "0123456789" for character in text) > MAX_DIGITS:
        return _TOO_LONG  # counted before int(), which refuses a few thousand digits
    if PLAIN_NUMBER.fullmatch(text):
        return None
    meant, why = _meant(text, form)
    if meant is None:
        return None if why is None else ("is not a whole number", why)
    if abs(meant) >= 10**MAX_DIGITS:
        return _TOO_LONG
    return "is not written as a plain number", f"write {meant} ({why})"


def _meant(text: str, form: re.Pattern) -> tuple[int | None, str | None]:
    """Returns the whole number `text` (written in `form`) most probably stands for and why
    it is written so, (None, why) for a number that is not whole, or (None, None) for none."""
    plain = "numbers are written in plain digits"
    sign = -1 if text.startswith("-") else 1
    if form is _SIXTIES:
        value = 0
        for part in text.lstrip("+-").replace("_", "").split(":"):
            value = value * 60 + int(part)
        return sign * value, f"{plain}: YAML reads {shown(text)} in sixties, like a time"
    based = _BASED.fullmatch(text) if form is _BASED else None
    if based:
        prefix, digits = based.group(2, 3)
        base, name = _BASES[prefix.lower()]
        try:
            value = sign * int(digits.replace("_", ""), base)
        except ValueError:  # 0b12, 0x_: no number in that base
            return None, None
        if abs(value) >= 10**MAX_DIGITS:  # 0xfffffffffffffff: few digits, but this big
            return 10**MAX_DIGITS, ""  # as big as no count is: the caller says it is too long
        return value, f"{plain}: {shown(text)} is {value} in {name}"
    written = text.lstrip("+-").replace("_", "").replace(",", "")
    try:
        number = Decimal(written)
    except InvalidOperation:  # a lone point
        return None, None
    if number.adjusted() >= MAX_DIGITS:  # 1e99: int() of 1e999999999 would take all memory
        return 10**MAX_DIGITS, ""  # as big as no count is: the caller says it is too long
    if number != number.to_integral_value():
        return None, "write a whole number in plain digits"
    without = [
        name
        for name, shows in (
            ("a + sign", text.startswith("+")),
            ("a - sign", text.startswith("-") and number == 0),
            ("leading zeros", re.match(r"0[0-9]", written) is not None),
            ("_ between the digits", "_" in text),
            ("commas", "," in text),
            ("a decimal point", "." in text),
            ("an exponent", "e" in text.lower()),
        )
        if shows
    ]
    return sign * int(number), f"{plain}, without {' or '.join(without)}"


def shown(text: str) -> str:
    """Returns `text` as a message shows it: in full when short, else its start."""
    return text if len(text) <= 40 else text[:30] + "…"


class _Loader(yaml.SafeLoader):
    """SafeLoader (no arbitrary objects) whose mappings and lists carry line numbers, and
    whose values are what the editor wrote (see the constructors below)."""

    line_offset = 0
    refused: list[tuple[int, str]]  # (line, message) for each value refused, set per load


def _line(loader: _Loader, node: yaml.Node) -> int:
    return node.start_mark.line + 1 + loader.line_offset


def _refuse(loader: _Loader, node: yaml.Node, message: str) -> None:
    """Records a value the hub refuses. The load goes on, so that every such value in the
    file is named, and then fails (load_yaml)."""
    loader.refused.append((_line(loader, node), message))


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> Located:
    loader.flatten_mapping(node)
    mapping = Located(_line(loader, node))
    for key_node, value_node in node.value:
        key: object
        if isinstance(key_node, yaml.ScalarNode):
            # A name is the text as written: `yes:` is "yes" and `010:` is "010", not True
            # and 8, so every key is text, and a key is never a number read the YAML 1.1 way.
            key = _construct_text(loader, key_node)
        else:
            kind = "list" if isinstance(key_node, yaml.SequenceNode) else "mapping"
            _refuse(
                loader,
                key_node,
                f"YAML problem: a {kind} cannot be a name: write each setting as "
                "`name: value`, with the name in words before the colon",
            )
            key = object()  # equal to no other key: the file is refused anyway
        if key in mapping:
            # PyYAML would silently keep the last value; a repeated key is always a mistake.
            _refuse(loader, key_node, f'YAML problem: "{key}" appears twice: remove one of them')
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.lines[key] = _line(loader, key_node)
    return mapping


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LocatedList:
    items = LocatedList(_line(loader, node))
    for child in node.value:
        items.append(loader.construct_object(child, deep=True))
        items.lines.append(_line(loader, child))
    return items


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode):
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:  # written like a date, but no such day: 2025-02-30, or the year 0
        _refuse(
            loader,
            node,
            f'YAML problem: "{node.value}" is not a date that exists: write a real one as '
            "YYYY-MM-DD, or put quotes around it if it is meant as text",
        )
        return None


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _construct_text(loader: _Loader, node: yaml.ScalarNode) -> str:
    text = yaml.SafeLoader.construct_yaml_str(loader, node)
    if _SURROGATE.search(text):  # from an escape such as "\ud83d": half a character
        _refuse(
            loader,
            node,
            "YAML problem: an escape between \\uD800 and \\uDFFF is half a character, which "
            "cannot be published: write the character itself (or \\U0001F600 for one past "
            "\\uFFFF)",
        )
    elif found := unpublishable(text, escaped=True):  # YAML refuses the character itself
        _refuse(loader, node, found[1])
    return text


def _construct_number(loader: _Loader, node: yaml.ScalarNode) -> int | None:
    """Returns a whole number written in plain digits; records any other number: YAML 1.1
    reads 010 as 8, 0x10 as 16, 1:30 as 90 and 1_000 as 1000, and none of these is what the
    editor who typed it sees published."""
    text = node.value
    problem = count_problem(text)
    if problem is None and PLAIN_NUMBER.fullmatch(text):
        return int(text)
    # What YAML reads as a number but count_problem as none: 0x_, 1:30.5, !!float abc.
    what, advice = problem or ("is not written as a plain number", "write it in plain digits")
    _refuse(
        loader,
        node,
        f'"{shown(text)}" {what}: {advice}; if it is meant as text, put quotes around it',
    )
    return None


def _construct_refused_kind(loader: _Loader, node: yaml.Node) -> None:
    # Binary data, sets and ordered pairs are kinds of value that no setting takes.
    kind = node.tag.removeprefix("tag:yaml.org,2002:")
    _refuse(loader, node, f"YAML problem: !!{kind} is not a kind of value these files use")


# libyaml's C parser where PyYAML has it (its wheels do), else the Python one. The type
# checker reads the first (the two take the same constructors); an if, not a conditional
# expression, which it would not take as a base class.
if TYPE_CHECKING or yaml.__with_libyaml__:  # noqa: SIM108
    _CParser = yaml.CSafeLoader
else:
    _CParser = _Loader


class _FastLoader(_CParser):
    """The same loader on libyaml's C parser: ten times quicker on valid files. Errors are
    always explained by the Python parser, whose messages the hints below know."""

    line_offset = 0
    refused: list[tuple[int, str]]


for _loader in (_Loader, _FastLoader):
    _loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
    _loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
    _loader.add_constructor("tag:yaml.org,2002:str", _construct_text)
    _loader.add_constructor("tag:yaml.org,2002:int", _construct_number)
    _loader.add_constructor("tag:yaml.org,2002:float", _construct_number)
    for _kind in ("binary", "set", "omap", "pairs"):
        _loader.add_constructor(f"tag:yaml.org,2002:{_kind}", _construct_refused_kind)


class YamlSyntaxError(Exception):
    """A file that is not valid YAML, or holds values the hub refuses. `problems` lists
    each as (line, message), the line in the file's own numbering; `line` and `message` are
    the first."""

    def __init__(self, line: int, message: str, more: tuple = ()):
        super().__init__(message)
        self.line = line
        self.message = message
        self.problems = [(line, message), *more]


# Limits no real hub meets, so that a hostile file ends in an error within a second or two
# and little memory: PyYAML's composer recurses once per level (a few hundred levels end in
# Python's RecursionError, a few thousand crash libyaml's), and an alias stands for a whole
# copy of what it names, so nine lines of aliases can stand for a billion values.
MAX_DEPTH = 50  # levels of lists and mappings inside each other (real files have under 6)
MAX_VALUES = 100_000  # values in one file, each alias counted as a copy of what it names
# A list or mapping level, or one more value, needs one of these characters: a text with
# fewer than MAX_DEPTH of them and no alias (*) is within both limits without being measured.
_STRUCTURE = "[{-:?,"


def _check_limits(text: str, first_line: int) -> None:
    """Raises YamlSyntaxError when the document nests deeper than MAX_DEPTH or holds more
    than MAX_VALUES values. Reads only the parser's events, which takes no recursion; a text
    that is not valid YAML is left to the loader, which explains it."""
    if "*" not in text and sum(map(text.count, _STRUCTURE)) < MAX_DEPTH:
        return
    sizes: dict[str | None, int] = {}  # anchor -> how many values its node holds
    open_nodes: list[tuple[str | None, int]] = []  # (anchor, values before it) per level
    values = 0
    try:
        parser = _FastLoader(text)
    except yaml.YAMLError:
        return
    try:
        while (event := parser.get_event()) is not None:  # None after the stream's end
            if isinstance(event, yaml.CollectionStartEvent):
                if len(open_nodes) == MAX_DEPTH:
                    raise _limit(
                        event,
                        first_line,
                        f"this is nested more than {MAX_DEPTH} levels deep, which no "
                        "setting needs: check the indentation and brackets",
                    )
                open_nodes.append((event.anchor, values))
                values += 1
            elif isinstance(event, yaml.CollectionEndEvent):
                anchor, before = open_nodes.pop()
                if anchor is not None:
                    sizes[anchor] = values - before
            elif isinstance(event, yaml.ScalarEvent):
                values += 1
                if event.anchor is not None:
                    sizes[event.anchor] = 1
            elif isinstance(event, yaml.AliasEvent):
                values += sizes.get(event.anchor, 1)  # an unknown one is the loader's error
            if values > MAX_VALUES:
                raise _limit(
                    event,
                    first_line,
                    f"this file holds more than {MAX_VALUES:,} values (each *alias counted "
                    "as a copy of what it names), far more than any hub needs: split it, or "
                    "write it out without aliases",
                )
    except yaml.YAMLError:
        return
    finally:
        parser.dispose()


def _limit(event: yaml.Event, first_line: int, message: str) -> YamlSyntaxError:
    # The parser marks every event it makes; a made-up one would count from the first line.
    line = event.start_mark.line if event.start_mark else 0
    return YamlSyntaxError(line + first_line, f"YAML problem: {message}")


def load_yaml(text: str, first_line: int = 1):
    """Returns the parsed document, with line numbers counted from `first_line`.

    Raises YamlSyntaxError with a plain-English message for malformed input, for input past
    the limits above, and for values the constructors above refuse (each of them named).
    """
    _check_limits(text, first_line)
    fast = _FastLoader(text)
    fast.line_offset, fast.refused = first_line - 1, []
    try:
        return _checked(fast.get_single_data(), fast.refused)
    except yaml.YAMLError:
        pass  # read again below, for the Python parser's message and line
    finally:
        fast.dispose()
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as error:  # a character YAML refuses, such as NUL
        raise YamlSyntaxError(
            first_line + text.count("\n", 0, error.position),
            f"YAML problem: the character U+{error.character:04X} cannot be used in YAML "
            "(your editor may not show it): remove it",
        ) from None
    loader.line_offset, loader.refused = first_line - 1, []
    try:
        return _checked(loader.get_single_data(), loader.refused)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (mark.line + first_line) if mark else first_line
        raise YamlSyntaxError(line, _explain(error)) from None
    except yaml.YAMLError as error:
        raise YamlSyntaxError(first_line, f"this is not valid YAML ({error})") from None
    finally:
        loader.dispose()


def _checked(data, refused: list[tuple[int, str]]):
    """Returns `data`, or raises YamlSyntaxError naming every value the load refused."""
    if refused:
        raise YamlSyntaxError(*refused[0], tuple(refused[1:]))
    return data


def _explain(error: yaml.MarkedYAMLError) -> str:
    """Returns a message a non-developer can act on."""
    problem = error.problem or "this line is not valid YAML"
    hint = ""
    if "mapping values are not allowed" in problem:
        hint = ": a value containing a colon needs quotes around it"
    elif "found character '\\t'" in problem:
        hint = ": use spaces, not tabs, to indent"
    elif "could not find expected ':'" in problem:
        hint = ": each line should be `name: value`"
    return f"YAML problem: {problem}{hint}"
