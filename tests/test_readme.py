"""The README and docs/ tell the truth: every fenced Python block in them runs, every
relative link leads to a file (and heading) that exists, the README stays a two-minute read,
and docs/cli.md and docs/explain.md name the same flags and record fields as `--help`.

Each Python block runs as written, in a fresh namespace holding only the names it uses
without defining (`html` rows, a Ray dataset, a Spark session...), made here from small
fixtures; a block that needs a name nobody provides fails, naming it. The Spark block runs on
a real local[2] Spark session (marked `spark`, like the other engine test)."""

from __future__ import annotations

import ast
import builtins
import os
import re
import sys
from pathlib import Path

import pytest
from test_cli import page, records, run
from test_integrations import require

from cleaner.batch import cli, explain_cli
from examples import make_sample_warc

REPO = Path(__file__).resolve().parents[1]
DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
SPARK_NAMES = {"sc", "spark", "df"}


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def python_blocks() -> list[tuple[str, str]]:
    """("FILE:line", code) of every ```python block of the README and docs/."""
    blocks = []
    for path in DOCS:
        text = _read(path)
        for m in re.finditer(r"^```python\n(.*?)^```", text, re.DOTALL | re.MULTILINE):
            where = f"{path.relative_to(REPO)}:{text.count(chr(10), 0, m.start()) + 1}"
            blocks.append((where, m.group(1)))
    return blocks


def free_names(code: str) -> set[str]:
    """Names a block reads but neither defines, imports nor finds among the builtins."""
    tree = ast.parse(code)
    bound, read = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (read if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.update((a.asname or a.name).split(".")[0] for a in node.names)
    return read - bound - set(dir(builtins))


BLOCKS = python_blocks()


def test_the_readme_and_docs_have_python_examples():
    files = {where.split(":")[0] for where, _ in BLOCKS}
    assert {"README.md", "docs/integrations.md", "docs/api.md"} <= files
    assert len(BLOCKS) >= 4                    # quick start, API, streaming hook, Spark


def test_the_readme_is_a_two_minute_read():
    readme = _read(REPO / "README.md")
    assert len(readme.splitlines()) <= 250
    for command in ('pip install -U pip && pip install -e ".[dev,bench]" && python -m cleaner',
                    'pip install -e ".[dev,bench,datatrove,spark]" && python -m pytest -q'):
        assert command in readme
    assert "cleaner-html" in readme and "import cleaner" in readme
    # A newcomer pastes the README's examples as they are: they must need nothing defined
    # elsewhere (the docs' examples may, and get fixtures below).
    for where, code in BLOCKS:
        if where.startswith("README.md:"):
            assert free_names(code) == set(), where


def _anchor(heading: str) -> str:
    """GitHub's anchor of a markdown heading."""
    slug = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return slug.replace(" ", "-")


@pytest.mark.parametrize("path", DOCS, ids=lambda p: str(p.relative_to(REPO)))
def test_every_relative_link_leads_somewhere(path):
    text = re.sub(r"^```.*?^```", "", _read(path), flags=re.DOTALL | re.MULTILINE)
    text = re.sub(r"`[^`\n]*`", "", text)        # code spans: `[text](url)` is no link
    links = re.findall(r"\]\(([^)\s]+)\)", text)
    for link in links:
        if re.match(r"\w+:", link):              # https:, mailto:
            continue
        target, _, anchor = link.partition("#")
        file = (path.parent / target).resolve() if target else path
        assert file.exists(), f"{path.name}: {link} leads nowhere"
        if anchor:
            headings = re.findall(r"^#+ (.*)$", _read(file), flags=re.MULTILINE)
            assert anchor in {_anchor(h) for h in headings}, f"{path.name}: no #{anchor}"


def test_the_readme_links_every_doc():
    readme = _read(REPO / "README.md")
    for path in DOCS[1:]:
        if path.name != "README.md":
            assert f"docs/{path.name}" in readme, path.name


class FakeDataset:
    """Ray Data's Dataset, as far as the README uses it: map_batches(fn, fn_kwargs=...) calls
    fn(batch, **fn_kwargs) on a dict of columns (Ray's "default" batch format for dicts)."""

    def __init__(self, batch: dict) -> None:
        self.batch = batch
        self.out: dict | None = None

    def map_batches(self, fn, fn_kwargs=None, **_ray_options):
        self.out = fn(self.batch, **(fn_kwargs or {}))
        return self


@pytest.fixture
def spark_names(tmp_path):
    """A local[2] Spark session, its context, a DataFrame of pages (id, url, html) and, in
    the working folder, `warc.paths` listing two sample WARCs."""
    require("pyspark", "spark")
    require("pyarrow", "spark")
    from pyspark.sql import SparkSession

    make_sample_warc.build(tmp_path / "warc", parts=2)
    (tmp_path / "warc.paths").write_text((tmp_path / "warc" / "paths.txt").read_text())
    os.environ["PYSPARK_PYTHON"] = sys.executable
    spark = (SparkSession.builder.master("local[2]").appName("cleaner-readme")
             .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
             .getOrCreate())
    df = spark.createDataFrame([(f"p{i}", f"https://e.org/{i}", page(i)) for i in range(3)],
                               "id string, url string, html string")
    try:
        yield {"spark": spark, "sc": spark.sparkContext, "df": df}
    finally:
        spark.stop()


@pytest.mark.parametrize("where, code", [
    pytest.param(where, code, id=where,
                 marks=[pytest.mark.spark] if free_names(code) & SPARK_NAMES else [])
    for where, code in BLOCKS])
def test_readme_python_block_runs(where, code, tmp_path, monkeypatch, request):
    monkeypatch.chdir(tmp_path)                # blocks write where they like ("out/")
    (tmp_path / "corpus").symlink_to(REPO / "corpus")
    korean = ("<html><body><article><h1>예산</h1>" + "<p>시의회는 화요일 저녁 도서관과 공원 "
              "예산을 오랫동안 논의했으며 주민들이 발언했다.</p>" * 4 + "</article></body></html>")
    names = {
        "url": "https://example.com/a",
        "raw_bytes": korean.encode("euc-kr"),
        "rows": [{"id": f"r{i}", "url": f"https://e.org/{i}", "raw_html": page(i)}
                 for i in range(3)],
        "ds": FakeDataset({"id": ["a", "b"], "url": [None, None],
                           "html": [page(1), page(2)]}),
    }
    wanted = free_names(code)
    if wanted & SPARK_NAMES:
        names.update(request.getfixturevalue("spark_names"))
        # Spark resolves relative paths against its JVM's working folder, which is where the
        # first session of this test process started, not this test's: make them absolute.
        code = code.replace('"warc.paths"', repr(str(tmp_path / "warc.paths")))
        code = code.replace('"out/"', repr(str(tmp_path / "out")))
    missing = wanted - set(names)
    assert not missing, f"{where} uses {sorted(missing)}: give them a fixture here"
    namespace = {name: names[name] for name in wanted}
    exec(compile(code, where, "exec"), namespace)    # noqa: S102 - our docs

    # What the blocks leave behind is what they promise.
    if "article" in namespace:
        assert namespace["article"].text
        assert namespace["article"].markdown or "formats=" not in code
    if "ds" in wanted:
        out = namespace["ds"].out
        assert out["id"] == ["a", "b"] and all(out["text"]) and out["error"] == [None, None]
    if "out" in namespace and isinstance(namespace["out"], dict):     # iter_clean's last
        assert namespace["out"]["error"] is None and namespace["out"]["text"]
    if wanted & SPARK_NAMES:
        rows = names["spark"].read.parquet(str(tmp_path / "out")).collect()
        assert rows and all(r["text"] and r["error"] is None for r in rows)


# --- the command line reference and --help --------------------------------------------------


def _cli_section() -> str:
    """`cleaner PATH...`'s reference."""
    return _read(REPO / "docs" / "cli.md")


def _explain_section() -> str:
    return _read(REPO / "docs" / "explain.md")


@pytest.mark.parametrize("parser_of, section_of", [
    (lambda: cli.build_parser(), _cli_section),
    (lambda: explain_cli.build_parser(), _explain_section),
], ids=["cleaner", "cleaner explain"])
def test_readme_cli_section_and_help_name_the_same_flags(parser_of, section_of):
    parser = parser_of()
    flags = {opt for action in parser._actions for opt in action.option_strings
             if opt.startswith("--")}
    shorts = {opt for action in parser._actions for opt in action.option_strings
              if re.fullmatch(r"-\w", opt)}
    section = section_of()
    named = set(re.findall(r"(?<![\w-])--[a-z][a-z-]*[a-z]", section))
    assert flags - named == set(), "flags of --help the README does not describe"
    assert named - flags == set(), "flags the README describes that --help does not have"
    assert shorts - set(re.findall(r"(?<![\w-])-\w\b", section)) == set()
    if section_of is _explain_section:
        return
    help_text = " ".join(parser.format_help().split())
    section = " ".join(section.split())
    for promise in ("141", "stdin", ".jsonl.gz", "--with-metadata", "JSONL"):
        assert promise in help_text and promise in section, promise
    assert "- is stdout" in help_text and "(or `-o -`)" in section
    assert "append" not in help_text     # --output-jsonl refuses an existing file unless --resume


def test_record_fields_are_the_ones_readme_and_help_list(tmp_path):
    (tmp_path / "a.html").write_text(page(1))
    (rec,) = records(run(tmp_path / "a.html", "--with-markdown", "--with-html").stdout)
    listed = re.search(r"Every input page yields exactly one record:(.*?)`text` is empty",
                       _cli_section(), re.DOTALL).group(1)
    in_readme = re.findall(r'"(\w+)"', listed)
    help_text = cli.build_parser().format_help()
    in_help = re.findall(r'"(\w+)"', help_text[help_text.index("records:"):])
    assert set(rec) | {"error"} == set(in_readme) == set(in_help)
    assert list(rec) == [f for f in in_readme if f != "error"]     # and in the README's order
