"""The cache's format: plain JSON, read back only into the shapes the build stores.

A value is written as JSON, with a tuple or a set as a list, a date as "YYYY-MM-DD" and a
dataclass as an object of its fields. Reading never builds anything a file names: the reader
is given the shape the value must have (a type such as dict[str, tuple[int, str]], a
dataclass, a TypedDict) and rebuilds the value by that shape alone, checking every part. A
part of another type, a missing or extra field, a tuple of another length, or a path that
leads out of its folder, raises Misshapen: the file is then taken for a corrupt one.

A field a dataclass declares as a bare list or dict, or a list of either (a page's contents
list), holds free data: text, numbers, yes/no, nothing, lists, mappings and dates. A date
there is written {"$date": "YYYY-MM-DD"}, and a mapping that would read as such a tag is
wrapped as {"$dict": {...}}.

Each reader rebuilds a whole list of values of its shape at once: the thousands of entries of
a big mapping are checked column by column, mostly at C speed, rather than one by one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import itertools
import json
import operator
import re
import types
import typing
from collections.abc import Callable


class Misshapen(ValueError):
    """A stored value that is not of the shape the build stores under its name."""


class Inside(str):
    """As a shape: a path inside a folder, /-separated, with no empty, "." or ".." part (a
    record of an output folder names the files the next build may replace or delete)."""


class Name(str):
    """As a shape: one part of a path (no /, not "." or ".."), such as a file's name."""


@dataclasses.dataclass(frozen=True)
class Valid:
    """As a shape: a value of `shape` that passes `test(value)`: one the build can have made
    (a page whose address is inside the output, say)."""

    shape: object
    test: Callable[[typing.Any], bool]  # given a value of `shape`


@dataclasses.dataclass(frozen=True)
class Maybe:
    """As a shape: a value of `shape` or None, for a shape that `| None` cannot follow."""

    shape: object


DATE, DICT = "$date", "$dict"  # the tags in free data
Reader = Callable[[list], list]  # rebuilds a list of JSON values of one shape


def encode(value) -> bytes:
    """Returns `value` as JSON (in ASCII, so any text round-trips, a lone surrogate in a
    file name too); raises TypeError or ValueError for a part it has no form for."""
    return json.dumps(value, default=_spelt_out, separators=(",", ":"), allow_nan=False).encode()


def rebuild(value, shape):
    """Returns the value of `shape` that json.loads gave as `value`; raises Misshapen if it
    is not one."""
    return reader(shape)([value])[0]


def inside(paths: str) -> bool:
    """Returns whether `paths` (/-separated, one a line) each lead to a file or folder inside
    the folder they are taken from: none is empty, or has an empty, "." or ".." part."""
    parts = f"\n{paths}\n".replace("/", "\n")  # one part a line: found at C speed
    return not any(wrong in parts for wrong in ("\n\n", "\n.\n", "\n..\n", "\0"))


def _spelt_out(value):
    """Returns what JSON writes for a value it has no form for (json.dumps' `default`)."""
    if isinstance(value, set | frozenset):
        return sorted(value)  # in one order, whatever the process
    if type(value) is dt.date:
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        free = _free_fields(type(value))
        return {
            name: _free_out(getattr(value, name)) if name in free else getattr(value, name)
            for name in _field_shapes(type(value))
        }
    raise TypeError(f"a {type(value).__name__} cannot be kept in the cache")


def _free_out(value):
    """Returns free data as JSON writes it, with its dates tagged."""
    if isinstance(value, dict):
        out = {key: _free_out(item) for key, item in value.items()}
        return {DICT: out} if len(out) == 1 and next(iter(out)) in (DATE, DICT) else out
    if isinstance(value, list):
        return [_free_out(item) for item in value]
    if type(value) is dt.date:
        return {DATE: value.isoformat()}
    return value  # anything else, json.dumps writes or refuses


def _free(value):
    """Returns free data rebuilt from its JSON."""
    if type(value) is dict:
        if len(value) == 1:
            tag, inner = next(iter(value.items()))
            if tag == DATE:
                return _date([inner])[0]
            if tag == DICT:
                return {key: _free(item) for key, item in _all(dict, [inner])[0].items()}
        if set(map(type, value.values())) <= LEAVES:  # (most are: as they are)
            return value
        return {key: _free(item) for key, item in value.items()}
    if type(value) is list:
        return value if set(map(type, value)) <= LEAVES else [_free(item) for item in value]
    return value  # text, a number, true, false or null: all else JSON has


LEAVES = {str, int, float, bool, types.NoneType}  # what JSON gives that holds nothing more


def _all(kind: type, values: list) -> list:
    """Returns `values` if each one's type is exactly `kind` (so True is no int)."""
    if not set(map(type, values)) <= {kind}:
        raise Misshapen(f"expected {kind.__name__}")
    return values


def _date(values: list) -> list:
    try:
        return [dt.date.fromisoformat(value) for value in _all(str, values)]
    except ValueError:
        raise Misshapen("expected a date") from None


def _day_or_text(values: list) -> list:
    """Reads values of `dt.date | str` (a source's day, or its month where the day is not
    known): a date where the text is one, YYYY-MM-DD; a text (a month, YYYY-MM) otherwise."""
    return [_date([value])[0] if _DAY.fullmatch(value) else value for value in _all(str, values)]


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _inside(values: list) -> list:
    if values and not inside("\n".join(_all(str, values))):
        raise Misshapen("expected a path inside a folder")
    return values


def _name(values: list) -> list:
    if any(v in ("", ".", "..") or "/" in v or "\0" in v for v in _all(str, values)):
        raise Misshapen("expected a name")
    return values


def _split(values: list, lengths: list[int], kind: type) -> list:
    """Returns `values` cut into pieces of `lengths`, each made a `kind`."""
    ends = itertools.accumulate(lengths)
    return [kind(values[end - length : end]) for length, end in zip(lengths, ends)]


@functools.cache
def reader(shape) -> Reader:
    """Returns the function that rebuilds a list of values of `shape` from their JSON."""
    shape = types.NoneType if shape is None else shape
    if shape in (str, int, bool, types.NoneType):
        return functools.partial(_all, shape)
    special = {dt.date: _date, Inside: _inside, Name: _name}
    if shape in special:
        return special[shape]
    if isinstance(shape, type) and dataclasses.is_dataclass(shape):
        return _record_reader(shape)
    if typing.is_typeddict(shape):
        fields = typing.get_type_hints(shape)
        return _mapping_reader(dict, {name: reader(field) for name, field in fields.items()})
    if isinstance(shape, Maybe):
        return _optional_reader(reader(shape.shape))
    if isinstance(shape, Valid):
        return _valid_reader(reader(shape.shape), shape.test)
    origin, args = typing.get_origin(shape), typing.get_args(shape)
    if origin in (typing.Union, types.UnionType) and types.NoneType in args:
        rest = functools.reduce(operator.or_, (arg for arg in args if arg is not types.NoneType))
        return _optional_reader(reader(rest))
    if origin in (typing.Union, types.UnionType) and set(args) == {dt.date, str}:
        return _day_or_text
    if origin in (list, set):
        return _list_reader(origin, reader(args[0]))
    if origin is tuple and args[-1:] == (Ellipsis,):
        return _list_reader(tuple, reader(args[0]))
    if origin is tuple:
        return _tuple_reader([reader(arg) for arg in args])
    if origin is dict:
        return _dict_reader(None if args[0] is str else reader(args[0]), reader(args[1]))
    raise TypeError(f"no reader for {shape}")  # a mistake in the build's own code


def _optional_reader(read: Reader) -> Reader:
    """Returns the reader of values of a shape or None, from the reader of the shape."""

    def read_optional(values):
        made = iter(read([value for value in values if value is not None]))
        return [None if value is None else next(made) for value in values]

    return read_optional


def _list_reader(kind: type, item: Reader) -> Reader:
    def read(values):
        items = item(list(itertools.chain.from_iterable(_all(list, values))))
        return _split(items, list(map(len, values)), kind)

    return read


def _tuple_reader(items: list[Reader]) -> Reader:
    def read(values):
        if not set(map(len, _all(list, values))) <= {len(items)}:
            raise Misshapen(f"expected lists of {len(items)} items")
        columns = [one(list(column)) for one, column in zip(items, zip(*values))]
        return list(zip(*columns)) if values else []

    return read


def _dict_reader(key: Reader | None, item: Reader) -> Reader:
    """Returns the reader of dict[K, V] from the readers of K (None for text: JSON's names
    are text) and of V."""

    def read(values):
        keys = list(itertools.chain.from_iterable(_all(dict, values)))
        if key is not None:
            key(keys)
        items = item(list(itertools.chain.from_iterable(map(dict.values, values))))
        lengths = list(map(len, values))
        return list(map(dict, map(zip, _split(keys, lengths, list), _split(items, lengths, list))))

    return read


def _mapping_reader(build: Callable, fields: dict[str, Reader]) -> Reader:
    """Returns the reader of JSON objects with exactly the names in `fields`, each rebuilt by
    its reader, into build(**values)."""
    names = fields.keys()

    def read(values):
        if any(value.keys() != names for value in _all(dict, values)):
            raise Misshapen(f"expected the fields {', '.join(names)}")
        columns = [one([value[name] for value in values]) for name, one in fields.items()]
        return [build(**dict(zip(names, row))) for row in zip(*columns)] if values else []

    return read


def _record_reader(cls: type) -> Reader:
    """Returns the reader of the dataclass `cls`: its fields by the shapes it declares."""
    free = _free_fields(cls)
    return _mapping_reader(
        cls,
        {
            name: _free_reader(shape) if name in free else reader(shape)
            for name, shape in _field_shapes(cls).items()
        },
    )


def _valid_reader(read: Reader, test: Callable[[object], bool]) -> Reader:
    def read_valid(values):
        made = read(values)
        if not all(map(test, made)):
            raise Misshapen("a value the build cannot have made")
        return made

    return read_valid


def _free_reader(shape) -> Reader:
    """Returns the reader of a field of free data declared as `shape` (a bare list or dict,
    or a list of either): its outer kinds are checked."""
    outer, inner = typing.get_origin(shape) or shape, typing.get_args(shape)

    def read(values):
        made = _all(outer, [_free(value) for value in values])
        for value in made if inner else ():
            _all(inner[0], value)
        return made

    return read


@functools.cache
def _field_shapes(cls: type) -> dict[str, object]:
    """Returns the shape each field of the dataclass `cls` is made with, by name."""
    hints = typing.get_type_hints(cls)
    return {field.name: hints[field.name] for field in dataclasses.fields(cls) if field.init}


@functools.cache
def _free_fields(cls: type) -> frozenset[str]:
    """Returns the fields of `cls` that hold free data."""
    bare = (list, dict, list[dict], list[list])
    return frozenset(name for name, shape in _field_shapes(cls).items() if shape in bare)
