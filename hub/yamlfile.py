"""Safe YAML loading that remembers the line of every key and list item."""

from __future__ import annotations

import re

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


class DuplicateKey(yaml.MarkedYAMLError):
    pass


class _Loader(yaml.SafeLoader):
    """SafeLoader (no arbitrary objects) whose mappings and lists carry line numbers."""

    line_offset = 0


def _line(loader: _Loader, node: yaml.Node) -> int:
    return node.start_mark.line + 1 + loader.line_offset


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> Located:
    loader.flatten_mapping(node)
    mapping = Located(_line(loader, node))
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            # PyYAML would silently keep the last value; a repeated key is always a mistake.
            raise DuplicateKey(None, None, f'"{key}" appears twice', key_node.start_mark)
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
    except ValueError:  # written like a date, but no such day: 2025-02-30
        raise yaml.constructor.ConstructorError(
            None,
            None,
            f'"{node.value}" is not a date that exists: write a real one as YYYY-MM-DD, or put '
            "quotes around it if it is meant as text",
            node.start_mark,
        ) from None


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _construct_text(loader: _Loader, node: yaml.ScalarNode) -> str:
    text = yaml.SafeLoader.construct_yaml_str(loader, node)
    if _SURROGATE.search(text):  # from an escape such as "\ud83d": half a character
        raise yaml.constructor.ConstructorError(
            None,
            None,
            "an escape between \\uD800 and \\uDFFF is half a character, which cannot be "
            "published: write the character itself (or \\U0001F600 for one past \\uFFFF)",
            node.start_mark,
        )
    return text


class _FastLoader(getattr(yaml, "CSafeLoader", _Loader)):
    """The same loader on libyaml's C parser: ten times quicker on valid files. Errors are
    always explained by the Python parser, whose messages the hints below know."""

    line_offset = 0


for _loader in (_Loader, _FastLoader):
    _loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
    _loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
    _loader.add_constructor("tag:yaml.org,2002:str", _construct_text)


class YamlSyntaxError(Exception):
    """A file that is not valid YAML; `line` is in the file's own numbering."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


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
    sizes: dict[str, int] = {}  # anchor -> how many values its node holds
    open_nodes: list[tuple[str | None, int]] = []  # (anchor, values before it) per level
    values = 0
    try:
        parser = _FastLoader(text)
    except yaml.YAMLError:
        return
    try:
        while parser.check_event():
            event = parser.get_event()
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
    return YamlSyntaxError(event.start_mark.line + first_line, f"YAML problem: {message}")


def load_yaml(text: str, first_line: int = 1):
    """Returns the parsed document, with line numbers counted from `first_line`.

    Raises YamlSyntaxError with a plain-English message for malformed input, and for input
    past the limits above.
    """
    _check_limits(text, first_line)
    fast = _FastLoader(text)
    fast.line_offset = first_line - 1
    try:
        return fast.get_single_data()
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
    loader.line_offset = first_line - 1
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (mark.line + first_line) if mark else first_line
        raise YamlSyntaxError(line, _explain(error)) from None
    except yaml.YAMLError as error:
        raise YamlSyntaxError(first_line, f"this is not valid YAML ({error})") from None
    finally:
        loader.dispose()


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
    elif "appears twice" in problem:
        hint = ": remove one of them"
    return f"YAML problem: {problem}{hint}"
