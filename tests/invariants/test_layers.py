"""The architecture is kept (issue 20): no module imports a higher layer, the physics engines do not import
each other, there are no import cycles, and no private name crosses a package boundary.

The layers, lowest first (a module may import its own layer's modules of the same package and any lower
layer): core (errors, units, validate, settings, constants, inputs, data, cache, numerics, progress,
provenance, bound_registry, _jit, jsonutil) < model < decays < {lab, thermal, sidm} (peers: independent engines)
< astro < experiments < inference < scenarios < scan < plotting < analyses < cli.
"""
import ast
import pathlib

import pytest

import leptoforce

ROOT = pathlib.Path(leptoforce.__file__).parent
LAYERS = [
    {"errors", "units", "validate", "settings", "constants", "inputs", "data", "cache", "numerics", "progress",
     "provenance", "bound_registry", "_jit", "jsonutil"},
    {"model"},
    {"decays"},
    {"lab", "thermal", "sidm"},
    {"astro"},
    {"experiments"},
    {"inference"},
    {"scenarios"},
    {"scan"},
    {"plotting"},
    {"analyses"},
    {"cli", "__main__"},
]
RANK = {pkg: i for i, layer in enumerate(LAYERS) for pkg in layer}
PEERS = {"lab", "thermal", "sidm"}


def _modules():
    for p in sorted(ROOT.rglob("*.py")):
        rel = p.relative_to(ROOT.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield ".".join(parts), p


def _is_module(name: str) -> bool:
    path = ROOT.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _imports(mod: str, path: pathlib.Path):
    """(target module, names, line) of every leptoforce import of ``mod`` (module and function level)."""
    is_pkg = path.name == "__init__.py"
    pkg = mod.split(".") if is_pkg else mod.split(".")[:-1]
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = pkg[: len(pkg) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("leptoforce"):
                continue
            names = [a.name for a in node.names]
            subs = [f"{target}.{n}" for n in names if _is_module(f"{target}.{n}")]
            for s in subs:
                yield s, [], node.lineno
            rest = [n for n in names if not _is_module(f"{target}.{n}")]
            if rest or not subs:
                yield target, rest, node.lineno
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("leptoforce"):
                    yield a.name, [], node.lineno


def _package(mod: str) -> str:
    parts = mod.split(".")
    return parts[1] if len(parts) > 1 else ""


EDGES = [(mod, tgt, names, ln) for mod, path in _modules() for tgt, names, ln in _imports(mod, path)]


def test_every_package_has_a_layer():
    pkgs = {_package(m) for m, _ in _modules()} - {""}
    assert pkgs <= set(RANK), f"packages without a layer: {sorted(pkgs - set(RANK))}"


def test_no_module_imports_a_higher_layer_or_a_peer_engine():
    bad = []
    for mod, tgt, _, ln in EDGES:
        a, b = _package(mod), _package(tgt)
        if not a or not b or a == b:
            continue
        if RANK[b] > RANK[a]:
            bad.append(f"{mod}:{ln} imports the higher layer {tgt}")
        elif a in PEERS and b in PEERS:
            bad.append(f"{mod}:{ln} imports the peer engine {tgt}")
    assert not bad, "\n".join(bad)


def test_no_private_name_crosses_a_package():
    bad = [f"{mod}:{ln} imports {n} from {tgt}" for mod, tgt, names, ln in EDGES
           if _package(mod) != _package(tgt) for n in names if n.startswith("_") and n != "__version__"]
    bad += [f"{mod}:{ln} imports the private module {tgt}" for mod, tgt, _, ln in EDGES
            if _package(mod) != _package(tgt) and tgt.split(".")[-1].startswith("_") and tgt.split(".")[-1] != "_jit"]
    assert not bad, "\n".join(bad)


def test_no_import_cycles():
    graph: dict[str, set[str]] = {}
    for mod, tgt, _, _ in EDGES:
        if tgt != mod and tgt != "leptoforce":
            graph.setdefault(mod, set()).add(tgt)
    state: dict[str, int] = {}
    cycles = []

    def visit(n, stack):
        state[n] = 1
        for m in graph.get(n, ()):
            if state.get(m) == 1:
                cycles.append(" -> ".join(stack[stack.index(m):] + [m]) if m in stack else f"{n} -> {m}")
            elif not state.get(m):
                visit(m, stack + [m])
        state[n] = 2
    for n in sorted(graph):
        if not state.get(n):
            visit(n, [n])
    assert not cycles, "\n".join(cycles)


@pytest.mark.parametrize("module", ["leptoforce.analyses.dampe_emu", "leptoforce.analyses.bl_numsm"])
def test_no_physics_at_import_time(module):
    """Importing an analysis computes nothing: its module level holds no call into the physics."""
    tree = ast.parse(ROOT.parent.joinpath(*module.split(".")).with_suffix(".py").read_text())
    physics_calls = []
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            for call in ast.walk(node):
                if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id[0].isupper() \
                        and call.func.id not in ("dict", "tuple"):
                    physics_calls.append(f"line {node.lineno}: {call.func.id}(...)")
    assert not physics_calls, physics_calls
