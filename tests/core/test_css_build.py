"""The committed, pruned Bootstrap CSS matches the templates (scripts/build_css.py --check)."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _build_css():
    spec = importlib.util.spec_from_file_location("build_css", ROOT / "scripts" / "build_css.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_css_is_up_to_date():
    """A template that starts using a Bootstrap class needs `python scripts/build_css.py`."""
    assert _build_css().main(["--check"]) == 0


def test_pruning_keeps_used_rules_and_drops_unused_ones():
    build = _build_css()
    css = (
        ".btn{a:1}.carousel{b:2}.btn.carousel{c:3}:root{d:4}"
        "@media (min-width:1px){.btn,.toast{e:5}}"
    )
    pruned = build.prune(css, words={"btn"}, prefixes={"text-bg-"})
    assert pruned == ".btn{a:1}:root{d:4}@media (min-width:1px){.btn{e:5}}"
    assert build.prune(".text-bg-danger{x:1}", set(), {"text-bg-"}) == ".text-bg-danger{x:1}"


def test_the_pruned_css_is_a_fraction_of_bootstrap_and_keeps_what_pages_use():
    css = (ROOT / "static" / "vendor" / "bootstrap.min.css").read_text(encoding="utf-8")
    assert len(css.encode()) < 100_000  # Bootstrap's full file is 232 KB
    for selector in (
        ".navbar-expand-xl",
        ".dropdown-menu",
        ".text-bg-warning",
        ".alert-danger",
        ".visually-hidden-focusable",
        ".collapse:not(.show)",
        ".is-invalid",
    ):
        assert selector in css, selector
