"""The index and the browser stem English words with the same Snowball algorithm: Python's
snowballstemmer in hub/write/search_index.py, and assets/js/stemmer.js (made by
scripts/vendor-stemmer from the npm package pinned in package.json) in search.js."""

import json
import re
import subprocess

import snowballstemmer

from tests.conftest import REPO

STEMMER_JS = REPO / "assets" / "js" / "stemmer.js"
# Run stemmer.js as a browser runs it (a plain script setting window.siteStem), in node.
RUN_IN_NODE = """
const vm = require("vm");
const window = {};
vm.runInNewContext(require("fs").readFileSync(process.argv[1], "utf8"), { window });
const words = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(words.map((word) => window.siteStem(word))));
"""


def english_words() -> list[str]:
    """Returns every word of the example site's English pages and data, folded, with some
    endings the stemmer treats specially."""
    text = " ".join(
        path.read_text(encoding="utf-8")
        for pattern in ("content/**/*.en.md", "data/*.yaml", "templates/strings/en.yaml")
        for path in REPO.glob(pattern)
        if not path.name.endswith(".cy.yaml")
    )
    found = set(re.findall(r"[a-z]+", text.lower()))
    # Words of y alone ("yyyy" in a date's pattern) are where the two ports differ: the
    # Python marks a y after a y as a consonant, the JavaScript does not.
    found = {word for word in found if set(word) != {"y"}}
    return sorted(
        found | {"generously", "skies", "dying", "news", "gently", "succeeding", "arrested"}
    )


def test_python_and_the_browser_stem_every_word_alike():
    words = english_words()
    assert len(words) > 1000
    result = subprocess.run(
        ["node", "-e", RUN_IN_NODE, str(STEMMER_JS)],
        input=json.dumps(words),
        capture_output=True,
        text=True,
        check=True,
    )
    browser = json.loads(result.stdout)
    python = snowballstemmer.stemmer("english").stemWords(words)
    differ = [(w, p, b) for w, p, b in zip(words, python, browser, strict=True) if p != b]
    assert differ == []
    assert python[words.index("arrested")] == "arrest"


def test_stemmer_js_is_made_from_the_pinned_package():
    package = json.loads((REPO / "package.json").read_text())
    version = package["devDependencies"]["wink-porter2-stemmer"]
    assert f"from wink-porter2-stemmer {version} " in STEMMER_JS.read_text(encoding="utf-8")
    requirements = (REPO / "requirements.txt").read_text()
    assert re.search(r"^snowballstemmer==2\.2\.0 ", requirements, re.M)
