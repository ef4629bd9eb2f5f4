"""No physics number hides in code: a literal with more than three significant digits belongs in the
constants or inputs data (with its source), in ``units.py`` (exact unit definitions) or on a line that
says why it is a numerical choice (``# numerical:`` on that line or the line above). Whole numbers
(grid sizes, counts) are allowed."""
from __future__ import annotations

import ast
import pathlib
import re

import leptoforce

ROOT = pathlib.Path(leptoforce.__file__).parent
EXEMPT_FILES = {"units.py"}
TAG = "# numerical:"


def significant_digits(text: str) -> int:
    """Significant digits of a numeric literal as written (``0.0012`` -> 2, ``6.582e-25`` -> 4)."""
    t = text.lower().replace("_", "").rstrip("j")
    m = re.fullmatch(r"([0-9]*\.?[0-9]*)(e[+-]?\d+)?", t)
    if not m or not m.group(1).strip("."):
        return 0
    digits = m.group(1).replace(".", "").lstrip("0").rstrip("0")
    return len(digits)


def _is_whole(text: str) -> bool:
    return re.fullmatch(r"[0-9_]+", text) is not None


def offending_literals(root: pathlib.Path = ROOT) -> list[str]:
    rows = []
    for path in sorted(root.rglob("*.py")):
        if path.name in EXEMPT_FILES:
            continue
        src = path.read_text()
        lines = src.splitlines()
        for node in ast.walk(ast.parse(src)):
            if not isinstance(node, ast.Constant) or isinstance(node.value, bool) \
                    or not isinstance(node.value, (int, float, complex)):
                continue
            seg = ast.get_source_segment(src, node) or ""
            if _is_whole(seg) or significant_digits(seg) <= 3:
                continue
            here = lines[node.lineno - 1]
            above = lines[node.lineno - 2] if node.lineno > 1 else ""
            if TAG in here or above.strip().startswith(TAG):
                continue
            rows.append(f"{path.relative_to(root)}:{node.lineno}: {seg}")
    return rows


def test_significant_digits_counts_as_written():
    assert significant_digits("0.0012") == 2
    assert significant_digits("6.582119569e-25") == 10
    assert significant_digits("1.001") == 4
    assert significant_digits("1e-8") == 1
    assert significant_digits("120.0") == 2


def test_no_unsourced_physics_numbers_in_code():
    rows = offending_literals()
    assert not rows, ("numbers with more than 3 significant digits outside the constants/inputs data "
                      "(move them there with a source, or tag a numerical choice with '# numerical:'):\n"
                      + "\n".join(rows))


def test_the_check_catches_a_planted_number(tmp_path):
    (tmp_path / "mod.py").write_text("x = 0.1199\ny = 4001\n# numerical: margin\nz = 1.001\n")
    assert offending_literals(tmp_path) == ["mod.py:1: 0.1199"]
