"""Print the counts that tell whether the code still does each thing one way (docs/architecture.md).

    .venv/bin/python scripts/architecture_counts.py          # counts, one line each
    .venv/bin/python scripts/architecture_counts.py -v       # with every place counted

- status literals: string constants equal to a lifecycle status, outside the area's ``status.py``
  (in Python), and status comparisons in templates (``status == 'paid'``);
- view transaction blocks: ``commit()``/``rollback()`` called in a view module (``views*.py``):
  views use ``core/uow.py:unit_of_work`` instead;
- duplicated helpers: the same helper defined in more than one module (functions whose names are
  defined twice, apart from the per-area hooks every area has by design, and views and CLI
  commands, whose names their decorators give them; ``@overload``s count once);
- core imports of domain areas: ``trading_house/core`` importing ``trading_house.<area>``;
- route modules outside the file vocabulary: a module adding routes (``@bp.get`` …) whose name
  is not ``views.py`` or ``views_<audience or sub-area>.py``, a blueprint defined in a module
  that is not ``blueprint.py``/``__init__.py`` while its area has several view modules, and a
  view module importing sibling view modules for their routes (``load_blueprint()`` in the area's
  ``__init__.py`` does that);
- mypy errors on ``trading_house/`` (when mypy is installed).
"""

import ast
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "trading_house"
TEMPLATES = ROOT / "templates"
#: Functions every area defines by design (hooks called by the factory, blueprints' own names).
PER_AREA_HOOKS = {
    "register",
    "register_commands",
    "seed_demo",
    "__init__",
    "__repr__",
    "__str__",
    "__html__",
    "__get__",
    "__post_init__",
    "process_formdata",
    "pre_validate",
    "validate",
    "_value",
    "main",
    "load_blueprint",
    # Panels an area adds to a shared page through ``registry.add_panel`` (reviews and favourites
    # each fill the product, enterprise and order pages): the registry calls them by reference.
    "product_panel",
    "enterprise_panel",
    "order_panel",
    # Each area wires its own signal receivers at start-up (orders, payments, supervision).
    "connect",
}
#: Decorators that add a route to a blueprint.
ROUTE_DECORATORS = {"get", "post", "put", "patch", "delete", "route"}
TEMPLATE_COMPARISON = re.compile(
    r"\.status\s*(==|!=|\bin\b|\bnot in\b)\s*[\(\[]?\s*['\"]", re.IGNORECASE
)


def python_files():
    return sorted(p for p in PACKAGE.rglob("*.py") if "translations" not in p.parts)


def _is_str_enum(node: ast.AST) -> bool:
    return isinstance(node, ast.ClassDef) and any(
        getattr(base, "id", getattr(base, "attr", "")) == "StrEnum" for base in node.bases
    )


def _is_lifecycle_call(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and "Lifecycle" in (
        getattr(node.func, "id", ""),
        getattr(node.func, "attr", ""),
    )


def _builds_lifecycle(node: ast.AST) -> bool:
    """A helper building lifecycles: ``_area_lifecycle("inquiry", InquiryStatus, …)``."""
    if not isinstance(node, ast.Call):
        return False
    return "lifecycle" in getattr(node.func, "id", getattr(node.func, "attr", "")).lower()


def lifecycle_statuses() -> set[str]:
    """Every status value of a lifecycle: the members of each ``StrEnum`` given to
    ``Lifecycle(…)`` or to a helper building lifecycles (wherever the enum is defined)."""
    enums: dict[str, set[str]] = {}
    used: set[str] = set()
    for path in python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if _is_str_enum(node):
                assert isinstance(node, ast.ClassDef)
                enums.setdefault(node.name, set()).update(
                    str(item.value.value)
                    for item in node.body
                    if isinstance(item, ast.Assign) and isinstance(item.value, ast.Constant)
                )
            if _is_lifecycle_call(node) or _builds_lifecycle(node):
                assert isinstance(node, ast.Call)
                arguments = [*node.args, *(keyword.value for keyword in node.keywords)]
                used.update(arg.id for arg in arguments if isinstance(arg, ast.Name))
    return set().union(*(enums.get(name, set()) for name in used))


def _definitions(tree: ast.AST) -> set[int]:
    """Constants that define statuses (enum members, a ``Lifecycle(...)`` table): allowed."""
    inside: set[int] = set()
    for node in ast.walk(tree):
        if _is_str_enum(node) or _is_lifecycle_call(node):
            inside.update(id(child) for child in ast.walk(node))
    return inside


def status_literals(statuses: set[str]) -> list[str]:
    places = []
    for path in python_files():
        if path.name == "status.py" or path.name.startswith("seed") or "demo" in path.name:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        allowed = docstrings | _definitions(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and node.value in statuses
                and id(node) not in allowed
            ):
                places.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.value!r}")
    for path in sorted(TEMPLATES.rglob("*.html")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if TEMPLATE_COMPARISON.search(line):
                places.append(f"{path.relative_to(ROOT)}:{number} status comparison")
    return places


def view_transactions() -> list[str]:
    places = []
    for path in python_files():
        if not path.name.startswith("views"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                if name in ("commit", "rollback"):
                    places.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}()")
    return places


def view_modules_outside_vocabulary() -> list[str]:
    places = []
    for path in python_files():
        rel = path.relative_to(ROOT)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        is_view = path.name == "views.py" or path.name.startswith("views_")
        routes = any(
            isinstance(dec, ast.Call)
            and isinstance(dec.func, ast.Attribute)
            and dec.func.attr in ROUTE_DECORATORS
            and getattr(dec.func.value, "id", "") == "bp"
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef)
            for dec in node.decorator_list
        )
        if routes and not is_view:
            places.append(f"{rel} adds routes outside views*.py")
        view_modules = [p for p in path.parent.glob("views*.py")]
        for node in tree.body:
            defines_bp = (
                isinstance(node, ast.Assign)
                and isinstance(node.value, ast.Call)
                and getattr(node.value.func, "id", "") == "Blueprint"
            )
            if defines_bp and len(view_modules) > 1 and path.name != "blueprint.py":
                places.append(f"{rel}:{node.lineno} defines the blueprint of several view modules")
        if is_view:
            area = f"trading_house.{path.parent.name}"
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.module == area:
                    for alias in node.names:
                        if alias.name.startswith("views"):
                            places.append(f"{rel}:{node.lineno} imports {alias.name} for routes")
    return places


def duplicated_helpers() -> list[str]:
    defined: dict[str, dict[Path, int]] = defaultdict(dict)
    for path in python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if (
                isinstance(node, ast.FunctionDef)
                and node.name not in PER_AREA_HOOKS
                and not _named_by_decorator(node)
            ):
                defined[node.name].setdefault(path, node.lineno)  # ``@overload``s: one module
    return [
        f"{name}: {', '.join(f'{path.relative_to(ROOT)}:{line}' for path, line in places.items())}"
        for name, places in defined.items()
        if len(places) > 1
    ]


def _named_by_decorator(node: ast.FunctionDef) -> bool:
    """A function whose name its decorator gives a meaning: a view (``@bp.get``, ``@bp.route``…:
    the endpoint's name) or a CLI command (``@group.command("expire")``, ``@click.group()``)."""
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        name = getattr(target, "attr", getattr(target, "id", ""))
        if name in ROUTE_DECORATORS or name in ("command", "group"):
            return True
    return False


def core_imports_of_areas() -> list[str]:
    places = []
    pattern = re.compile(r"^\s*(?:from|import)\s+trading_house\.(?!core\b|extensions\b)(\w+)")
    for path in sorted((PACKAGE / "core").rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            match = pattern.match(line)
            if match:
                places.append(f"{path.relative_to(ROOT)}:{number} imports {match.group(1)}")
    return places


def mypy_errors() -> list[str] | None:
    mypy = Path(sys.executable).parent / "mypy"
    if not mypy.exists():
        return None
    result = subprocess.run(  # noqa: S603 - our own tool, fixed arguments
        [str(mypy), "trading_house"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    return [line for line in result.stdout.splitlines() if ": error:" in line]


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    counts = {
        "status literals outside status modules": status_literals(lifecycle_statuses()),
        "commit/rollback calls in views": view_transactions(),
        "helpers defined in more than one module": duplicated_helpers(),
        "core modules importing a domain area": core_imports_of_areas(),
        "view modules outside the file vocabulary": view_modules_outside_vocabulary(),
    }
    errors = mypy_errors()
    if errors is not None:
        counts["mypy errors"] = errors
    for title, places in counts.items():
        print(f"{len(places):5d}  {title}")
        if verbose:
            for place in places:
                print(f"         {place}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
