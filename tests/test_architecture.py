"""The layers of dashboard/ (docs/ARCHITECTURE.md): arrows only point down, no import cycle, and
only the Streamlit edge imports Streamlit."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "dashboard"
# What each layer may import from dashboard/, besides itself.
ALLOWED = {
    "i18n": set(),  # the interface's languages: the floor every layer stands on
    "model": {"i18n"},
    "loading": {"model", "i18n"},
    "render": {"model", "i18n"},
    "ui": {"model", "loading", "render", "i18n"},
    "views": {"model", "render", "ui", "i18n"},
    "app": {"model", "loading", "ui", "i18n"},
    "data": {"model", "loading"},
    "cli": {"loading"},  # the argument and load report the data commands share
    "validate": {"loading", "translations", "cli"},
    "brief": {"model", "loading", "render", "i18n"},  # the export command line
    "changes": {"model", "loading", "render", "i18n"},  # the 'what changed' command line
    "translations": {"model", "loading", "cli"},  # the data's translation files, for maintainers
}
STREAMLIT_LAYERS = {"ui", "views", "app"}


def modules() -> dict[str, tuple[str, set[str], bool]]:
    """module name -> (layer, dashboard modules it imports, imports streamlit)."""
    found = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(("dashboard", *parts)).removesuffix(".__init__")
        layer = parts[0]
        imported, streamlit = set(), False
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else []
            )
            for module in names:
                if module == "streamlit" or module.startswith("streamlit."):
                    streamlit = True
                elif module.startswith("dashboard."):
                    imported.add(module)
                    if isinstance(node, ast.ImportFrom):  # `from dashboard.render import charts` imports a module
                        imported.update(f"{module}.{a.name}" for a in node.names)
        found[name] = (layer, imported, streamlit)
    return found


MODULES = modules()


def test_the_layers_are_all_known():
    assert {layer for layer, _, _ in MODULES.values()} - {"__init__", "static"} <= set(ALLOWED)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_point_down(name):
    layer, imported, _ = MODULES[name]
    allowed = ALLOWED.get(layer, set()) | {layer}
    wrong = sorted(m for m in imported if m in MODULES and m.split(".")[1] not in allowed)
    assert wrong == [], f"{name} ({layer}) imports {wrong}; {layer} may import only {sorted(allowed)}"


def test_only_the_edge_imports_streamlit():
    assert sorted(n for n, (layer, _, st) in MODULES.items() if st and layer not in STREAMLIT_LAYERS) == []
    assert any(st for layer, _, st in MODULES.values() if layer == "ui")  # the check itself can see an import


def test_no_import_cycle():
    graph = {name: {m for m in imported if m in MODULES and m != name} for name, (_, imported, _) in MODULES.items()}
    done, active = set(), []

    def visit(node):
        if node in active:
            raise AssertionError("import cycle: " + " -> ".join([*active[active.index(node) :], node]))
        if node in done:
            return
        active.append(node)
        for nxt in sorted(graph[node]):
            visit(nxt)
        active.pop()
        done.add(node)

    for name in sorted(graph):
        visit(name)


def test_the_stable_import_for_scripts_still_works():
    from dashboard.data import DataError, load_dataset

    assert callable(load_dataset) and issubclass(DataError, Exception)
