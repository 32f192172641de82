"""The edges of what a build reads and writes: the output is only ever the build's own folder,
and only files inside the site are read and published.

`--out` naming anything but a folder of its own is refused (exit 2, one line) before anything
is touched; a folder is replaced or deleted only when it holds the build's marker; a link out
of the site, to nothing or round in a circle is a problem at its path, never a traceback.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

import build
from hub import REPO
from hub.core.errors import ContentErrors
from hub.core.sources import OUTPUT_MARKER
from hub.site import Options
from hub.write.output import (
    Output,
    OutputRefused,
    copy_assets,
    file_shapes,
    make_folder,
    staging_dir,
)
from tests.build.test_netlify_deploys import build as netlify_build
from tests.build.test_netlify_deploys import (
    cold_build,
    fresh_clone,
    make_source,
    plugin_event,
    spares,
)
from tests.conftest import TODAY, guidance_page, run_cli, write
from tests.support.builds import build_problems
from tests.support.files import tree

OPTIONS = Options(today=TODAY, search=False)


def snapshot(folder: Path) -> dict[str, object]:
    """Returns everything under `folder`: each file's bytes, each link's target, each folder."""
    found: dict[str, object] = {}
    for root, folders, files in os.walk(folder):
        for name in folders + files:
            path = Path(root) / name
            rel = path.relative_to(folder).as_posix()
            if path.is_symlink():
                found[rel] = ("link", os.readlink(path))
            elif path.is_dir():
                found[rel] = "folder"
            else:
                found[rel] = path.read_bytes()
    return found


def cli(site: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Runs `build.py build --site SITE ARGS` in `site`; returns the finished process."""
    return run_cli("build", "--site", str(site), *args, cwd=site, env=env)


def refusal(result: subprocess.CompletedProcess) -> str:
    """Returns the one line saying why the build refused its --out, checking it is a usage
    error (exit 2) that printed no traceback and nothing else after the usage line."""
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    usage, said = result.stderr.rstrip("\n").split("\nbuild.py: error: ")
    assert usage.startswith("usage: build.py")
    assert "\n" not in said
    return said


@pytest.fixture
def site(small_site) -> Path:
    """The example site with templates/ and assets/ of its own, a README.md and a .cache/, as
    a site folder in a repository of its own has them."""
    write(small_site / "templates" / "layouts" / "note.html", "<p>a site's own template</p>\n")
    write(small_site / "assets" / "css" / "extra.css", "p { margin: 0 }\n")
    write(small_site / "README.md", "# The site\n")
    write(small_site / ".cache" / "note.txt", "what earlier builds kept\n")
    return small_site


@pytest.mark.parametrize(
    "out, said",
    [
        ("content", "is the site's content/ folder"),
        ("data", "is the site's data/ folder"),
        ("content/guidance", "is inside the site's content/ folder, which the build reads"),
        ("content/../data", "is the site's data/ folder"),
        ("templates", "is the site's templates/ folder"),
        ("assets", "is the site's assets/ folder"),
        (".cache", "is the site's .cache/ folder"),
        ("assets/css/new", "is inside the site's assets/ folder, which the build reads"),
        (".", "is the site folder"),
        ("..", "holds the site folder"),
        ("README.md", "is not a folder"),
        ("README.md/public", "is not a folder"),
        ("linked-content", "is the site's content/ folder"),  # a link to content/
    ],
)
def test_an_output_folder_the_build_must_not_replace_is_refused_before_anything(site, out, said):
    (site / "linked-content").symlink_to("content")
    before = snapshot(site.parent)
    line = refusal(cli(site, "--out", out))
    assert line.startswith(f"--out {out}") and said in line
    assert "give it a folder of its own, such as" in line
    assert snapshot(site.parent) == before  # no lock, no staging folder, nothing


def test_the_repository_and_its_own_folders_are_refused(site):
    for out, said in (
        (REPO, "is the repository, with the build's own code"),
        (REPO / "templates", "is the repository's templates/ folder"),
        (REPO / "assets" / "css", "is inside the repository's assets/ folder"),
        (REPO / ".cache", "is the repository's .cache/ folder"),
        # A folder holding both (the clone and the test's site both under /tmp) names the site.
        (REPO.parent, "holds the site" if REPO.parent in site.parents else "holds the repository"),
        (REPO / "README.md", "README.md is not a folder"),
    ):
        beside = sorted(os.listdir(REPO.parent))
        assert said in refusal(cli(site, "--out", str(out)))
        assert sorted(os.listdir(REPO.parent)) == beside


def test_the_home_folder_and_the_root_are_refused(site, tmp_path):
    home = tmp_path / "home"
    write(home / "letters" / "draft.txt", "Dear ...\n")
    env = {**os.environ, "HOME": str(home)}
    before, top = snapshot(tmp_path), sorted(os.listdir("/"))
    assert "is your home folder" in refusal(cli(site, "--out", str(home), env=env))
    assert "is the root folder" in refusal(cli(site, "--out", "/", env=env))
    assert snapshot(tmp_path) == before and sorted(os.listdir("/")) == top


def test_a_folder_of_the_users_with_files_in_it_is_refused(site):
    write(site / "mine" / "notes.txt", "my own notes\n")
    before = snapshot(site.parent)
    line = refusal(cli(site, "--out", "mine"))
    assert f"is not empty and this build did not make it (it has no {OUTPUT_MARKER} file" in line
    assert line.endswith("delete it, or choose another folder")
    assert snapshot(site.parent) == before


def test_an_output_from_a_build_before_the_marker_is_refused_until_deleted(site):
    """A public/ built before the build marked its folders holds no marker: the build cannot
    tell it from a folder of the user's, so it says to delete it, once."""
    assert cli(site, "--no-search").returncode == 0
    (site / "public" / OUTPUT_MARKER).unlink()  # as a build before the marker left it
    before = snapshot(site.parent)
    line = refusal(cli(site, "--no-search"))
    assert line.startswith(f"--out {site / 'public'}: ") and "delete it" in line
    assert snapshot(site.parent) == before
    shutil.rmtree(site / "public")
    assert cli(site, "--no-search").returncode == 0


def test_an_empty_folder_or_the_builds_own_is_replaced_and_marked(site, tmp_path):
    out = tmp_path / "empty"
    out.mkdir()
    build.build(site, out, OPTIONS)
    assert (out / "index.html").is_file()
    marker = (out / OUTPUT_MARKER).read_bytes()
    assert b"made by the ASB hub's build" in marker
    write(site / "content" / "guidance" / "new-page.md", guidance_page("A new page", "Text.\n"))
    build.build(site, out, OPTIONS)  # the build's own folder: replaced
    assert (out / "new-page" / "index.html").is_file()
    assert (out / OUTPUT_MARKER).read_bytes() == marker
    assert OUTPUT_MARKER not in file_shapes(out)  # it marks the folder: no file of the site


def test_a_folder_that_fills_up_after_the_check_is_still_not_replaced(tmp_path):
    out = tmp_path / "public"
    write(out / "notes.txt", "written by someone else\n")
    before = snapshot(tmp_path)
    refused = pytest.raises(OutputRefused, match="is not empty and this build did not make it")
    with refused, staging_dir(out) as stage:
        stage.write("index.html", "new")
    assert snapshot(tmp_path) == before


def test_a_folder_filled_after_the_command_line_was_checked_is_a_usage_error(
    site, tmp_path, monkeypatch, capsys
):
    out = tmp_path / "public"
    monkeypatch.setattr(build, "output_refusal", lambda out, site_dir: None)  # checked: empty
    write(out / "notes.txt", "written meanwhile by someone else\n")
    before, beside = snapshot(out), sorted(os.listdir(tmp_path))
    assert build.main(["build", "--site", str(site), "--out", str(out), "--no-search"]) == 2
    said = capsys.readouterr().err.splitlines()
    assert len(said) == 1 and said[0].startswith(f"build.py: error: --out {out} is not empty")
    assert snapshot(out) == before and sorted(os.listdir(tmp_path)) == beside


def test_only_the_builds_own_leftovers_beside_the_output_are_deleted(site):
    # The user's own folders, one even named as the build names its staging folders.
    for name in (".public.old", ".public.backup", ".public.staging-1-2"):
        write(site / name / "keep.txt", f"the user's {name}\n")
    mine = {name: snapshot(site / name) for name in (".public.old", ".public.backup")}
    # What killed builds left: marked (a staging folder, a deletion cut short) or empty.
    for name in (".public.staging-7-8", ".public.trash-7-8.deleting"):
        make_folder(site / name)
        write(site / name / "page" / "index.html", "part of a build\n")
    (site / ".public.old-3-4").mkdir()
    for n in range(3):  # three builds, the last two from the spare copy
        write(site / "content" / "guidance" / "edited.md", guidance_page("Edited", f"Edit {n}."))
        assert cli(site, "--no-search").returncode == 0
    [spare] = spares(site)
    assert sorted(p.name for p in site.glob(".public.*")) == sorted(
        [".public.old", ".public.backup", ".public.staging-1-2", spare.name]
    )
    assert {name: snapshot(site / name) for name in mine} == mine
    assert (site / ".public.staging-1-2" / "keep.txt").is_file()
    assert all((folder / OUTPUT_MARKER).is_file() for folder in [site / "public", *spares(site)])


def test_a_netlify_cache_saved_before_the_marker_gives_a_deploy_that_succeeds(tmp_path):
    """The first deploy after this change restores a public/ and spare copy saved without the
    marker: the plugin removes them (it saved them itself), and the build makes them afresh."""
    source = make_source(tmp_path / "source")
    site, cache = tmp_path / "opt" / "build" / "repo", tmp_path / "netlify-cache"
    fresh_clone(source, site)
    netlify_build(site)
    write(site / "content" / "guidance" / "later.md", guidance_page("Later", "A page.\n"))
    netlify_build(site)  # keeps the tree it replaced as the spare copy
    plugin_event(site, "onSuccess", cache, on_netlify=True)
    saved = [cache / "cwd" / "public", *(p for p in spares(cache / "cwd") if p.is_dir())]
    assert len(saved) == 2
    for folder in saved:  # as a build before the marker saved them
        (folder / OUTPUT_MARKER).unlink()
    fresh_clone(source, site)
    log = plugin_event(site, "onPreBuild", cache, on_netlify=True)
    assert "Removed public, .public.spare-" in log
    assert not (site / "public").exists() and not spares(site)
    assert (site / ".cache").is_dir()  # what the build parsed is still used
    netlify_build(site)  # fails (exit 2) if the build finds an unmarked public/
    assert tree(site / "public") == cold_build(source, tmp_path / "cold")


def test_the_marker_is_left_out_of_what_netlify_deploys():
    """netlify deploy (netlify-cli, pinned in package.json) skips files whose names start
    with a dot, so the marker is never published."""
    deploy = REPO / "node_modules" / "netlify-cli" / "dist" / "commands" / "deploy" / "deploy.js"
    code = deploy.read_text(encoding="utf-8")
    assert "(base.startsWith('.') && base !== '.well-known')" in code
    assert OUTPUT_MARKER.startswith(".") and OUTPUT_MARKER != ".well-known"


def problems_of(site: Path, tmp_path: Path) -> list[str]:
    """Returns the problems a build of `site` into tmp_path/out stops at."""
    return build_problems(site, tmp_path / "out", OPTIONS)


def outside_message(rel: str, target: Path, site: Path) -> str:
    return (
        f"{rel}:1: this leads through a link to {target.resolve()}, outside {site.resolve()}: "
        "only files inside it are published, so put a copy of the file here instead of the link"
    )


@pytest.fixture
def elsewhere(tmp_path) -> Path:
    """A folder outside the site, with files a link could lead to."""
    folder = tmp_path / "elsewhere"
    write(folder / "secret.md", guidance_page("Secret", "The build machine's secret.\n"))
    write(folder / "secret.css", "/* the build machine's secret */\n")
    write(folder / "base.html", (REPO / "templates" / "layouts" / "base.html").read_text())
    shutil.copy(REPO / "data" / "figures.yaml", folder / "figures.yaml")
    shutil.copytree(REPO / "data" / "patrols" / "summaries", folder / "summaries")
    return folder


def test_links_out_of_the_site_are_refused_at_their_paths(example_site, elsewhere, tmp_path):
    site = example_site
    links = {
        "content/guidance/secret.md": elsewhere / "secret.md",
        "data/figures.yaml": elsewhere / "figures.yaml",
        "data/patrols/summaries": elsewhere / "summaries",
    }
    (site / "data" / "figures.yaml").unlink()
    shutil.rmtree(site / "data" / "patrols" / "summaries")
    for rel, target in links.items():
        (site / rel).symlink_to(target)
    assert sorted(problems_of(site, tmp_path)) == sorted(
        outside_message(rel, target, site) for rel, target in links.items()
    )
    assert not (tmp_path / "out").exists()


def test_links_out_of_the_site_in_templates_and_assets_are_refused(site, elsewhere, tmp_path):
    (site / "templates" / "layouts" / "base.html").symlink_to(elsewhere / "base.html")
    assert problems_of(site, tmp_path) == [
        outside_message("templates/layouts/base.html", elsewhere / "base.html", site)
    ]
    (site / "templates" / "layouts" / "base.html").unlink()
    (site / "assets" / "css" / "secret.css").symlink_to(elsewhere / "secret.css")
    assert problems_of(site, tmp_path) == [
        outside_message("assets/css/secret.css", elsewhere / "secret.css", site)
    ]
    assert not (tmp_path / "out").exists()


def test_a_folder_of_pages_that_is_a_link_out_of_the_site_is_refused(example_site, tmp_path):
    site = example_site
    shutil.move(site / "content" / "pages", tmp_path / "pages")
    (site / "content" / "pages").symlink_to(tmp_path / "pages")
    outside = outside_message("content/pages", tmp_path / "pages", site)
    found = problems_of(site, tmp_path)
    assert outside in found
    # Nothing in the folder is read, so links to its pages (the safety page links to the
    # cookies page) are reported broken too; nothing else is.
    assert all(
        p == outside or 'broken link to "/cookies/"' in p or 'broken link to "/cy/cookies/"' in p
        for p in found
    )


def test_the_repositorys_own_templates_and_assets_are_bound_to_the_repository(tmp_path):
    """A repository's own folders (the defaults every site uses) are bound to it, as a site's
    to the site: what a folder's files may lead to is the folder that holds it."""
    repository, site = tmp_path / "repository", tmp_path / "repository" / "sites" / "one"
    write(repository / "assets" / "css" / "site.css", "p {}\n")
    write(repository / "shared.css", "a {}\n")
    (repository / "assets" / "css" / "shared.css").symlink_to(repository / "shared.css")
    write(site / "assets" / "css" / "own.css", "b {}\n")
    urls = copy_assets([repository / "assets", site / "assets"], Output(tmp_path / "out"))
    assert sorted(urls) == ["css/own.css", "css/shared.css", "css/site.css"]  # inside: kept
    (site / "assets" / "css" / "parent.css").symlink_to(repository / "shared.css")
    with pytest.raises(ContentErrors) as caught:
        copy_assets([repository / "assets", site / "assets"], Output(tmp_path / "again"))
    assert [str(p) for p in caught.value.problems] == [
        outside_message("assets/css/parent.css", repository / "shared.css", site)
    ]


def test_links_that_stay_inside_the_site_keep_working(site, tmp_path):
    write(site / "shared" / "page.md", guidance_page("Shared page", "Kept in shared/.\n"))
    write(site / "shared" / "extra.css", "em { font-style: normal }\n")
    write(site / "shared" / "images" / "logo.txt", "a logo\n")
    report = sorted((site / "data" / "patrols").glob("2024-07*.yaml"))[0]
    shutil.move(report, site / "shared" / report.name)
    (site / "content" / "guidance" / "shared-page.md").symlink_to("../../shared/page.md")
    (site / "assets" / "css" / "shared.css").symlink_to("../../shared/extra.css")
    (site / "assets" / "images").symlink_to("../shared/images")  # a folder
    report.symlink_to(f"../../shared/{report.name}")
    out = build.build(site, tmp_path / "out", OPTIONS)
    assert "Kept in shared/." in (out / "shared-page" / "index.html").read_text()
    assets = sorted(p.relative_to(out / "assets").as_posix() for p in (out / "assets").rglob("*"))
    assert any(name.startswith("css/shared.") for name in assets)
    assert any(name.startswith("images/logo.") for name in assets)
    assert (out / "news" / "2024-07" / "index.html").is_file()


def test_symlink_loops_are_messages_at_their_paths(site, tmp_path):
    guidance = site / "content" / "guidance"
    (guidance / "one.md").symlink_to("two.md")
    (guidance / "two.md").symlink_to("one.md")
    (guidance / "up").symlink_to("..")  # never read: no page, no message
    (site / "assets" / "up").symlink_to("..")  # a folder link to its parent
    (site / "data" / "patrols" / "2031-01.yaml").symlink_to("2031-01.yaml")
    result = cli(site, "--out", str(tmp_path / "out"), "--no-search")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    circle = "this is a link that leads round in a circle, back to itself"
    said = result.stderr.splitlines()
    for rel in ("content/guidance/one.md", "content/guidance/two.md", "data/patrols/2031-01.yaml"):
        assert f"{rel}:1: {circle}: replace it with the file it stands for, or delete it" in said
    for rel in ("content/guidance/one.md", "content/guidance/two.md"):
        (site / rel).unlink()
    (site / "data" / "patrols" / "2031-01.yaml").unlink()
    result = cli(site, "--out", str(tmp_path / "out"), "--no-search")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (
        "assets/up:1: this is a link to a folder it is in, so it leads round in a circle: "
        "delete it, or link to the files it should hold"
    ) in result.stderr.splitlines()


def test_a_link_changed_to_lead_out_after_a_build_is_refused_by_the_next(site, tmp_path):
    """The cache notices a link's new target: a build it thought unchanged is not skipped."""
    write(site / "shared" / "page.md", guidance_page("Shared page", "Kept in shared/.\n"))
    link = site / "content" / "guidance" / "shared-page.md"
    link.symlink_to("../../shared/page.md")
    out = tmp_path / "public"
    assert cli(site, "--out", str(out), "--no-search").returncode == 0
    outside = write(tmp_path / "outside.md", guidance_page("Outside", "From elsewhere.\n"))
    link.unlink()
    link.symlink_to(outside)
    result = cli(site, "--out", str(out), "--no-search")
    assert result.returncode == 1
    assert outside_message("content/guidance/shared-page.md", outside, site) in result.stderr
    assert "From elsewhere." not in (out / "shared-page" / "index.html").read_text()
    link.unlink()
    (site / "content" / "guidance" / "loop.md").symlink_to("loop.md")  # a loop, added later
    result = cli(site, "--out", str(out), "--no-search")
    assert result.returncode == 1 and "content/guidance/loop.md:1: this is a link" in result.stderr
