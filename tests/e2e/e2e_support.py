"""Shared helpers for the knipsel end-to-end tests.

Runs the real binaries in fresh temp folders, and reads the demo corpus
independently of knipsel (its own small parsers), so that the tests compare
the tools' answers with data the tools did not produce.
"""

import html.parser
import json
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
CORPUS_DIR = os.path.join(SOURCE_ROOT, "corpus")
SCHEMAS_DIR = os.path.join(SOURCE_ROOT, "schemas")
BIN_DIR = os.path.join(SOURCE_ROOT, "build", "bin")

KNIPSEL_INDEX = os.environ.get("KNIPSEL_INDEX") or os.path.join(BIN_DIR, "knipsel-index")
KNIPSEL_QUERY = os.environ.get("KNIPSEL_QUERY") or os.path.join(BIN_DIR, "knipsel-query")

TIMEOUT = 30


def clean_env(**extra):
    """The environment for a binary: no inherited KNIPSEL_* settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KNIPSEL_")}
    env.update(extra)
    return env


def run(argv, cwd, env=None):
    return subprocess.run(argv, cwd=cwd, env=env if env is not None else clean_env(),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=TIMEOUT, encoding="utf-8", errors="replace")


def fold(text):
    """Independent folding: NFKD, drop combining marks, casefold, ’ -> '."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.casefold()


# --- an independent reader of the demo corpus -------------------------------

TXT_HEADER = re.compile(r"^(date|title|source|url|lang) (.*)$")


def _read_txt(path):
    meta, body_lines = {}, []
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    i = 0
    while i < len(lines):
        m = TXT_HEADER.match(lines[i])
        if not m:
            break
        meta[m.group(1)] = m.group(2).strip()
        i += 1
    body_lines = lines[i:]
    return meta, "\n".join(body_lines)


def _read_md(path):
    meta = {}
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if text.startswith("---\n"):
        end = text.index("\n---", 4)
        for line in text[4:end].split("\n"):
            if ":" in line:
                k, v = line.split(":", 1)
                meta[k.strip()] = v.strip().strip('"')
        text = text[end + 4:]
    return meta, text


class _HtmlText(html.parser.HTMLParser):
    """Visible article text; skips the parts knipsel must not index."""
    SKIP = {"nav", "header", "footer", "aside", "script", "style"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts = []
        self.meta = {}
        self.in_title = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in self.SKIP:
            self.depth += 1
        elif tag == "title":
            self.in_title = True
        elif tag == "meta" and a.get("name") and a.get("content") is not None:
            self.meta[a["name"]] = a["content"]
        elif tag == "html" and a.get("lang"):
            self.meta.setdefault("lang", a["lang"])
        self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.depth:
            self.depth -= 1
        elif tag == "title":
            self.in_title = False
        self.parts.append(" ")

    def handle_data(self, data):
        if self.in_title:
            self.meta["title"] = self.meta.get("title", "") + data
        elif not self.depth:
            self.parts.append(data)


def _read_html(path):
    p = _HtmlText()
    with open(path, encoding="utf-8") as f:
        p.feed(f.read())
    return p.meta, "".join(p.parts)


def read_corpus(folder=CORPUS_DIR):
    """{id: {"title", "text" (title + body), "date", "lang", "source"}}."""
    docs = {}
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        ext = name.rsplit(".", 1)[-1].lower()
        if ext == "jsonl":
            with open(path, encoding="utf-8") as f:
                for line in f:
                    if not line.strip():
                        continue
                    o = json.loads(line)
                    docs["%s#%s" % (name, o["id"])] = {
                        "title": o.get("title", ""), "date": o.get("date"),
                        "lang": o.get("lang"), "source": o.get("source"),
                        "text": o.get("title", "") + "\n" + o.get("body", "")}
            continue
        if ext == "txt":
            meta, body = _read_txt(path)
        elif ext == "md":
            meta, body = _read_md(path)
        elif ext in ("html", "htm"):
            meta, body = _read_html(path)
        else:
            continue
        docs[name] = {"title": meta.get("title", ""), "date": meta.get("date"),
                      "lang": meta.get("lang"), "source": meta.get("source"),
                      "text": meta.get("title", "") + "\n" + body}
    return docs


def read_articles_tsv():
    """The corpus catalogue: list of dicts with file, id, date, format, lang, title."""
    with open(os.path.join(CORPUS_DIR, "articles.tsv"), encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    head = rows[0]
    return [dict(zip(head, r)) for r in rows[1:]]


def ids_matching(docs, *patterns):
    """Ids of documents whose folded text matches every regex pattern."""
    out = set()
    for doc_id, d in docs.items():
        t = fold(d["text"])
        if all(re.search(p, t) for p in patterns):
            out.add(doc_id)
    return out


def require_binaries():
    """Skips the test (class) when the binaries under test are not built."""
    for b in (KNIPSEL_INDEX, KNIPSEL_QUERY):
        if not os.access(b, os.X_OK):
            raise unittest.SkipTest("binary not built: %s" % b)


class TempCorpusCase(unittest.TestCase):
    """A test class with a fresh temp folder holding a copy of corpus/."""

    @classmethod
    def make_workdir(cls, copy_corpus=True, articles=None):
        """A fresh temp folder with corpus/ (a copy of the demo corpus, or empty),
        plus `articles` ({file name: text}) written into it."""
        require_binaries()
        work = tempfile.mkdtemp(prefix="knipsel-e2e-")
        if copy_corpus:
            shutil.copytree(CORPUS_DIR, os.path.join(work, "corpus"))
        else:
            os.mkdir(os.path.join(work, "corpus"))
        for name, text in (articles or {}).items():
            with open(os.path.join(work, "corpus", name), "w", encoding="utf-8") as f:
                f.write(text)
        return work

    @classmethod
    def index_workdir(cls):
        """Indexes cls.work's corpus/ into cls.db once for the class (the temp folder goes if it fails)."""
        cls.db = os.path.join(cls.work, "knipsel.db")
        r = run([KNIPSEL_INDEX, "--db", cls.db, "-q", "corpus"], cls.work)
        if r.returncode != 0:
            shutil.rmtree(cls.work, ignore_errors=True)
            raise AssertionError("indexing the corpus failed: rc=%d stderr=%r" % (r.returncode, r.stderr))

    @classmethod
    def tearDownClass(cls):
        if getattr(cls, "work", None):
            shutil.rmtree(cls.work, ignore_errors=True)

    def index(self, *args, cwd=None, env=None):
        return run([KNIPSEL_INDEX] + list(args), cwd or self.work, env)

    def query(self, *args, cwd=None, env=None):
        return run([KNIPSEL_QUERY] + list(args), cwd or self.work, env)

    def index_json(self, *args, expect_rc=0):
        r = self.index("--json", *args)
        self.assertEqual(r.returncode, expect_rc, "stdout=%r stderr=%r" % (r.stdout, r.stderr))
        try:
            return json.loads(r.stdout), r
        except ValueError:
            self.fail("--json output is not JSON: %r" % r.stdout)


class ArticlesCase(TempCorpusCase):
    """A test class over its own ARTICLES ({file name: text}), indexed once,
    searched as JSON."""

    ARTICLES = {}

    @classmethod
    def setUpClass(cls):
        cls.work = cls.make_workdir(copy_corpus=False, articles=cls.ARTICLES)
        cls.index_workdir()

    def hits(self, *query):
        """The results of a query (options may come first: "--all", "25%")."""
        r = self.query("--db", self.db, "--format", "json", "-n", "50", *query)
        self.assertIn(r.returncode, (0, 1), r.stderr)
        return json.loads(r.stdout)["results"]

    def ids(self, *query):
        return sorted(h["id"] for h in self.hits(*query))

    def marked(self, hit):
        """The marked pieces of a hit's snippet (highlights count characters)."""
        return [hit["snippet"][b:e] for b, e in hit["highlights"]]
