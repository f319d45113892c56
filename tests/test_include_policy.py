"""One include policy for every source of a plan: files (`load_sources`), a file named as if it were
elsewhere (`diff --as`) and a git revision (`REV:PATH`). Each case below is laid out in a git repository,
committed, and loaded all three ways; the INCLUDE outcome must be the same."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from planctl.load.git import load_revision
from planctl.load.sources import PlanSources, load_sources
from planctl.load.yamlsource import Limits
from planctl.messages import render

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

PLAN = """schema: planctl/1
uses: {regional: REF}
plan:
  id: x
  title: Plan
  municipality: {name: X kommune}
  adoption: {body: kommunestyret, status: draft}
"""
REGIONAL = """schema: planctl-regional/1
region: {id: region, name: Regionen, municipalities: [X]}
"""

Loader = Callable[[Path, Limits], PlanSources]


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def _files(repo: Path, limits: Limits) -> PlanSources:
    return load_sources(repo / "plans" / "x" / "plan.yaml", limits=limits)


def _as(repo: Path, limits: Limits) -> PlanSources:
    # git's diff driver: a temporary copy outside the repository, named as the plan in the work tree
    copy = repo.parent / "tmp-copy.yaml"
    shutil.copy(repo / "plans" / "x" / "plan.yaml", copy)
    return load_sources(copy, limits=limits, as_path=repo / "plans" / "x" / "plan.yaml")


def _revision(repo: Path, limits: Limits) -> PlanSources:
    # the work tree is emptied first: what is read must come from the revision
    shutil.rmtree(repo / "plans")
    return load_revision("HEAD", str(repo / "plans" / "x" / "plan.yaml"), limits=limits)


LOADERS = {"files": _files, "as": _as, "git": _revision}


def _repo(tmp_path: Path, ref: str, layout: Callable[[Path], None]) -> Path:
    repo = tmp_path / "repo"
    (repo / "plans" / "x").mkdir(parents=True)
    (repo / "planctl.toml").write_text("", encoding="utf-8")
    (repo / "plans" / "x" / "plan.yaml").write_text(PLAN.replace("REF", ref), encoding="utf-8")
    layout(repo)
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "-c", "user.email=t@example.org", "-c", "user.name=T", "commit", "-q", "-m", "plan")
    return repo


def _regional_outside(repo: Path) -> None:
    outside = repo.parent / "outside"
    outside.mkdir()
    (outside / "regional.yaml").write_text(REGIONAL, encoding="utf-8")
    (repo / "plans" / "x" / "regional.yaml").symlink_to("../../../outside/regional.yaml")


def _regional_linked_inside(repo: Path) -> None:
    (repo / "plans" / "region").mkdir()
    (repo / "plans" / "region" / "regional.yaml").write_text(REGIONAL, encoding="utf-8")
    (repo / "plans" / "x" / "regional.yaml").symlink_to("../region/regional.yaml")


def _folder_linked_inside(repo: Path) -> None:
    (repo / "plans" / "region").mkdir()
    (repo / "plans" / "region" / "regional.yaml").write_text(REGIONAL, encoding="utf-8")
    (repo / "plans" / "x" / "shared").symlink_to("../region")


def _loop(repo: Path) -> None:
    (repo / "plans" / "x" / "a.yaml").symlink_to("b.yaml")
    (repo / "plans" / "x" / "b.yaml").symlink_to("a.yaml")


def _big(repo: Path) -> None:
    (repo / "plans" / "x" / "regional.yaml").write_text(REGIONAL + "#" * 400 + "\n", encoding="utf-8")


def _folder(repo: Path) -> None:
    (repo / "plans" / "x" / "regional").mkdir()
    (repo / "plans" / "x" / "regional" / "keep.yaml").write_text(REGIONAL, encoding="utf-8")


def _plan_itself(repo: Path) -> None:
    (repo / "plans" / "x" / "same.yaml").symlink_to("plan.yaml")


def _nothing(repo: Path) -> None:
    pass


REFUSED = [
    ("symlink-out-of-root", "regional.yaml", _regional_outside, "outside"),
    ("symlink-loop", "a.yaml", _loop, "unreadable"),
    ("over-the-size-limit", "regional.yaml", _big, "unreadable"),
    ("a-folder", "regional", _folder, "unreadable"),
    ("itself-through-a-link", "same.yaml", _plan_itself, "cycle"),
    ("missing", "nowhere.yaml", _nothing, "missing"),
    ("dotdot-out-of-root", "../../../elsewhere.yaml", _nothing, "outside"),
]


def _issues(sources: PlanSources) -> list[tuple[str, str]]:
    return [(i.reason, i.pointer) for i in sources.include_issues]


@pytest.mark.parametrize("source", LOADERS)
@pytest.mark.parametrize(("case", "ref", "layout", "reason"), REFUSED, ids=[c[0] for c in REFUSED])
def test_refused_alike(
    source: str, case: str, ref: str, layout: Callable[[Path], None], reason: str, tmp_path: Path
) -> None:
    repo = _repo(tmp_path, ref, layout)
    sources = LOADERS[source](repo, Limits(max_bytes=300))
    assert sources.regional is None
    assert _issues(sources) == [(reason, "/uses/regional")]
    [issue] = sources.include_issues
    assert issue.params["path"] == ref


@pytest.mark.parametrize("source", LOADERS)
def test_reasons_read_the_same(source: str, tmp_path: Path) -> None:
    """The reason text of an unreadable include does not depend on where it was read from."""
    repo = _repo(tmp_path, "regional.yaml", _big)
    [issue] = LOADERS[source](repo, Limits(max_bytes=300)).include_issues
    size = len(REGIONAL.encode()) + 401
    assert (issue.reason, issue.pointer, issue.params["path"]) == (
        "unreadable",
        "/uses/regional",
        "regional.yaml",
    )
    assert render("en", issue.params["reason"]) == (
        f"file is {size:,} bytes; the limit is 300; raise [limits] file-size in planctl.toml to allow more"
    )


@pytest.mark.parametrize("source", LOADERS)
@pytest.mark.parametrize(
    ("ref", "layout"),
    [("regional.yaml", _regional_linked_inside), ("shared/regional.yaml", _folder_linked_inside)],
    ids=["file-link", "folder-link"],
)
def test_symlinks_inside_the_root_are_followed(
    source: str, ref: str, layout: Callable[[Path], None], tmp_path: Path
) -> None:
    repo = _repo(tmp_path, ref, layout)
    sources = LOADERS[source](repo, Limits())
    assert sources.include_issues == []
    assert sources.regional is not None
    assert sources.regional.data["region"]["id"] == "region"
    assert sources.regional.display.endswith(f"plans/x/{ref}")  # named as the plan names it


def test_git_follows_links_at_the_revision_not_the_work_tree(tmp_path: Path) -> None:
    repo = _repo(tmp_path, "regional.yaml", _regional_linked_inside)
    link = repo / "plans" / "x" / "regional.yaml"
    link.unlink()
    link.symlink_to("../../../outside.yaml")  # uncommitted: the revision still links inside the root
    sources = load_revision("HEAD", str(repo / "plans" / "x" / "plan.yaml"))
    assert sources.include_issues == []
    assert sources.regional is not None and sources.regional.display == "HEAD:plans/x/regional.yaml"
    files = load_sources(repo / "plans" / "x" / "plan.yaml")
    assert _issues(files) == [("outside", "/uses/regional")]


@pytest.mark.parametrize("how", ["files", "as", "git"])
def test_diff_refuses_a_symlink_out_of_the_root(how: str, tmp_path: Path) -> None:
    """End to end: `planctl diff` stops with one line naming INCLUDE, whichever way the side is given."""
    repo = _repo(tmp_path, "regional.yaml", _regional_outside)
    plan = "plans/x/plan.yaml"
    copy = shutil.copy(repo / plan, tmp_path / "tmp-old.yaml")  # what git's diff driver hands over
    args = {
        "files": [plan, plan],
        "as": [str(copy), str(copy), "--as", plan],
        "git": [f"HEAD:{plan}", plan],
    }[how]
    proc = subprocess.run(
        [sys.executable, "-m", "planctl", "diff", *args, "--lang", "en"],
        capture_output=True,
        text=True,
        cwd=repo,
        check=False,
    )
    assert proc.returncode == 2, proc.stdout
    assert proc.stderr.count("\n") == 1 and "INCLUDE" in proc.stderr and "outside the root" in proc.stderr
