"""Hostile input: the bad-input matrix of knipsel-index and knipsel-query.

Each case puts one bad thing beside a good file in a fresh temp folder and
asserts what the README promises: a one-line message on stderr naming the
file (and line) and the problem, the exit code from the README's table,
the good document still indexed, and the index still opening and answering.

Cases that need another user (unreadable files, a read-only index) run the
tools as `nobody` through setpriv when the tests run as root, where
permission bits do not stop reads. The disk-full case mounts a 2 MB tmpfs,
or, where mounting is not allowed, limits the file size with RLIMIT_FSIZE.
"""

import json
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # also run as a file, not only by discover
from e2e_support import KNIPSEL_INDEX, KNIPSEL_QUERY, clean_env, require_binaries  # noqa: E402

GOOD_WORD = "zeldzaamgoed"  # only in the good file beside the bad one
TIMEOUT = 120               # for the big files; everything else is far quicker
IS_ROOT = os.geteuid() == 0
SETPRIV = shutil.which("setpriv")
MAX_RSS_BYTES = 512 * 1024 * 1024  # peak memory allowed for indexing a 200 MB file (capped at 16 MB)


class TookTooLong(AssertionError):
    pass


def run(argv, cwd, timeout=TIMEOUT, user=None, preexec_fn=None):
    """Runs a tool; `user="nobody"` drops root's privileges with setpriv."""
    if user:
        argv = [SETPRIV, "--reuid=" + user, "--regid=nogroup", "--clear-groups"] + list(argv)
    try:
        return subprocess.run(argv, cwd=cwd, env=clean_env(NO_COLOR="1"), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=timeout, preexec_fn=preexec_fn)
    except subprocess.TimeoutExpired:
        # Not the exception itself: it would print every one of 10,000 arguments.
        raise TookTooLong("%s with %d arguments ran for more than %s s"
                          % (os.path.basename(argv[0]), len(argv) - 1, timeout)) from None


def text(b):
    return b.decode("utf-8", "replace")


class BadInputCase(unittest.TestCase):
    """A fresh temp folder with `in/good.txt`; the test adds the bad file."""

    def setUp(self):
        require_binaries()
        self.work = tempfile.mkdtemp(prefix="knipsel-bad-")
        self.addCleanup(self.remove_work)
        self.root = os.path.join(self.work, "in")
        os.mkdir(self.root)
        self.write("good.txt", "title Goed artikel\n%s staat alleen hier.\n" % GOOD_WORD)

    def remove_work(self):
        for dirpath, dirnames, _ in os.walk(self.work):
            for d in dirnames:  # chmod 000 folders would stop rmtree
                path = os.path.join(dirpath, d)
                if not os.path.islink(path):
                    os.chmod(path, 0o755)
        shutil.rmtree(self.work, ignore_errors=True)

    def write(self, rel, data):
        path = os.path.join(os.fsencode(self.root), os.fsencode(rel))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
        return path

    # --- running the tools ---------------------------------------------------

    def index(self, *extra, db="k.db", **kw):
        r = run([KNIPSEL_INDEX, "--db", db] + list(extra) + ["in"], self.work, **kw)
        self.assertGreaterEqual(r.returncode, 0, "knipsel-index killed by signal %d; stderr=%r"
                                % (-r.returncode, r.stderr[-2000:]))
        self.assert_well_formed_stderr(r, "knipsel-index")
        return r

    def query(self, *words, db="k.db", fmt="json", match=(), **kw):
        r = run([KNIPSEL_QUERY, "--db", db, "--format", fmt, "-n", "100"] + list(match) + ["--"] + list(words),
                self.work, **kw)
        self.assertGreaterEqual(r.returncode, 0, "knipsel-query killed by signal %d" % -r.returncode)
        self.assert_well_formed_stderr(r, "knipsel-query")
        return r

    def ids(self, *words, db="k.db"):
        """Ids of the documents with every word."""
        r = self.query(*words, db=db, match=["--all"])
        self.assertIn(r.returncode, (0, 1), text(r.stderr))
        return {x["id"] for x in json.loads(text(r.stdout))["results"]}

    def results(self, *words, db="k.db"):
        r = self.query(*words, db=db, match=["--all"])
        self.assertIn(r.returncode, (0, 1), text(r.stderr))
        return json.loads(text(r.stdout))["results"]

    # --- what every case asserts ---------------------------------------------

    def assert_well_formed_stderr(self, r, tool):
        """Every stderr line is one diagnostic: "tool: error|warning: …" or "hint: …"."""
        for line in text(r.stderr).splitlines():
            if not line.strip() or line.startswith("hint: "):
                continue
            self.assertRegex(line, r"^%s: (error|warning): \S" % tool,
                             "stderr line is not a one-line diagnostic: %r" % line)

    def assert_message(self, r, level, file, problem, line=None, tool="knipsel-index", file_regex=False):
        """One stderr line `tool: level: FILE[:LINE]: …problem…` (problem is a regex)."""
        where = (file if file_regex else re.escape(file)) + (":%d" % line if line else "")
        pattern = r"^%s: %s: %s: .*%s" % (tool, level, where, problem)
        lines = text(r.stderr).splitlines()
        self.assertTrue(any(re.search(pattern, l) for l in lines),
                        "no stderr line matches %r in:\n%s" % (pattern, text(r.stderr)))

    def assert_good_indexed(self, db="k.db"):
        self.assertIn("good.txt", self.ids(GOOD_WORD, db=db), "the good file beside the bad one")

    def assert_exit(self, r, code):
        self.assertEqual(r.returncode, code, "stdout=%r stderr=%r" % (r.stdout[-500:], r.stderr[-2000:]))


# --- encodings and bytes -------------------------------------------------------

class TestEncodings(BadInputCase):

    def test_invalid_utf8_is_read_as_windows_1252_with_a_warning(self):
        self.write("kapot.txt", b"title Caf\xe9 kapot\nzeldzaamkapot \x93citaat\x94 na\xefef \xff\n")
        r = self.index()
        self.assert_exit(r, 0)
        self.assert_message(r, "warning", "in/kapot.txt", "converted from windows-1252")
        self.assertEqual(self.ids("zeldzaamkapot"), {"kapot.txt"})
        self.assertEqual(self.ids("café"), {"kapot.txt"})
        self.assertEqual(self.ids("naief"), {"kapot.txt"})
        self.assert_good_indexed()

    def test_a_stray_nul_byte_mid_file_is_a_blank_and_many_mark_it_binary(self):
        self.write("nul.txt", b"title Met nul\nzeldzaamnul kabinet\x00gevallen\n")
        self.write("veel.txt", b"title Veel nullen\nzeldzaamveel" + b"\x00\x01" * 20 + b"\n")
        r = self.index()
        self.assert_exit(r, 0)
        self.assert_message(r, "warning", "in/nul.txt", "1 NUL byte amid the text")
        self.assertEqual(self.ids("zeldzaamnul"), {"nul.txt"})
        # Two words, as after any blank: not one "kabinetgevallen" (whose
        # compound parts a query would find too, so --explain shows it).
        explained = text(run([KNIPSEL_INDEX, "--explain", "in/nul.txt"], self.work).stdout)
        self.assertRegex(explained, r"\n +gevallen +1 ")
        self.assertNotIn("kabinetgevallen", explained)
        self.assert_message(r, "warning", "in/veel.txt", "binary file, skipped")
        self.assertEqual(self.ids("zeldzaamveel"), set())
        self.assert_good_indexed()

    def test_a_file_indexed_before_that_turns_binary_keeps_its_article(self):
        self.write("was.txt", "title Was tekst\nzeldzaamwas\n")
        self.assert_exit(self.index(), 0)
        self.write("was.txt", b"\x7fELF\x02\x01\x00\x00" + bytes(range(256)) * 8)
        r = self.index("--json")
        self.assert_exit(r, 1)
        self.assert_message(r, "error", "in/was.txt", "binary file.*1 document is kept")
        self.assertEqual(json.loads(text(r.stdout))["removed"], 0)
        self.assertEqual(self.ids("zeldzaamwas"), {"was.txt"})

    def test_zeros_that_end_a_file_are_left_out_with_a_warning(self):
        # What a crash can leave at the end of a file being written.
        self.write("nullen.txt", b"title Nullen\nzeldzaamnullen staat hier\n" + b"\x00" * 4096)
        r = self.index()
        self.assert_exit(r, 0)
        self.assert_message(r, "warning", "in/nullen.txt", "ends in 4096 NUL bytes")
        self.assertEqual(self.ids("zeldzaamnullen"), {"nullen.txt"})

    def test_nul_byte_after_the_first_8_kb_is_indexed_as_text(self):
        self.write("laat.txt", b"zeldzaamvoor " + b"tekst " * 2000 + b"\x00 zeldzaamna\n")
        r = self.index()
        self.assert_exit(r, 0)
        self.assertEqual(self.ids("zeldzaamna"), {"laat.txt"})
        self.assert_good_indexed()

    def test_utf16_with_bom_is_converted(self):
        self.write("le.txt", b"\xff\xfe" + "title Één idee\nzeldzaamzestien coöperatie\n".encode("utf-16-le"))
        self.write("be.txt", b"\xfe\xff" + "zeldzaambe ideeën\n".encode("utf-16-be"))
        r = self.index()
        self.assert_exit(r, 0)
        self.assert_message(r, "warning", "in/le.txt", "converted from UTF-16LE")
        self.assert_message(r, "warning", "in/be.txt", "converted from UTF-16BE")
        hits = self.results("zeldzaamzestien", "cooperatie")
        self.assertEqual([h["title"] for h in hits], ["Één idee"])
        self.assertEqual(self.ids("zeldzaambe", "ideeen"), {"be.txt"})
        self.assert_good_indexed()

    def test_utf16_without_bom_is_converted(self):
        # What `iconv -t utf-16le` writes: no byte order mark.
        self.write("le.txt", "title Zestien\nzeldzaamzonderbom coöperatie\n".encode("utf-16-le"))
        self.write("be.txt", "zeldzaambezonder ideeën\n".encode("utf-16-be"))
        r = self.index()
        self.assert_exit(r, 0)
        self.assert_message(r, "warning", "in/le.txt", "converted from UTF-16LE")
        self.assert_message(r, "warning", "in/be.txt", "converted from UTF-16BE")
        self.assertEqual(self.ids("zeldzaamzonderbom", "cooperatie"), {"le.txt"})
        self.assertEqual(self.ids("zeldzaambezonder", "ideeen"), {"be.txt"})
        self.assert_good_indexed()

    def test_utf8_bom_is_dropped_before_the_header(self):
        self.write("bom.txt", b"\xef\xbb\xbftitle Bomtitel\nzeldzaambom\n")
        r = self.index()
        self.assert_exit(r, 0)
        self.assertEqual(text(r.stderr), "")
        self.assertEqual([h["title"] for h in self.results("zeldzaambom")], ["Bomtitel"])
        self.assert_good_indexed()

    def test_mixed_line_endings(self):
        self.write("gemengd.txt", b"title Gemengd\r\ndate 2019-02-27\rlijn zeldzaamcrlf\r\n"
                                  b"lijn zeldzaamcr\rlijn zeldzaamlf\n")
        r = self.index()
        self.assert_exit(r, 0)
        hits = self.results("zeldzaamcrlf", "zeldzaamcr", "zeldzaamlf")
        self.assertEqual([(h["title"], h["date"]) for h in hits], [("Gemengd", "2019-02-27")])
        self.assert_good_indexed()

    def test_empty_file_is_a_warning_naming_it(self):
        self.write("leeg.txt", b"")
        r = self.index()
        self.assert_exit(r, 0)
        self.assert_message(r, "warning", "in/leeg.txt", "empty file, nothing to index")
        self.assert_good_indexed()

    def test_a_file_of_blank_lines_is_blank_a_warning_naming_it(self):
        # As an empty file: no article in any format (it was an error, "no
        # title or body", every night).
        self.write("blanco.txt", b"\n\n  \n")
        self.write("bom.md", b"\xef\xbb\xbf\r\n")
        r = self.index()
        self.assert_exit(r, 0)
        self.assert_message(r, "warning", "in/blanco.txt", "blank file, nothing to index")
        self.assert_message(r, "warning", "in/bom.md", "blank file, nothing to index")
        self.assert_good_indexed()

    def test_an_article_emptied_with_a_line_break_loses_its_document_as_one_emptied_does(self):
        # `echo > artikel.txt` writes one line break: the article was kept,
        # with an error each night, where `: > artikel.txt` removed it.
        self.write("artikel.txt", "titel: Artikel\n\nzeldzaamartikel\n")
        self.assert_exit(self.index(), 0)
        self.write("artikel.txt", b"\n")
        r = self.index()
        self.assert_exit(r, 0)
        self.assert_message(r, "warning", "in/artikel.txt", "blank file, nothing to index")
        self.assertEqual(self.ids("zeldzaamartikel"), set())
        # A file of text with no article in it is an error, and keeps what it held.
        self.write("artikel.txt", "titel: Artikel\n\nzeldzaamartikel\n")
        self.assert_exit(self.index(), 0)
        self.write("artikel.txt", "date: 2019-03-04\n\n")
        r = self.index()
        self.assert_exit(r, 1)
        self.assert_message(r, "error", "in/artikel.txt", "no title or body; its 1 document is kept$")
        self.assertEqual(self.ids("zeldzaamartikel"), {"artikel.txt"})


# --- size ------------------------------------------------------------------------

class TestSize(BadInputCase):

    def test_200_mb_file_is_capped_with_a_warning_in_bounded_memory(self):
        words = " ".join("woord%d" % (i * 7919 % 5000) for i in range(2000)) + "\n"
        path = self.write("groot.txt", "title Groot\nzeldzaambegin\n")
        chunk = words * (1024 * 1024 // len(words))
        with open(path, "a") as f:
            for _ in range(200):
                f.write(chunk)
            f.write("zeldzaameinde\n")
        # The peak memory of this one run, measured in a fresh child so that
        # earlier tests do not count.
        rss_file = os.path.join(self.work, "rss")
        probe = ("import resource, subprocess, sys\n"
                 "r = subprocess.run(sys.argv[2:])\n"
                 "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n"
                 "sys.exit(r.returncode)\n")
        r = run([sys.executable, "-c", probe, rss_file, KNIPSEL_INDEX, "--db", "k.db", "in"], self.work)
        self.assert_exit(r, 0)
        self.assertIn("groot.txt: larger than 16 MB: only its first 16 MB are indexed", text(r.stderr))
        with open(rss_file) as f:
            peak = int(f.read()) * 1024
        sys.stderr.write("[200 MB file: knipsel-index peak RSS %.0f MB] " % (peak / 2**20))
        self.assertLess(peak, MAX_RSS_BYTES, "peak RSS %d MB" % (peak // 2**20))
        self.assertEqual(self.ids("zeldzaambegin"), {"groot.txt"})
        self.assertEqual(self.ids("zeldzaameinde"), set())
        self.assert_good_indexed()

    def test_single_10_mb_line(self):
        self.write("regel.txt", "zeldzaamlang " + "woord " * (10 * 1024 * 1024 // 6) + "zeldzaamslot")
        r = self.index()
        self.assert_exit(r, 0)
        hits = self.results("zeldzaamlang", "zeldzaamslot")
        self.assertEqual([h["id"] for h in hits], ["regel.txt"])
        self.assertLessEqual(len(hits[0]["title"]), 120)
        self.assert_good_indexed()

    def test_word_of_10000_letters(self):
        long_word = "a" * 10000
        self.write("woord.txt", "zeldzaamvoor %s zeldzaamachter\n" % long_word)
        r = self.index()
        self.assert_exit(r, 0)
        self.assertEqual(self.ids("zeldzaamvoor", "zeldzaamachter"), {"woord.txt"})
        q = self.query(long_word)
        self.assertIn(q.returncode, (0, 1), text(q.stderr))
        self.assert_good_indexed()

    def test_path_of_1000_characters(self):
        parts = ["map%03d-" % i + "x" * 93 for i in range(9)]
        rel = "/".join(parts) + "/" + "artikel-" + "y" * 80 + ".txt"
        self.assertGreaterEqual(len(rel), 1000)
        self.write(rel, "zeldzaamdiep\n")
        r = self.index()
        self.assert_exit(r, 0)
        self.assertEqual(self.ids("zeldzaamdiep"), {rel})
        again = self.index("--json")
        self.assert_exit(again, 0)
        self.assertEqual(json.loads(text(again.stdout))["unchanged"], 2, "the long id is found again")

    def test_file_names_with_space_newline_and_invalid_utf8(self):
        self.write(b"met spatie.txt", "zeldzaamspatie\n")
        self.write(b"nieuwe\nregel.txt", "zeldzaamnieuweregel\n")
        self.write(b"ongeldig-\xff\xfe.txt", "zeldzaamongeldig\n")
        r = self.index()
        self.assert_exit(r, 0)
        self.assertEqual(self.ids("zeldzaamspatie"), {"met spatie.txt"})
        # The id is shown with the newline as a space (document data is one line per field).
        self.assertEqual({i.replace("\n", " ") for i in self.ids("zeldzaamnieuweregel")}, {"nieuwe regel.txt"})
        self.assertEqual(len(self.ids("zeldzaamongeldig")), 1)
        self.assert_good_indexed()

    def test_a_name_that_is_no_utf8_is_shown_by_its_bytes_on_stderr_and_in_json(self):
        # It was printed raw on stderr and as U+FFFD in --json, where two
        # such names became one.
        self.write(b"caf\xe9.jsonl", "{niet json\n")
        self.write(b"caf\xe8.jsonl", "{niet json\n")
        r = self.index("--json")
        self.assert_exit(r, 1)
        self.assert_message(r, "error", "in/caf\\xE9.jsonl", "not valid JSON", line=1)
        files = sorted(e["file"] for e in json.loads(text(r.stdout))["errors"])
        self.assertEqual(files, ["in/caf\\xE8.jsonl", "in/caf\\xE9.jsonl"])

    def test_a_latin1_name_and_a_utf8_name_that_spells_its_escape_get_two_ids(self):
        self.write(b"caf\xe9.txt", "zeldzaamlatijn\n")
        self.write("caf%E9.txt", "zeldzaamprocent\n")
        self.assert_exit(self.index(), 0)
        self.assertEqual(self.ids("zeldzaamlatijn"), {"caf%E9.txt"})
        self.assertEqual(self.ids("zeldzaamprocent"), {"caf%25E9.txt"})

    def test_message_about_a_file_with_a_newline_in_its_name_is_one_line(self):
        self.write(b"slecht\nbestand.jsonl", "{niet json\n")
        r = self.index()
        self.assert_exit(r, 1)
        lines = [l for l in text(r.stderr).splitlines() if l.strip()]
        self.assertEqual(len(lines), 1, lines)
        self.assertIn("bestand.jsonl:1: not valid JSON", lines[0])

    def test_messages_tell_a_newline_in_a_name_from_a_backslash_written_there(self):
        # Both files are empty: each gets its warning, and the two lines differ
        # as knipsel-query shows the two ids (a backslash doubled).
        self.write(b"a\nb.txt", "")
        self.write(b"a\\x0Ab.txt", "")
        r = self.index()
        warnings = [l for l in text(r.stderr).splitlines() if "empty" in l]
        names = {re.search(r"/(a.*?\.txt): ", l).group(1) for l in warnings}
        self.assertEqual(names, {"a\\x0Ab.txt", "a\\\\x0Ab.txt"}, warnings)


# --- HTML --------------------------------------------------------------------------

class TestHtml(BadInputCase):

    def test_unclosed_tags(self):
        self.write("open.html", "<html><head><title>Open tags</title><body><p>zeldzaamopen <b>vet <div><i>schuin "
                                "<table><tr><td>cel zeldzaamcel")
        r = self.index()
        self.assert_exit(r, 0)
        hits = self.results("zeldzaamopen", "zeldzaamcel")
        self.assertEqual([h["title"] for h in hits], ["Open tags"])
        self.assert_good_indexed()

    def test_nesting_10000_deep(self):
        self.write("diep.html", "<title>Diep</title>" + "<div>" * 10000 + "zeldzaamdiepst" + "</div>" * 10000)
        self.write("diep2.html", "<title>Diep open</title>" + "<span><b>" * 5000 + "zeldzaamopen2")
        r = self.index()
        self.assert_exit(r, 0)
        self.assertEqual(self.ids("zeldzaamdiepst"), {"diep.html"})
        self.assertEqual(self.ids("zeldzaamopen2"), {"diep2.html"})
        self.assert_good_indexed()

    def test_huge_attribute_value(self):
        self.write("attr.html", '<title>Attribuut</title><p title="%s">zeldzaamattr</p><a href="%s">link</a>'
                   % ("x" * (5 * 1024 * 1024), "y" * 1024))
        r = self.index()
        self.assert_exit(r, 0)
        self.assertEqual(self.ids("zeldzaamattr"), {"attr.html"})
        self.assert_good_indexed()

    def test_entities_are_searchable_folded(self):
        self.write("entiteit.html", "<title>Entiteiten</title><p>Caf&eacute; in &#x2019;s-Gravenhage, "
                                    "Noord&#8209;Korea&#x2019;s co&ouml;peratie &amp; zeldzaamentiteit</p>")
        r = self.index()
        self.assert_exit(r, 0)
        for q in ("cafe", "café", "CAFÉ", "gravenhage", "noordkorea", "coöperatie", "cooperatie"):
            self.assertEqual(self.ids(q, "zeldzaamentiteit"), {"entiteit.html"}, q)
        self.assert_good_indexed()

    def test_page_that_is_all_script(self):
        self.write("script.html", "<html><head><script>var zeldzaamscript = 1;</script></head>"
                                  "<body><script>document.write('x')</script><style>p{}</style></body></html>")
        r = self.index()
        self.assert_exit(r, 1)
        self.assert_message(r, "error", "in/script.html", "no title or body")
        self.assertEqual(self.ids("zeldzaamscript"), set())
        self.assert_good_indexed()


# --- Markdown ----------------------------------------------------------------------

class TestMarkdown(BadInputCase):

    def test_front_matter_never_closed(self):
        self.write("open.md", "---\ntitle: Nooit gesloten\ndate: 2019-02-27\n\nzeldzaamopenmd\n")
        r = self.index()
        self.assert_exit(r, 0)
        self.assert_message(r, "warning", "in/open.md", "front matter is never closed", line=1)
        self.assertEqual(self.ids("zeldzaamopenmd"), {"open.md"})
        self.assert_good_indexed()

    def test_invalid_yaml(self):
        self.write("yaml.md", "---\ntitle: Kapotte YAML\n[niet: yaml\n\tdate: {\nsource: \"open\n---\n"
                              "zeldzaamyaml\n")
        r = self.index()
        self.assert_exit(r, 0)
        self.assert_message(r, "warning", "in/yaml.md", "front matter line is not 'key: value'", line=3)
        self.assertEqual([h["title"] for h in self.results("zeldzaamyaml")], ["Kapotte YAML"])
        self.assert_good_indexed()

    def test_impossible_date(self):
        self.write("datum.md", "---\ntitle: Rare datum\ndate: 2019-13-45\n---\nzeldzaamdatum\n")
        r = self.index()
        self.assert_exit(r, 0)
        self.assert_message(r, "warning", "in/datum.md", "invalid date '2019-13-45'", line=3)
        hits = self.results("zeldzaamdatum")
        self.assertEqual([(h["title"], h["date"]) for h in hits], [("Rare datum", None)])
        self.assert_good_indexed()


# --- JSON Lines --------------------------------------------------------------------

def jl(**fields):
    # Each line an article of its own: lines of one text are copies of one
    # article, which searches show once (test_copies.py).
    if isinstance(fields.get("body"), str) and fields["body"].strip() and isinstance(fields.get("id"), str):
        fields["body"] += " (regel %s)" % fields["id"]
    return json.dumps(fields, ensure_ascii=False) + "\n"


class TestJsonLines(BadInputCase):

    def write_lines(self, *lines):
        self.write("archief.jsonl", "".join(lines))

    def assert_lines_indexed(self, *ids):
        self.assertEqual(self.ids("zeldzaamregel"), {"archief.jsonl#" + i for i in ids})

    def test_truncated_last_line(self):
        self.write_lines(jl(id="a", title="Een", body="zeldzaamregel"),
                         '{"id": "b", "title": "Twee", "body": "zeldzaamregel')
        r = self.index()
        self.assert_exit(r, 1)
        self.assert_message(r, "error", "in/archief.jsonl", "not valid JSON", line=2)
        self.assert_lines_indexed("a")
        self.assert_good_indexed()

    def test_a_line_with_a_nul_byte_loses_only_that_line(self):
        self.write_lines(jl(id="a", body="zeldzaamregel"), jl(id="b", body="zeldzaamregel"),
                         jl(id="c", body="zeldzaamregel"))
        self.assert_exit(self.index(), 0)
        self.write("archief.jsonl", (jl(id="a", body="zeldzaamregel nieuw") + jl(id="b", body="zeldzaam\x00regel") +
                                     jl(id="c", body="zeldzaamregel")).encode("utf-8").replace(b"\\u0000", b"\x00"))
        r = self.index()
        self.assert_exit(r, 1)
        self.assert_message(r, "error", "in/archief.jsonl", "NUL bytes in the line, not indexed", line=2)
        self.assert_lines_indexed("a", "b", "c")  # b as it was
        self.assertEqual(self.ids("nieuw"), {"archief.jsonl#a"})

    def test_a_line_in_windows_1252_is_converted_alone(self):
        # One Latin-1 line among UTF-8 ones: the file was read as windows-1252
        # whole, and every "coöperatie" in it became "coÃ¶peratie".
        self.write("archief.jsonl", jl(id="a", body="zeldzaamregel coöperatie").encode("utf-8") +
                   b'{"id": "b", "body": "zeldzaamregel co\xf6peratie"}\n' +
                   jl(id="c", body="zeldzaamregel ideeën").encode("utf-8"))
        r = self.index()
        self.assert_exit(r, 0)
        self.assert_message(r, "warning", "in/archief.jsonl", "converted from windows-1252", line=2)
        self.assertEqual(self.ids("coöperatie"), {"archief.jsonl#a", "archief.jsonl#b"})
        self.assertEqual(self.ids("ideeën"), {"archief.jsonl#c"})

    def test_line_that_is_not_an_object(self):
        self.write_lines(jl(id="a", body="zeldzaamregel"), '["id", "b"]\n', '"tekst"\n', "42\n",
                         jl(id="c", body="zeldzaamregel"))
        r = self.index()
        self.assert_exit(r, 1)
        self.assert_message(r, "error", "in/archief.jsonl", "not a JSON object but array", line=2)
        self.assert_message(r, "error", "in/archief.jsonl", "not a JSON object but string", line=3)
        self.assert_message(r, "error", "in/archief.jsonl", "not a JSON object but number", line=4)
        self.assert_lines_indexed("a", "c")
        self.assert_good_indexed()

    def test_wrong_types(self):
        self.write_lines(jl(id="a", body="zeldzaamregel"), jl(id="b", title=3, body="zeldzaamregel"),
                         jl(id=["c"], body="zeldzaamregel"), jl(id="d", body={"p": "zeldzaamregel"}),
                         jl(id=5, body="zeldzaamregel", date=[2019, 2, 27]))
        r = self.index()
        self.assert_exit(r, 1)
        self.assert_message(r, "error", "in/archief.jsonl", "field 'title' must be a string, not number", line=2)
        self.assert_message(r, "error", "in/archief.jsonl", "field 'id' must be a string or an integer", line=3)
        self.assert_message(r, "error", "in/archief.jsonl", "field 'body' must be a string, not object", line=4)
        self.assert_message(r, "error", "in/archief.jsonl", "field 'date' must be a string", line=5)
        self.assert_lines_indexed("a")
        self.assert_good_indexed()

    def test_duplicate_ids_within_a_file(self):
        self.write_lines(jl(id="a", title="Eerste", body="zeldzaamregel"),
                         jl(id="b", body="zeldzaamregel"),
                         jl(id="a", title="Tweede", body="zeldzaamregel"))
        r = self.index()
        self.assert_exit(r, 1)
        self.assert_message(r, "error", "in/archief.jsonl", r"duplicate id 'a' \(first on line 1\)", line=3)
        self.assert_lines_indexed("a", "b")
        self.assertIn("Eerste", [h["title"] for h in self.results("zeldzaamregel")])
        self.assert_good_indexed()

    def test_lines_removed_beside_a_bad_line_go_from_the_index(self):
        # A bad line keeps the document of its id; the file's other lines
        # that are gone take theirs along. Only a line whose id cannot be
        # read keeps them all, and says so.
        self.write_lines(jl(id="a", body="zeldzaamregel"), jl(id="b", body="zeldzaamregel"),
                         jl(id="c", title="Charlie", body="zeldzaamregel"))
        self.assert_exit(self.index(), 0)
        self.write_lines(jl(id="a", body="zeldzaamregel"), jl(id="a", body="tweede"), jl(id="c", body=""))
        r = self.index()
        self.assert_exit(r, 1)
        self.assert_lines_indexed("a", "c")
        self.assertIn("Charlie", [h["title"] for h in self.results("zeldzaamregel")])
        self.write_lines(jl(id="a", body="zeldzaamregel"), '{"id": "c", "body": ')
        r = self.index()
        self.assert_exit(r, 1)
        self.assert_message(r, "warning", "in/archief.jsonl", "1 document of this file that it may no longer hold "
                            "kept, as this line could not be read", line=2)
        self.assert_lines_indexed("a", "c")

    def test_line_of_20_mb(self):
        self.write_lines(jl(id="a", body="zeldzaamregel"),
                         jl(id="groot", title="Groot", body="zeldzaamregel " + "woord " * (20 * 1024 * 1024 // 6)),
                         jl(id="c", body="zeldzaamregel"))
        r = self.index()
        self.assert_exit(r, 0)
        self.assert_lines_indexed("a", "groot", "c")
        self.assert_good_indexed()

    def test_number_out_of_range_loses_only_its_line(self):
        # Found by fuzz_parse_jsonl: nlohmann throws out_of_range (not
        # parse_error) for 1e999, which used to abort the whole run with 74.
        self.write_lines(jl(id="a", body="zeldzaamregel"), '{"id": "b", "body": "x", "n": 1e999}\n',
                         jl(id="c", body="zeldzaamregel"))
        r = self.index()
        self.assert_exit(r, 1)
        self.assert_message(r, "error", "in/archief.jsonl", "number overflow parsing '1e999'", line=2)
        self.assert_lines_indexed("a", "c")
        self.assert_good_indexed()


class TestFeeds(BadInputCase):

    FEED = ('<?xml version="1.0"?>\n<rss version="2.0"><channel><title>NOS</title>\n'
            + "".join('<item><guid>%d</guid><title>Titel %d</title><description>zeldzaamfeed %d.</description></item>\n'
                      % (i, i, i) for i in (1, 2, 3))
            + "</channel></rss>\n")

    def test_a_feed_cut_off_keeps_the_items_it_no_longer_has(self):
        # A download or copy cut short: the items after the cut were pruned.
        self.write("nos.rss", self.FEED)
        self.assert_exit(self.index(), 0)
        self.assertEqual(len(self.ids("zeldzaamfeed")), 3)
        self.write("nos.rss", self.FEED[:self.FEED.index("<item><guid>2")] + "<ite")
        r = self.index("--json")
        self.assert_exit(r, 0)
        self.assert_message(r, "warning", "in/nos.rss", "read as far as it could be recovered", line=4)
        self.assertEqual(json.loads(text(r.stdout))["removed"], 0)
        self.assertEqual(len(self.ids("zeldzaamfeed")), 3)
        # Whole again, with an item gone on purpose: that one is pruned.
        self.write("nos.rss", self.FEED.replace(self.FEED[self.FEED.index("<item><guid>3"):self.FEED.index("</channel>")], ""))
        r = self.index("--json")
        self.assert_exit(r, 0)
        self.assertEqual(json.loads(text(r.stdout))["removed"], 1)

    def test_a_feed_with_entities_of_its_own_is_one_error_and_no_warning(self):
        self.write("ent.rss", self.FEED.replace('<?xml version="1.0"?>\n',
                                                '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY a "x">]>\n')
                   .replace("Titel 1", "Titel &a;"))
        r = self.index()
        self.assert_exit(r, 1)
        self.assert_message(r, "error", "in/ent.rss", "declares entities of its own, not read")
        self.assertNotIn("warning", text(r.stderr))
        self.assertEqual(self.ids("titel"), set())  # none of its items
        self.assert_good_indexed()

    def test_a_feed_of_an_unknown_encoding_in_utf8_is_read_with_a_warning(self):
        self.write("bogus.rss", self.FEED.replace('<?xml version="1.0"?>',
                                                  '<?xml version="1.0" encoding="x-bogus"?>'))
        r = self.index()
        self.assert_exit(r, 0)
        self.assert_message(r, "warning", "in/bogus.rss", "unknown encoding 'x-bogus' declared, read as UTF-8", line=1)
        self.assertEqual(len(self.ids("zeldzaamfeed")), 3)
        self.assert_good_indexed()


# --- the folder ---------------------------------------------------------------------

def needs_another_user(test):
    """Permission bits do not stop root: run as nobody via setpriv, or skip."""
    def wrapper(self):
        if IS_ROOT and not SETPRIV:
            self.skipTest("running as root and setpriv is missing: permission bits would not apply")
        os.chmod(self.work, 0o777)  # nobody writes the index here
        return test(self, "nobody" if IS_ROOT else None)
    wrapper.__name__ = test.__name__
    wrapper.__doc__ = test.__doc__
    return wrapper


class TestFolder(BadInputCase):

    @needs_another_user
    def test_unreadable_file(self, user):
        os.chmod(self.write("geheim.txt", "zeldzaamgeheim\n"), 0)
        r = self.index(user=user)
        self.assert_exit(r, 1)
        self.assert_message(r, "error", "in/geheim.txt", "Permission denied")
        self.assert_good_indexed()

    @needs_another_user
    def test_unreadable_subfolder_is_reported(self, user):
        self.write("dicht/artikel.txt", "zeldzaamdicht\n")
        os.chmod(os.path.join(self.root, "dicht"), 0)
        r = self.index(user=user)
        self.assert_good_indexed()
        self.assert_message(r, "error", "in/dicht", "Permission denied")
        self.assert_exit(r, 1)

    @needs_another_user
    def test_unreadable_subfolder_keeps_what_the_index_holds_from_it(self, user):
        self.write("dicht/artikel.txt", "zeldzaamdicht\n")
        self.write("dicht/weg.txt", "zeldzaamweg\n")
        self.assert_exit(self.index(user=user), 0)
        self.assertEqual(self.ids("zeldzaamdicht"), {"dicht/artikel.txt"})
        os.chmod(os.path.join(self.root, "dicht"), 0)
        r = self.index("--json", user=user)
        self.assert_exit(r, 1)
        self.assert_message(r, "error", "in/dicht", "Permission denied.*kept")
        self.assertEqual(json.loads(text(r.stdout))["removed"], 0)
        self.assertEqual(self.ids("zeldzaamdicht"), {"dicht/artikel.txt"}, "not pruned while unreadable")
        self.assert_good_indexed()
        # Readable again: a file that vanished meanwhile is pruned, the other stays.
        os.chmod(os.path.join(self.root, "dicht"), 0o755)
        os.unlink(os.path.join(self.root, "dicht", "weg.txt"))
        r = self.index("--json", user=user)
        self.assert_exit(r, 0)
        self.assertEqual(json.loads(text(r.stdout))["removed"], 1)
        self.assertEqual(self.ids("zeldzaamdicht"), {"dicht/artikel.txt"})
        self.assertEqual(self.ids("zeldzaamweg"), set())

    @needs_another_user
    def test_files_of_a_folder_listed_but_not_searchable_keep_their_articles(self, user):
        self.write("half/artikel.txt", "zeldzaamhalf\n")
        self.assert_exit(self.index(user=user), 0)
        os.chmod(os.path.join(self.root, "half"), 0o444)  # its names can be read, its files not looked at
        r = self.index("--json", user=user)
        self.assert_exit(r, 1)
        self.assert_message(r, "error", "in/half/artikel.txt", "Permission denied")
        self.assertEqual(json.loads(text(r.stdout))["removed"], 0)
        os.chmod(os.path.join(self.root, "half"), 0o755)
        self.assertEqual(self.ids("zeldzaamhalf"), {"half/artikel.txt"})

    def test_a_saved_pages_resource_folder_is_no_archive(self):
        # "Save page as ... complete": Kop.html and Kop_files/ (ad frames, widgets).
        self.write("Kop.html", "<html><head><title>Kabinet valt</title></head><body><p>zeldzaampagina</p></body></html>")
        self.write("Kop_files/ad.html", "<html><head><title>Advertisement</title></head><body>zeldzaamreclame</body></html>")
        self.write("Kop_bestanden/widget.htm", "<html><body>zeldzaamreclame</body></html>")
        self.write("Los_files/artikel.html", "<html><body>zeldzaamlos</body></html>")  # no page beside it: a folder
        r = self.index("--json")
        self.assert_exit(r, 0)
        self.assertEqual(self.ids("zeldzaampagina"), {"Kop.html"})
        self.assertEqual(self.ids("zeldzaamreclame"), set())
        self.assertEqual(self.ids("zeldzaamlos"), {"Los_files/artikel.html"})
        self.assertEqual(json.loads(text(r.stdout))["skipped"], 2)

    def test_symlink_loops(self):
        os.symlink(".", os.path.join(self.root, "lus"))
        os.symlink("..", os.path.join(self.root, "terug"))
        os.symlink("zelf.txt", os.path.join(self.root, "zelf.txt"))
        os.symlink("b.txt", os.path.join(self.root, "a.txt"))
        os.symlink("a.txt", os.path.join(self.root, "b.txt"))
        r = self.index(timeout=20)
        self.assert_exit(r, 0)
        self.assertEqual(self.ids(GOOD_WORD), {"good.txt"}, "the good file once, not once per loop")
        # Each link left out is named, with why.
        self.assert_message(r, "warning", "in/lus", "symbolic link to a folder, not followed")
        self.assert_message(r, "warning", "in/terug", "out of the indexed folder, not followed")
        for name in ("zelf.txt", "a.txt", "b.txt"):
            self.assert_message(r, "warning", "in/" + name, r"symbolic link to nothing \(a missing target or a loop\)")

    def test_symlink_out_of_the_root_is_not_followed(self):
        outside = os.path.join(self.work, "buiten")
        os.mkdir(outside)
        with open(os.path.join(outside, "geheim.txt"), "w") as f:
            f.write("zeldzaambuiten\n")
        os.symlink(os.path.join(outside, "geheim.txt"), os.path.join(self.root, "link.txt"))
        os.symlink(outside, os.path.join(self.root, "linkmap"))
        r = self.index()
        self.assertIn(r.returncode, (0, 1))
        self.assert_good_indexed()
        self.assertEqual(self.ids("zeldzaambuiten"), set())

    def test_dangling_symlink(self):
        os.symlink("verdwenen.txt", os.path.join(self.root, "hangend.txt"))
        r = self.index("--json")
        self.assert_exit(r, 0)
        self.assert_good_indexed()
        self.assert_message(r, "warning", "in/hangend.txt", "symbolic link to nothing")
        self.assertEqual(json.loads(text(r.stdout))["skipped"], 1)

    def test_fifo_is_named_and_skipped(self):
        os.mkfifo(os.path.join(self.root, "pijp.txt"))
        r = self.index(timeout=20)
        self.assert_exit(r, 0)
        self.assert_good_indexed()
        self.assert_message(r, "warning", "in/pijp.txt", "not a file or folder")

    def test_fifo_given_as_a_file_is_an_error_not_a_hang(self):
        # The open waited for a writer: the run hung, holding the lock.
        pipe = os.path.join(self.root, "pijp.txt")
        os.mkfifo(pipe)
        good = os.path.join(self.root, "good.txt")
        for args in (["--db", "k.db", pipe, good], ["--explain", pipe]):
            with self.subTest(args=args):
                r = run([KNIPSEL_INDEX] + args, self.work, timeout=20)
                self.assert_exit(r, 1)
                self.assert_message(r, "error", pipe, "not a regular file \\(a named pipe, socket or device\\?\\)")
        self.assert_good_indexed()

    def test_file_deleted_between_runs(self):
        path = self.write("weg.txt", "zeldzaamweg\n")
        self.assert_exit(self.index(), 0)
        self.assertEqual(self.ids("zeldzaamweg"), {"weg.txt"})
        os.unlink(path)
        r = self.index("--json")
        self.assert_exit(r, 0)
        self.assertEqual(json.loads(text(r.stdout))["removed"], 1)
        self.assertEqual(self.ids("zeldzaamweg"), set())
        self.assert_good_indexed()


# --- queries ------------------------------------------------------------------------

class TestQueries(BadInputCase):
    """Hostile queries against one small index (the good file plus many a- words)."""

    def setUp(self):
        super().setUp()
        # Enough distinct a- words that `a*` hits the 1000-term expansion limit.
        self.write("veel.txt", "zeldzaamveel " + " ".join("a%04dx" % i for i in range(3000)))
        self.assert_exit(self.index(), 0)

    def assert_answers(self, *words, codes=(0, 1), timeout=10):
        start = time.monotonic()
        r = self.query(*words, timeout=timeout)
        self.assertIn(r.returncode, codes, "query %r: %s" % (words[:5], text(r.stderr)))
        if r.returncode in (0, 1):
            json.loads(text(r.stdout))  # still one valid JSON document
        return r, time.monotonic() - start

    def assert_refused(self, query, problem):
        r = self.query(query)
        self.assert_exit(r, 65)
        self.assert_message(r, "error", "cannot parse the query", problem, tool="knipsel-query", file_regex=True)
        self.assertEqual(text(r.stdout), "")

    def test_unbalanced_quotes_and_brackets(self):
        for q in ('"zeldzaamgoed artikel', 'zeldzaamgoed"', "(zeldzaamgoed OR iran", "zeldzaamgoed)",
                  "((((((((((zeldzaamgoed"):
            r, _ = self.assert_answers(q)
            if r.returncode == 0:
                self.assertIn("good.txt", {x["id"] for x in json.loads(text(r.stdout))["results"]}, q)
        for q in ('"', "()"):  # no word left to search for: usage
            self.assert_answers(q, codes=(64,))

    def test_lone_operators_are_refused_with_65(self):
        # Xapian's own words were "Syntax: <expression> AND <expression>".
        for op in ("AND", "OR"):
            self.assert_refused(op, "%s needs a word or phrase on each side" % op)
            self.assert_refused("zeldzaamgoed " + op, "%s needs a word or phrase on each side" % op)
        self.assert_refused("AND zeldzaamgoed", "AND needs a word or phrase on each side")
        # NOT may lead ("NOT Korea sancties"): it needs a word after it.
        for q in ("NOT", "zeldzaamgoed NOT", "zeldzaamgoed NIET"):
            self.assert_refused(q, "NOT needs a word or phrase after it")

    def test_date_with_garbage_bounds_is_refused_with_65(self):
        self.assert_refused("date:abc..xyz", "'abc' in date: is not a date")
        self.assert_refused("zeldzaamgoed date:2019-13-45", "'2019-13-45' in date: is not a date")
        self.assert_refused("datum:..", "needs at least one date")
        self.assert_refused("date:20199", "'20199' in date: is not a date")

    def test_a_query_of_more_than_100_words_is_refused_at_once(self):
        for match in ([], ["--all"], ["--any"]):
            r = self.query(*("woord%d" % i for i in range(9999)), GOOD_WORD, match=match, timeout=10)
            self.assert_exit(r, 64)
            self.assertRegex(text(r.stderr), r"^knipsel-query: error: the query has more than 100 words")
            self.assertEqual(r.stdout, b"" if isinstance(r.stdout, bytes) else "")

    def test_a_100_word_query_finishes_in_seconds(self):
        r, seconds = self.assert_answers(*("woord%d" % i for i in range(99)), GOOD_WORD, timeout=5)
        self.assertEqual(r.returncode, 0)
        self.assertLess(seconds, 5)
        r = self.query(*([GOOD_WORD] * 100), match=["--all"], timeout=10)
        self.assert_exit(r, 0)

    def test_wildcards_that_expand_to_everything_are_bounded(self):
        for q in ("a*", "zeldzaam* a*", "title:*", "a* OR b* OR c*"):
            _, seconds = self.assert_answers(q, timeout=10)
            self.assertLess(seconds, 10, q)
        self.assert_answers("*", codes=(64,))  # no word at all: refused at once

    def test_control_characters_and_invalid_utf8(self):
        for q in ("zeldzaamgoed\x01\x1b[31m", "\x1b]0;titel\x07zeldzaamgoed", "zeldzaam\x7fgoed",
                  os.fsdecode(b"caf\xe9 zeldzaamgoed")):
            self.assert_answers(q)
        r = self.query("\t\n\r")
        self.assert_exit(r, 64)
        self.assertRegex(text(r.stderr), r"^knipsel-query: error: the query is empty\n")

    def test_text_output_does_not_echo_control_characters(self):
        r = self.query("iran\x1b[31m\x07", fmt="text")
        self.assertIn(r.returncode, (0, 1))
        self.assertNotRegex(text(r.stdout), "[\x00-\x08\x0b-\x1f\x7f]")


class TestSnippets(BadInputCase):

    def test_snippet_is_never_cut_inside_a_character(self):
        self.write("streep.txt", "zeldzaamstreep raket——\n")
        self.assert_exit(self.index(), 0)
        r = self.query("raket", fmt="text")
        self.assert_exit(r, 0)
        r.stdout.decode("utf-8")  # strict: raises on a cut character
        hits = self.results("raket")
        self.assertNotIn("\ufffd", hits[0]["snippet"])


# --- the index -------------------------------------------------------------------------

class TestIndex(BadInputCase):

    def setUp(self):
        super().setUp()
        self.assert_exit(self.index(), 0)
        self.db = os.path.join(self.work, "k.db")

    def test_read_only_index_still_answers(self):
        if IS_ROOT and not SETPRIV:
            self.skipTest("running as root and setpriv is missing: a read-only index would be writable")
        user = "nobody" if IS_ROOT else None
        self.write("nieuw.txt", "zeldzaamnieuw\n")
        for dirpath, _, files in os.walk(self.work):
            os.chmod(dirpath, 0o555)
            for f in files:
                os.chmod(os.path.join(dirpath, f), 0o444)
        r = self.query(GOOD_WORD, user=user)
        self.assert_exit(r, 0)
        r = self.index(user=user)
        self.assertIn(r.returncode, (73, 74), text(r.stderr))
        self.assert_message(r, "error", r".*k\.db\S*", "(Permission denied|read-only)", file_regex=True)
        self.assertEqual(self.ids("zeldzaamnieuw"), set())
        self.assert_good_indexed()

    def test_an_unreadable_index_is_a_permission_error_not_damage(self):
        # A run by hand as root leaves a file of the cron user's index
        # root's: the nightly run and the searches say so (73), not that
        # the index is damaged (74) or missing (66), and never give hits
        # with no title or text (glass took an unreadable docdata.glass
        # for an empty one: exit 0).
        if not (IS_ROOT and SETPRIV):
            self.skipTest("needs root and setpriv to make files another user's")
        for dirpath, _, files in os.walk(self.work):
            os.chown(dirpath, 65534, 65534)
            for f in files:
                os.chown(os.path.join(dirpath, f), 65534, 65534)
        for name, owner_only in (("docdata.glass", True), ("iamglass", True), ("", False)):
            with self.subTest(name=name or "the index folder"):
                path = os.path.join(self.db, name) if name else self.db
                os.chown(path, 0, 0)
                os.chmod(path, 0o600 if name else 0o700)
                q = self.query(GOOD_WORD, user="nobody")
                self.assert_exit(q, 73)
                self.assert_message(q, "error", r".*k\.db\S*", "Permission denied", tool="knipsel-query",
                                    file_regex=True)
                if name == "iamglass":
                    r = self.index(user="nobody")
                    self.assert_exit(r, 73)
                    self.assertIn("permissions", text(r.stderr))
                    self.assertNotIn("damaged", text(r.stderr))
                os.chown(path, 65534, 65534)
                os.chmod(path, 0o644 if name else 0o755)
        self.assert_exit(self.query(GOOD_WORD, user="nobody"), 0)

    def test_a_full_that_cannot_remove_the_old_index_says_so(self):
        # The old index, swapped out to k.db.new, stayed there unsaid (the
        # index's size twice on disk), later runs calling it half-built.
        if not (IS_ROOT and SETPRIV):
            self.skipTest("needs root and setpriv to make files another user's")
        os.chown(self.work, 65534, 65534)
        os.chown(self.db + ".lock", 65534, 65534)
        r = self.index("--full", user="nobody")
        self.assert_exit(r, 0)
        self.assert_message(r, "warning", r".*k\.db\.new", "cannot remove the old index, swapped out to here: "
                            "Permission denied; remove it by hand", file_regex=True)
        self.assert_exit(self.query(GOOD_WORD, user="nobody"), 0)
        r = self.index(user="nobody")
        self.assertNotIn("half-built", text(r.stderr))

    def test_truncated_index_file_is_exit_74(self):
        for size in (0, 100, 8192):
            with open(os.path.join(self.db, "postlist.glass"), "r+b") as f:
                f.truncate(size)
            q = self.query(GOOD_WORD)
            self.assert_exit(q, 74)
            self.assert_message(q, "error", r".*k\.db", "", tool="knipsel-query", file_regex=True)
            r = self.index()
            self.assert_exit(r, 74)
            self.assert_message(r, "error", r".*k\.db", "", file_regex=True)

    def test_block_of_a_revision_the_index_has_not_is_exit_74(self):
        # Xapian reads it as a block a writer rewrote meanwhile; with no
        # newer revision to read it is damage, not "try again" (75).
        with open(os.path.join(self.db, "docdata.glass"), "r+b") as f:
            f.write(b"\x7f\xff\xff\xff")
        for args in ([GOOD_WORD], ["--show", "good.txt"], ["--like", "good.txt"]):
            with self.subTest(args=args):
                q = run([KNIPSEL_QUERY, "--db", "k.db"] + args, self.work)
                self.assert_exit(q, 74)
                self.assert_message(q, "error", r".*k\.db", "the index is damaged: a block is of a revision newer",
                                    tool="knipsel-query", file_regex=True)

    def test_damaged_version_file_is_exit_74(self):
        with open(os.path.join(self.db, "iamglass"), "r+b") as f:
            f.write(b"\xff" * 16)
        self.assert_exit(self.query(GOOD_WORD), 74)
        self.assert_exit(self.index(), 74)


class TestDiskFull(BadInputCase):
    """A commit that runs out of space keeps the last committed state."""

    def setUp(self):
        super().setUp()
        self.mnt = os.path.join(self.work, "mnt")
        os.mkdir(self.mnt)
        self.mounted = IS_ROOT and subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", self.mnt],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0
        if self.mounted:
            self.addCleanup(subprocess.run, ["umount", "-l", self.mnt])
        self.db = "mnt/k.db"

    def full_disk(self):
        """preexec_fn limiting file size when no small tmpfs could be mounted."""
        if self.mounted:
            return None

        def limit():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # write() then fails with EFBIG
            resource.setrlimit(resource.RLIMIT_FSIZE, (1024 * 1024, 1024 * 1024))
        return limit

    def fill(self):
        self.assert_exit(self.index(db=self.db), 0)
        self.assert_good_indexed(db=self.db)
        words = " ".join("w%05dx" % ((i * 7919) % 20000) for i in range(400000))
        self.write("groot.txt", "zeldzaamgroot " + words)
        return self.index(db=self.db, preexec_fn=self.full_disk())

    def test_disk_full_during_commit_keeps_the_last_commit(self):
        r = self.fill()
        self.assertEqual(r.returncode, 74, text(r.stderr))
        self.assert_message(r, "error", r"cannot commit to .*k\.db", "", file_regex=True)
        self.assert_good_indexed(db=self.db)
        self.assertEqual(self.ids("zeldzaamgroot", db=self.db), set())
        # With room again the next run completes.
        if self.mounted:
            subprocess.run(["mount", "-o", "remount,size=64m", self.mnt], check=True)
        r = self.index(db=self.db)
        self.assert_exit(r, 0)
        self.assertEqual(self.ids("zeldzaamgroot", db=self.db), {"groot.txt"})
        self.assert_good_indexed(db=self.db)

    def test_disk_full_between_commits_keeps_whole_batches(self):
        # Many small articles: the space runs out at some point of a batch,
        # while Xapian merges its changes into the tables or commits them.
        # At some of these points Xapian 1.4 throws again while it cleans
        # up, which ended in "terminate called" and an abort (2 MB and
        # batches of 100, when this test was written); each run must stop
        # with exit 74 and one line, and keep whole batches.
        rng = random.Random(7)
        vocabulary = ["woord%04d" % i for i in range(3000)]
        for i in range(1500):
            self.write("../veel/a%04d.txt" % i, "title Bericht %d\n%s\n" % (i, " ".join(rng.choices(vocabulary, k=120))))
        veel, inside = os.path.join(self.work, "veel"), os.path.join(self.root, "veel")

        def articles():
            q = run([KNIPSEL_QUERY, "--db", self.db, "--format", "json", "-n", "5000", "bericht"], self.work)
            self.assertIn(q.returncode, (0, 1), text(q.stderr))
            return len(json.loads(text(q.stdout))["results"])

        def remount(size):
            subprocess.run(["mount", "-o", "remount,size=" + size, self.mnt], check=True)

        # Sizes in small steps, where a 2 MB disk fills up during the second
        # commit (Xapian's failure path there depends on the exact point).
        if self.mounted:
            runs = [("%dk" % k, "100") for k in range(2000, 2128, 8)] + [("1m", "50"), ("3m", "200")]
        else:
            runs = [(None, "50"), (None, "100"), (None, "200")]
        for n, (size, batch) in enumerate(runs):
            with self.subTest(size=size, batch=batch):
                if os.path.isdir(inside):
                    os.rename(inside, veel)
                shutil.rmtree(os.path.join(self.work, self.db), ignore_errors=True)
                if size:
                    remount("64m")
                self.assert_exit(self.index(db=self.db), 0)
                if size:
                    remount(size)
                os.rename(veel, inside)
                r = self.index("--batch", batch, db=self.db, preexec_fn=self.full_disk())
                self.assertEqual(r.returncode, 74, text(r.stderr))
                self.assert_message(r, "error", r"cannot (write|commit) to .*k\.db",
                                    "(No space left on device|File too large)", file_regex=True)
                # The index opens and holds good.txt and whole batches of the rest.
                self.assert_good_indexed(db=self.db)
                committed = articles()
                self.assertEqual(committed % int(batch), 0, "only whole batches are committed: %d" % committed)
                self.assertLess(committed, 1500)
                if size and n % 6 == 0:  # with room again the next run completes
                    remount("64m")
                    self.assert_exit(self.index(db=self.db), 0)
                    self.assertEqual(articles(), 1500)

    def test_disk_full_message_names_the_cause(self):
        r = self.fill()
        self.assertEqual(r.returncode, 74, text(r.stderr))
        self.assert_message(r, "error", r"cannot commit to .*k\.db",
                            "(No space left on device|File too large)", file_regex=True)


if __name__ == "__main__":
    unittest.main()
