"""Build static/vendor/bootstrap.min.css: Bootstrap's CSS with only the rules our pages use.

Bootstrap 5 ships 228 KB of CSS; a page uses a small part of it. This script reads the
``bootstrap.min.css`` of the installed Bootstrap-Flask package, collects every word that can be a
class name in ``templates/``, ``static/js/`` and ``trading_house/`` (Python code builds some class
names) and keeps a selector only when each class it names is among those words. Rules without
classes (``:root``, ``body``, ``h1``, ``[hidden]``) are kept. A class built in a template from a
prefix (``text-bg-{{ colour }}``, ``"alert-" ~ category``) keeps every class with that prefix.

The output is committed, so a fresh machine needs neither Node nor this script to serve pages;
run it after adding Bootstrap classes to a template:

    .venv/bin/python scripts/build_css.py          # rewrite static/vendor/bootstrap.min.css
    .venv/bin/python scripts/build_css.py --check  # exit 1 when the committed file is stale

``tests/core/test_css_build.py`` runs the check, so a template using a class that the pruned file
lacks fails in CI instead of looking broken in a browser.
"""

from __future__ import annotations

import argparse
import re
import sys
from importlib import resources
from pathlib import Path

import tinycss2

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "static" / "vendor" / "bootstrap.min.css"
SOURCES = [
    (ROOT / "templates", "*.html"),
    (ROOT / "static" / "js", "*.js"),
    (ROOT / "trading_house", "*.py"),
]
#: Classes that Bootstrap's JavaScript adds or that its CSS pairs with (collapse, dropdown,
#: alert dismissal, modal): they appear in no template.
JS_STATE = {
    "show", "showing", "hiding", "collapsing", "collapse", "fade", "active", "disabled",
    "dropdown-menu", "dropdown-menu-end", "modal-open", "modal-backdrop",
    "is-invalid", "visually-hidden-focusable", "focus-ring",
}  # fmt: skip
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
#: A class built from a prefix: ``text-bg-{{ x }}``, ``"alert-" ~ x``, ``f"btn-{x}"``.
PREFIX = re.compile(r"""([a-z][a-z0-9-]*-)(?:\{\{|\{|\$\{|["']\s*[~+])""")
CLASS_IN_SELECTOR = re.compile(r"\.((?:[A-Za-z0-9_-]|\\.)+)")


def used_words() -> tuple[set[str], set[str]]:
    """Every word that may be a class name, and every class prefix built at run time."""
    words, prefixes = set(JS_STATE), set()
    for folder, pattern in SOURCES:
        for path in sorted(folder.rglob(pattern)):
            text = path.read_text(encoding="utf-8")
            words.update(WORD.findall(text))
            prefixes.update(PREFIX.findall(text))
    # A prefix of one word (``a-``, ``data-``) would keep too much and is never a class prefix.
    prefixes = {p for p in prefixes if p.count("-") >= 1 and len(p) > 3 and p != "data-"}
    return words, prefixes


def _class_used(name: str, words: set[str], prefixes: set[str]) -> bool:
    return name in words or any(name.startswith(prefix) for prefix in prefixes)


def _keep_selector(selector: str, words: set[str], prefixes: set[str]) -> bool:
    classes = [c.replace("\\", "") for c in CLASS_IN_SELECTOR.findall(selector)]
    return all(_class_used(c, words, prefixes) for c in classes)


def _split_selectors(prelude: str) -> list[str]:
    """Split a selector list on top-level commas (``:not(.a, .b)`` stays whole)."""
    parts, depth, current = [], 0, []
    for char in prelude:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        if char == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    parts.append("".join(current).strip())
    return [p for p in parts if p]


def prune(css: str, words: set[str], prefixes: set[str]) -> str:
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return "".join(_prune_rules(rules, words, prefixes))


def _prune_rules(rules, words, prefixes) -> list[str]:
    out: list[str] = []
    for rule in rules:
        if rule.type == "qualified-rule":
            prelude = tinycss2.serialize(rule.prelude).strip()
            kept = [s for s in _split_selectors(prelude) if _keep_selector(s, words, prefixes)]
            if kept:
                body = tinycss2.serialize(rule.content).strip()
                out.append(",".join(kept) + "{" + body + "}")
        elif rule.type == "at-rule":
            prelude = tinycss2.serialize(rule.prelude).strip()
            if rule.lower_at_keyword == "charset":
                continue  # written once, first, by build()
            if rule.content is None:
                out.append(f"@{rule.at_keyword} {prelude};")
            elif rule.lower_at_keyword in ("media", "supports", "layer", "container"):
                inner = tinycss2.parse_rule_list(
                    rule.content, skip_comments=True, skip_whitespace=True
                )
                kept = _prune_rules(inner, words, prefixes)
                if kept:
                    out.append(f"@{rule.at_keyword} {prelude}{{" + "".join(kept) + "}")
            else:  # @keyframes, @font-face: kept whole
                body = tinycss2.serialize(rule.content).strip()
                out.append(f"@{rule.at_keyword} {prelude}{{{body}}}")
    return out


def bootstrap_source() -> tuple[str, str]:
    """Bootstrap's full minified CSS from the Bootstrap-Flask package, and its banner line."""
    css = (
        resources.files("flask_bootstrap") / "static" / "bootstrap5" / "css" / "bootstrap.min.css"
    ).read_text(encoding="utf-8")
    banner = re.match(r"@charset \"UTF-8\";/\*!.*?\*/", css, re.S)
    return css, (banner.group(0).split(";", 1)[1] if banner else "")


def build() -> str:
    css, banner = bootstrap_source()
    words, prefixes = used_words()
    header = (
        banner + "\n/* Pruned by scripts/build_css.py to the classes the templates use; "
        "do not edit by hand. */\n"
    )
    return '@charset "UTF-8";' + header + prune(css, words, prefixes) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail when the output is stale")
    args = parser.parse_args(argv)
    built = build()
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != built:
            print(f"{OUTPUT.relative_to(ROOT)} is stale: run scripts/build_css.py", file=sys.stderr)
            return 1
        print(f"{OUTPUT.relative_to(ROOT)} is up to date ({len(built.encode()):,} bytes)")
        return 0
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(built, encoding="utf-8")
    full = len(bootstrap_source()[0].encode())
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {len(built.encode()):,} bytes (full: {full:,})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
