"""The layout's import rules, read from the source with ``ast``: data flows one way.

files → store → domain (plan, board) → checks, review, papers → render → cli. Every
``import`` counts wherever it is written (module level, inside a function, under
``TYPE_CHECKING``), because a function-level import is still a dependency. A failure
names the file, the line, the import and the rule it breaks.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import PROJECT_ROOT

SRC = PROJECT_ROOT / "src"
PACKAGE = "sendtrack"


@dataclass(frozen=True)
class Rule:
    """Modules under ``modules`` (but not under ``except_in``) may not import anything
    under ``forbidden`` (but may import what is under ``allowed``)."""

    modules: tuple[str, ...]
    forbidden: tuple[str, ...]
    why: str
    allowed: tuple[str, ...] = ()
    except_in: tuple[str, ...] = ()

    def applies_to(self, module: str) -> bool:
        return any(within(module, m) for m in self.modules) and not any(
            within(module, e) for e in self.except_in
        )

    def breaks(self, target: str) -> bool:
        return any(within(target, f) for f in self.forbidden) and not any(
            within(target, a) for a in self.allowed
        )


EVERYWHERE = (PACKAGE,)

RULES = (
    Rule(
        ("sendtrack.core",),
        (PACKAGE,),
        "core is the bottom of the flow: it imports nothing from sendtrack",
        allowed=("sendtrack.core",),
    ),
    Rule(
        ("sendtrack.models",),
        (PACKAGE,),
        "models import only core (store validates into them)",
        allowed=("sendtrack.core", "sendtrack.models"),
    ),
    Rule(
        ("sendtrack.store",),
        (PACKAGE,),
        "store imports no domain package (plan, board, papers, review, checks, render, "
        "cli): only core and models",
        allowed=("sendtrack.core", "sendtrack.models", "sendtrack.store"),
    ),
    Rule(
        ("sendtrack.render",),
        ("sendtrack.store",),
        "render imports no store: pass it what it needs as data",
    ),
    Rule(
        EVERYWHERE,
        ("sendtrack.render",),
        "only cli imports render: the library computes, the CLI renders",
        except_in=("sendtrack.render", "sendtrack.cli"),
    ),
    Rule(
        EVERYWHERE,
        ("sendtrack.cli",),
        "nothing below the CLI imports it",
        except_in=("sendtrack.cli", "sendtrack.__main__"),
    ),
    Rule(EVERYWHERE, ("typer",), "only cli imports Typer", except_in=("sendtrack.cli",)),
    Rule(EVERYWHERE, ("click",), "import nothing from click: Typer vendors it"),
    Rule(
        EVERYWHERE,
        ("rich.console",),
        "only render and cli import rich's console: render draws text with it (into a "
        "string), the library returns data, the CLI prints",
        except_in=("sendtrack.render", "sendtrack.cli"),
    ),
)

WRITERS = ("print", "sys.stdout", "sys.stderr")
"""What writes to the terminal: only the CLI does."""


def within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def read_sources(root: Path) -> dict[str, tuple[str, str]]:
    """module name → (path shown in messages, source) for every module under ``root``."""
    return {
        module_name(path, root): (str(path.relative_to(PROJECT_ROOT)), path.read_text("utf-8"))
        for path in sorted((root / PACKAGE).rglob("*.py"))
    }


@dataclass(frozen=True)
class Import:
    module: str
    target: str
    line: int


def imports(module: str, source: str, known: set[str], is_package: bool) -> Iterator[Import]:
    """Every module ``module`` imports, resolving relative imports and ``from a import b``
    where ``a.b`` is a module (``from sendtrack.plan import edits``)."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(module, alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            yield Import(module, base, node.lineno)
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                if candidate in known or not within(base, PACKAGE):
                    yield Import(module, candidate, node.lineno)


def writes(source: str) -> Iterator[tuple[int, str]]:
    """Calls of ``print`` and uses of ``sys.stdout``/``sys.stderr``, with their lines."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id == "print":
                yield node.lineno, "print()"
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and f"{node.value.id}.{node.attr}" in WRITERS
        ):
            yield node.lineno, f"{node.value.id}.{node.attr}"


def violations(sources: Mapping[str, tuple[str, str]]) -> list[str]:
    known = set(sources)
    found: list[str] = []
    for module, (shown, source) in sources.items():
        is_package = shown.endswith("__init__.py")
        for imp in imports(module, source, known, is_package):
            for rule in RULES:
                if rule.applies_to(module) and rule.breaks(imp.target):
                    found.append(f"{shown}:{imp.line}: {module} imports {imp.target}: {rule.why}")
        if not within(module, "sendtrack.cli"):
            for line, what in writes(source):
                found.append(
                    f"{shown}:{line}: {module} uses {what}: only cli writes to the terminal"
                )
    return sorted(set(found))


def test_imports_follow_the_flow() -> None:
    problems = violations(read_sources(SRC))
    assert problems == [], "imports against the layout:\n" + "\n".join(problems)


def test_the_import_graph_is_read() -> None:
    """The reader sees real imports (else the rules would pass on nothing)."""
    sources = read_sources(SRC)
    assert {"sendtrack.store.yamlio", "sendtrack.render.problems", "sendtrack.cli.app"} <= set(
        sources
    )
    targets = {
        (imp.module, imp.target)
        for module, (shown, source) in sources.items()
        for imp in imports(module, source, set(sources), shown.endswith("__init__.py"))
    }
    assert ("sendtrack.cli.app", "typer") in targets
    # Function-level, and 'from package import module' resolved to the module.
    assert ("sendtrack.cli.plan_edit", "sendtrack.plan.edits") in targets
    assert ("sendtrack.checks", "sendtrack.checks.rules") in targets


def test_each_rule_catches_what_it_forbids() -> None:
    """One offending module per rule, written here: each is reported with its line."""
    offending = {
        "sendtrack.core.bad": "def f():\n    from sendtrack.store import yamlio\n",
        "sendtrack.models.bad": "from sendtrack.plan.health import Health\n",
        "sendtrack.store.bad": "import sendtrack.checks.validate\n",
        "sendtrack.render.bad": (
            "from typing import TYPE_CHECKING\n"
            "if TYPE_CHECKING:\n    from sendtrack.store.yamlio import Document\n"
        ),
        "sendtrack.papers.bad": "from sendtrack.render.charts import Chart\n",
        "sendtrack.plan.bad": "from ..cli import common\n",
        "sendtrack.board.bad": "def f():\n    import typer\n",
        "sendtrack.review.bad": "from rich.console import Console\n",
        "sendtrack.cli.bad": "from click import echo\n",
        "sendtrack.checks.bad": (
            "import sys\n\ndef f():\n    print('x')\n    sys.stderr.write('y')\n"
        ),
        "sendtrack.store.fine": "from sendtrack.core.problems import Problem\nimport yaml\n",
        "sendtrack.render.fine": "from sendtrack.plan.status import MilestoneRow\n",
        "sendtrack.cli.fine": "import typer\nfrom rich.console import Console\nprint('x')\n",
    }
    sources = {name: (name.replace(".", "/") + ".py", text) for name, text in offending.items()}
    sources["sendtrack.cli.common"] = ("sendtrack/cli/common.py", "")
    found = violations(sources)
    assert found == sorted(
        [
            "sendtrack/board/bad.py:2: sendtrack.board.bad imports typer: only cli imports Typer",
            "sendtrack/checks/bad.py:4: sendtrack.checks.bad uses print(): only cli writes to the "
            "terminal",
            "sendtrack/checks/bad.py:5: sendtrack.checks.bad uses sys.stderr: only cli writes to "
            "the terminal",
            "sendtrack/cli/bad.py:1: sendtrack.cli.bad imports click.echo: import nothing from "
            "click: Typer vendors it",
            "sendtrack/cli/bad.py:1: sendtrack.cli.bad imports click: import nothing from click: "
            "Typer vendors it",
            "sendtrack/core/bad.py:2: sendtrack.core.bad imports sendtrack.store: core is the "
            "bottom of the flow: it imports nothing from sendtrack",
            "sendtrack/models/bad.py:1: sendtrack.models.bad imports sendtrack.plan.health: models "
            "import only core (store validates into them)",
            "sendtrack/papers/bad.py:1: sendtrack.papers.bad imports sendtrack.render.charts: only "
            "cli imports render: the library computes, the CLI renders",
            "sendtrack/plan/bad.py:1: sendtrack.plan.bad imports sendtrack.cli: nothing below the "
            "CLI imports it",
            "sendtrack/plan/bad.py:1: sendtrack.plan.bad imports sendtrack.cli.common: nothing "
            "below the CLI imports it",
            "sendtrack/render/bad.py:3: sendtrack.render.bad imports sendtrack.store.yamlio: "
            "render imports no store: pass it what it needs as data",
            "sendtrack/review/bad.py:1: sendtrack.review.bad imports rich.console.Console: only "
            "render and cli import rich's console: render draws text with it (into a string), "
            "the library returns data, the CLI prints",
            "sendtrack/review/bad.py:1: sendtrack.review.bad imports rich.console: only render "
            "and cli import rich's console: render draws text with it (into a string), the "
            "library returns data, the CLI prints",
            "sendtrack/store/bad.py:1: sendtrack.store.bad imports sendtrack.checks.validate: "
            "store imports no domain package (plan, board, papers, review, checks, render, cli): "
            "only core and models",
        ]
    )
