"""Fingerprints of what makes each output file, so that a file made from unchanged inputs is
kept from the last build rather than made again."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from types import CodeType

import jinja2

from .fingerprints import Known, Unkeyable, environment_fingerprint, fingerprint
from .hashes import FileHashes


class RenderKeys:
    """Makes the key of each file a build writes: a fingerprint of the code, the templates and
    the values it is made from. Objects whose own fingerprint is known (parsed pages) stand in
    by it, so a page's key does not depend on reading its text."""

    def __init__(self, code: str, hashes: FileHashes, known: Known):
        self.code = code
        self.hashes = hashes
        self.known = known
        self.environments: dict[int, tuple] = {}  # id(env) -> (env, its fingerprint or None)

    def keyer(self, env, jobs: list[tuple[str, str, dict]]) -> Callable[[str, dict], str | None]:
        """Returns a function giving the key of one of the (path, template, values) `jobs` from
        its template and values; None where they cannot be fingerprinted (the file is then
        always made). What every job shares is fingerprinted once, here, so the function may
        be called in forked workers, each for a few jobs."""
        entry = self.environments.get(id(env))
        if entry is None or entry[0] is not env:  # held, so its id is not another's
            entry = (env, environment_fingerprint(env, self.code, self.hashes.file_hash))
            self.environments[id(env)] = entry
        shared = entry[1]
        if shared is None:
            return lambda template, values: None
        known = {**self.known, **self._containers(jobs)}

        def key(template: str, values: dict) -> str | None:
            try:
                return fingerprint(shared, template, values, known=known)
            except Unkeyable:
                return None

        return key

    def _containers(self, jobs) -> Known:
        """Returns the fingerprint of each list or mapping the jobs are given, worked out once
        however many jobs share it (a list of every page title, say): a job's key is then the
        same whether or not other jobs share its values."""
        found: Known = {}
        for _, _, values in jobs:
            for value in values.values():
                if isinstance(value, list | dict) and id(value) not in found:
                    # If it cannot be, it is pickled with the job, which then has no key either.
                    with contextlib.suppress(Unkeyable):
                        found[id(value)] = (value, fingerprint(value, known=self.known))
        return found

    def for_made(self, rel: str, inputs) -> str | None:
        """Returns the key of a file made by code from `inputs`, or None if they cannot be
        fingerprinted."""
        try:
            return fingerprint(self.code, rel, inputs, known=self.known)
        except Unkeyable:
            return None


class TemplateCode(jinja2.BytecodeCache):
    """Jinja's compiled templates, kept in memory by template and source.

    Never on disk: compiled code is loaded by running it, and a cache folder on a deploy
    server (.cache/ in the site, and the home folder's .cache/, which Netlify keeps between
    builds too) may have been written by a stranger's pull request.
    """

    def __init__(self):
        self.code: dict[str, tuple[str, CodeType | None]] = {}  # key -> (source checksum, code)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        checksum, code = self.code.get(bucket.key, (None, None))
        if checksum == bucket.checksum:
            bucket.code = code

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = (bucket.checksum, bucket.code)
