"""End-to-end tests of knipsel-index: summaries, re-runs, bad input, exit codes.

Every test starts in a fresh temp folder with its own copy of corpus/, and
expected counts come from the corpus (articles.tsv, file listing), not from
knipsel's own output.
"""

import fcntl
import json
import os
import re
import shutil
import subprocess
import time
import unittest

from e2e_support import (CORPUS_DIR, KNIPSEL_INDEX, KNIPSEL_QUERY, SCHEMAS_DIR, TempCorpusCase, clean_env,
                         read_articles_tsv)

ARTICLE_EXTENSIONS = (".txt", ".md", ".html", ".htm", ".jsonl")
SUMMARY = re.compile(r"^(\d+) added, (\d+) replaced, (\d+) unchanged, (\d+) removed, "
                     r"(\d+) skipped, (\d+) errors?, [0-9.]+ s; (\d+) documents? in (.+)$")
JSON_KEYS = {"db", "added", "replaced", "removed", "unchanged", "skipped", "errors",
             "warnings", "seconds", "docs_in_index", "copies", "full", "interrupted"}

N_ARTICLES = len(read_articles_tsv())
N_OTHER_FILES = len([n for n in os.listdir(CORPUS_DIR) if not n.lower().endswith(ARTICLE_EXTENSIONS)])


class IndexCase(TempCorpusCase):

    def setUp(self):
        self.work = self.make_workdir()
        self.addCleanup(shutil.rmtree, self.work, True)
        self.corpus = os.path.join(self.work, "corpus")

    def path(self, *parts):
        return os.path.join(self.corpus, *parts)

    def run_json(self, expect_rc=0, db="k.db", extra=()):
        data, r = self.index_json("--db", db, *extra, "corpus", expect_rc=expect_rc)
        self.assertEqual(set(data), JSON_KEYS, "keys of the --json summary")
        return data, r

    def search_ids(self, *words, db="k.db"):
        r = self.query("--db", db, "--format", "json", "-n", "1000", *words)
        self.assertIn(r.returncode, (0, 1), r.stderr)
        return {x["id"] for x in json.loads(r.stdout)["results"]}

    def write(self, name, data):
        mode = "wb" if isinstance(data, bytes) else "w"
        kw = {} if isinstance(data, bytes) else {"encoding": "utf-8"}
        with open(self.path(name), mode, **kw) as f:
            f.write(data)


class TestFirstAndRepeatedRuns(IndexCase):

    def test_first_run_indexes_every_article(self):
        data, r = self.run_json()
        self.assertEqual(data["docs_in_index"], N_ARTICLES)
        self.assertEqual(data["added"], N_ARTICLES)
        self.assertEqual((data["replaced"], data["unchanged"], data["removed"]), (0, 0, 0))
        self.assertEqual(data["skipped"], N_OTHER_FILES)   # articles.tsv
        self.assertEqual(data["errors"], [])
        self.assertIsInstance(data["seconds"], (int, float))
        self.assertEqual(os.path.basename(data["db"]), "k.db")

    def test_text_summary_is_one_line_with_counts(self):
        r = self.index("--db", "k.db", "corpus")
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stdout.splitlines()
        self.assertEqual(len(lines), 1, r.stdout)
        m = SUMMARY.match(lines[0])
        self.assertIsNotNone(m, lines[0])
        self.assertEqual(int(m.group(1)), N_ARTICLES)
        self.assertEqual(int(m.group(5)), N_OTHER_FILES)
        self.assertEqual(int(m.group(6)), 0)
        self.assertEqual(int(m.group(7)), N_ARTICLES)
        self.assertIn("k.db", m.group(8))

    def test_second_run_counts_everything_unchanged(self):
        self.run_json()
        data, _ = self.run_json()
        self.assertEqual(data["added"], 0)
        self.assertEqual(data["replaced"], 0)
        self.assertEqual(data["unchanged"], N_ARTICLES)
        self.assertEqual(data["docs_in_index"], N_ARTICLES)

    def test_touched_file_with_same_content_is_unchanged(self):
        self.run_json()
        p = self.path("2017-09-03-zesde-kernproef.txt")
        t = time.time() + 3600
        os.utime(p, (t, t))
        data, _ = self.run_json()
        self.assertEqual(data["replaced"], 0)
        self.assertEqual(data["unchanged"], N_ARTICLES)
        self.assertEqual(data["docs_in_index"], N_ARTICLES)

    def test_changed_content_is_replaced(self):
        self.run_json()
        # A word no article has, nor its parts near each other (a compound
        # of known words, "vervangingswoord", also finds "vervangen" near
        # "woord", as in the Panmunjom article).
        with open(self.path("2017-09-03-zesde-kernproef.txt"), "a", encoding="utf-8") as f:
            f.write("\nNaschrift met het woord qzxvervangingswoord.\n")
        data, _ = self.run_json()
        self.assertEqual(data["replaced"], 1)
        self.assertEqual(data["added"], 0)
        self.assertEqual(data["unchanged"], N_ARTICLES - 1)
        self.assertEqual(data["docs_in_index"], N_ARTICLES)
        self.assertEqual(self.search_ids("qzxvervangingswoord"), {"2017-09-03-zesde-kernproef.txt"})

    def test_new_txt_file_is_added(self):
        self.run_json()
        self.write("2021-01-01-nieuw.txt",
                   "date 2021-01-01\ntitle Een nieuw artikel\n\nHet toevoegingswoord staat hier.\n")
        data, _ = self.run_json()
        self.assertEqual(data["added"], 1)
        self.assertEqual(data["unchanged"], N_ARTICLES)
        self.assertEqual(data["docs_in_index"], N_ARTICLES + 1)
        self.assertEqual(self.search_ids("toevoegingswoord"), {"2021-01-01-nieuw.txt"})

    def test_unknown_extensions_are_skipped(self):
        self.write("notes.csv", "a,b\n1,2\n")
        self.write("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
        os.mkdir(self.path("pdf"))
        for name in ("a.pdf", "b.PDF", "LEESMIJ"):
            self.write(os.path.join("pdf", name), "x")
        data, r = self.run_json(expect_rc=0)
        self.assertEqual(data["skipped"], N_OTHER_FILES + 5)
        self.assertEqual(data["errors"], [])
        self.assertEqual(data["docs_in_index"], N_ARTICLES)
        # Named once for the folder, by extension, commonest first: not silent, not a line per file.
        said = [w for w in data["warnings"] if "of other formats skipped" in w["reason"]]
        self.assertEqual(len(said), 1, data["warnings"])
        self.assertTrue(said[0]["file"].endswith("corpus"), said[0])
        self.assertRegex(said[0]["reason"], r"^%d files of other formats skipped \(2 \.pdf, " % (N_OTHER_FILES + 5))
        for part in ("1 .csv", "1 .png", "1 without extension"):
            self.assertIn(part, said[0]["reason"])
        self.assertIn("knipsel-index: warning: ", r.stderr)

    def test_knipsel_db_env_var_is_honoured(self):
        env = clean_env(KNIPSEL_DB=os.path.join(self.work, "from-env.db"))
        r = self.index("-q", "corpus", env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(os.path.isdir(os.path.join(self.work, "from-env.db")))
        self.assertFalse(os.path.exists(os.path.join(self.work, "knipsel.db")))
        q = self.query("--format", "json", "Yongbyon", env=env)
        self.assertEqual(q.returncode, 0, q.stderr)

    def test_default_db_is_knipsel_db_in_current_folder(self):
        r = self.index("-q", "corpus")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(os.path.isdir(os.path.join(self.work, "knipsel.db")))
        self.assertEqual(self.query("Yongbyon").returncode, 0)


class TestIndexThroughASymlink(IndexCase):

    def test_full_and_compact_through_a_symlink_replace_the_index_it_points_to(self):
        self.run_json(db="real.db")
        os.symlink("real.db", os.path.join(self.work, "link.db"))
        self.write("nieuw-artikel.txt", "titel: Nieuw\ndatum: 2020-01-01\n\nzeldzaamwoord in een nieuw artikel.\n")
        for extra in (["--full"], ["--compact"]):
            data, r = self.index_json("--db", "link.db", *extra, "corpus")
            self.assertTrue(os.path.islink(os.path.join(self.work, "link.db")), extra)
            self.assertEqual(self.search_ids("zeldzaamwoord", db="real.db"), {"nieuw-artikel.txt"}, extra)
            self.assertEqual(self.search_ids("zeldzaamwoord", db="link.db"), {"nieuw-artikel.txt"}, extra)
        self.assertFalse([n for n in os.listdir(self.work) if n.startswith("link.db.")])


class TestJsonLines(IndexCase):

    def test_bad_jsonl_line_is_an_error_with_its_line_number(self):
        self.write("extra.jsonl",
                   '{"id": "a", "title": "Alfa", "date": "2020-01-01", "body": "eerstelijnwoord tekst"}\n'
                   'dit is geen json\n'
                   '{"id": "c", "title": "Gamma", "date": "2020-01-03", "body": "derdelijnwoord tekst"}\n')
        data, r = self.run_json(expect_rc=1)
        self.assertRegex(r.stderr, r"(?m)^knipsel-index: error: .*extra\.jsonl:2: ")
        self.assertEqual(len(data["errors"]), 1, data["errors"])
        err = data["errors"][0]
        self.assertTrue(err["file"].endswith("extra.jsonl"), err)
        self.assertEqual(err.get("line"), 2)
        self.assertTrue(err["reason"])
        self.assertEqual(data["docs_in_index"], N_ARTICLES + 2)
        self.assertEqual(self.search_ids("eerstelijnwoord"), {"extra.jsonl#a"})
        self.assertEqual(self.search_ids("derdelijnwoord"), {"extra.jsonl#c"})

    def test_line_removed_from_jsonl_disappears_on_rerun(self):
        src = self.path("persoverzicht-2018.jsonl")
        with open(src, encoding="utf-8") as f:
            lines = [l for l in f if l.strip()]
        gone = json.loads(lines[-1])
        gone_id = "persoverzicht-2018.jsonl#" + gone["id"]
        self.run_json()
        self.assertIn(gone_id, self.search_ids("date:1900..2100"))
        with open(src, "w", encoding="utf-8") as f:
            f.writelines(lines[:-1])
        data, _ = self.run_json()
        self.assertEqual(data["removed"], 1)
        self.assertEqual(data["added"], 0)
        self.assertEqual(data["docs_in_index"], N_ARTICLES - 1)
        self.assertNotIn(gone_id, self.search_ids("date:1900..2100"))


class TestEncodingsAndBinaries(IndexCase):

    CP1252_TEXT = ("date 2019-03-01\ntitle Coöperatie en ideeën\n\n"
                   "De coöperatie had één idee over de café-sancties.")

    def test_windows_1252_text_is_converted_and_searchable(self):
        self.write("cp1252.txt", self.CP1252_TEXT.encode("cp1252"))
        with open(self.path("cp1252.txt"), "rb") as f:
            raw = f.read()
        with self.assertRaises(UnicodeDecodeError):
            raw.decode("utf-8")            # precondition: really not UTF-8
        data, r = self.run_json(expect_rc=0)
        self.assertEqual(data["added"], N_ARTICLES + 1)
        # ("één" folds to the stopword "een", so it is not searched for here)
        for word in ("cooperatie", "ideeen", "coöperatie", "ideeën", "cafe"):
            with self.subTest(word=word):
                self.assertIn("cp1252.txt", self.search_ids(word))
        r = self.query("--db", "k.db", "--format", "json", "title:cooperatie")
        titles = {x["id"]: x["title"] for x in json.loads(r.stdout)["results"]}
        self.assertEqual(titles.get("cp1252.txt"), "Coöperatie en ideeën")

    def test_binary_file_with_txt_extension_is_not_indexed(self):
        blob = bytes(range(256)) * 8 + b"\x00binairwoord\x00" + bytes(range(256))
        self.write("binary.txt", blob)
        r = self.index("--db", "k.db", "--json", "corpus")
        # documented: 0 (reported as a warning) or 1 (reported as an error)
        self.assertIn(r.returncode, (0, 1), "rc=%d stderr=%r" % (r.returncode, r.stderr))
        data = json.loads(r.stdout)
        self.assertEqual(r.returncode, 1 if data["errors"] else 0, data)
        named = [e for e in data["errors"] + data["warnings"] if e["file"].endswith("binary.txt")]
        self.assertEqual(len(named), 1, data)
        self.assertRegex(r.stderr, r"(?m)^knipsel-index: (error|warning): .*binary\.txt")
        self.assertEqual(data["docs_in_index"], N_ARTICLES)
        self.assertNotIn("binary.txt", self.search_ids("date:1900..2100"))
        self.assertEqual(self.search_ids("binairwoord"), set())


class TestUsageAndErrors(IndexCase):

    def test_missing_folder_exit_66_one_error_line(self):
        r = self.index("--db", "k.db", "no-such-folder")
        self.assertEqual(r.returncode, 66)
        lines = [l for l in r.stderr.splitlines() if l.strip()]
        errors = [l for l in lines if l.startswith("knipsel-index: error: ")]
        self.assertEqual(len(errors), 1, r.stderr)
        self.assertIn("no such folder: no-such-folder", errors[0])
        for l in lines:
            self.assertTrue(l in errors or l.startswith("hint:"), l)
        # A mistyped folder leaves nothing behind: no index, no lock file.
        self.assertFalse(os.path.exists(os.path.join(self.work, "k.db")))
        self.assertFalse(os.path.exists(os.path.join(self.work, "k.db.lock")))

    def test_missing_file_is_named_a_file(self):
        r = self.index("--db", "k.db", "corpus/2018-04-27-panmunjom-top.md", "corpus/verdwenen.md")
        self.assertEqual(r.returncode, 66)
        self.assertRegex(r.stderr, r"^knipsel-index: error: no such file: corpus/verdwenen\.md\n")
        # One with another extension may be either ("no such folder" it was).
        r = self.index("--db", "k.db", "corpus/scan.pdf")
        self.assertEqual(r.returncode, 66)
        self.assertRegex(r.stderr, r"^knipsel-index: error: no such file or folder: corpus/scan\.pdf\n")
        self.assertFalse(os.path.exists(os.path.join(self.work, "k.db")))

    def index_to_a_full_disk(self, *args):
        """knipsel-index with its standard output on /dev/full (a disk that is full)."""
        with open("/dev/full", "w") as full:
            return subprocess.run([KNIPSEL_INDEX, *args], cwd=self.work, env=clean_env(), stdout=full,
                                  stderr=subprocess.PIPE, text=True)

    @unittest.skipUnless(os.path.exists("/dev/full"), "needs /dev/full")
    def test_report_that_cannot_be_written_exit_74_and_the_index_stands(self):
        r = self.index_to_a_full_disk("--db", "k.db", "--json", "corpus")
        self.assertEqual(r.returncode, 74, r.stderr)
        errors = [l for l in r.stderr.splitlines() if l.startswith("knipsel-index: error: ")]
        self.assertEqual(len(errors), 1, r.stderr)
        self.assertIn("standard output", errors[0])
        self.assertIn("2017-09-03-zesde-kernproef.txt", self.search_ids("kernproef"))
        data, _ = self.run_json()
        self.assertEqual((data["added"], data["replaced"], data["removed"]), (0, 0, 0))

    def test_a_mistyped_option_names_the_one_meant(self):
        # It was CLI11's "The following argument was not expected: --dry-rn".
        r = self.index("--db", "k.db", "--dry-rn", "corpus")
        self.assertEqual(r.returncode, 64, r.stderr)
        self.assertEqual(r.stderr, "knipsel-index: error: unknown option --dry-rn\nhint: did you mean --dry-run?\n")
        r = self.index("--db", "k.db", "--onzin=3", "corpus")
        self.assertEqual(r.returncode, 64, r.stderr)
        self.assertEqual(r.stderr, "knipsel-index: error: unknown option --onzin\nhint: see knipsel-index --help\n")
        self.assertFalse(os.path.exists(os.path.join(self.work, "k.db")))

    def test_a_wait_that_is_no_number_of_seconds_and_an_empty_db_are_usage_errors(self):
        # --wait nan waited forever, past the day it is bounded by.
        for value in ("nan", "inf", "abc", "-1", "86401"):
            r = self.index("--db", "k.db", "--wait", value, "corpus")
            self.assertEqual(r.returncode, 64, value)
            self.assertIn("--wait: '%s' is not a number of seconds from 0 to 86400" % value, r.stderr)
        r = self.index("--db", "", "corpus")
        self.assertEqual(r.returncode, 64, r.stderr)
        self.assertIn("--db names no index: its value is empty", r.stderr)

    @unittest.skipUnless(os.path.exists("/dev/full"), "needs /dev/full")
    def test_a_dry_runs_report_that_cannot_be_written_says_nothing_was_written(self):
        r = self.index_to_a_full_disk("--db", "nooit.db", "-n", "corpus")
        self.assertEqual(r.returncode, 74, r.stderr)
        self.assertIn("cannot write the report to standard output (a dry run: the index is as it was)", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.work, "nooit.db")))

    def test_output_read_by_a_reader_that_went_away_exit_74_and_the_index_stands(self):
        # `knipsel-index ... | head -1`: the pipe closes before the run ends.
        # A FIFO in the folder gives a warning to write on the closed stderr early.
        os.mkfifo(os.path.join(self.work, "corpus", "pijp"))
        for stream in ("stdout", "stderr"):
            with self.subTest(stream=stream):
                read, write = os.pipe()
                os.close(read)
                out = {"stdout": write, "stderr": subprocess.DEVNULL} if stream == "stdout" else \
                    {"stdout": subprocess.DEVNULL, "stderr": write}
                r = subprocess.run([KNIPSEL_INDEX, "--db", stream + ".db", "--json", "corpus"], cwd=self.work,
                                   env=clean_env(), **out)
                os.close(write)
                self.assertEqual(r.returncode, 74)  # not killed by SIGPIPE (-13)
                q = subprocess.run([KNIPSEL_QUERY, "--db", stream + ".db", "--format", "json", "kernproef"],
                                   cwd=self.work, env=clean_env(), capture_output=True, text=True)
                self.assertEqual(q.returncode, 0, q.stderr)

    def test_db_that_is_a_file_exit_73_and_the_file_is_left_alone(self):
        with open(os.path.join(self.work, "notes.txt"), "w", encoding="utf-8") as f:
            f.write("mijn aantekeningen\n")
        r = self.index("--db", "notes.txt", "corpus")
        self.assertEqual(r.returncode, 73, r.stderr)
        errors = [l for l in r.stderr.splitlines() if l.startswith("knipsel-index: error: ")]
        self.assertEqual(errors, ["knipsel-index: error: notes.txt is a file, not an index folder"])
        with open(os.path.join(self.work, "notes.txt"), encoding="utf-8") as f:
            self.assertEqual(f.read(), "mijn aantekeningen\n")

    def test_no_arguments_exit_64(self):
        r = self.index()
        self.assertEqual(r.returncode, 64)
        self.assertIn("knipsel-index: error:", r.stderr)

    def test_unknown_option_exit_64(self):
        self.assertEqual(self.index("--no-such-option", "corpus").returncode, 64)

    def copy_schema(self):
        d = os.path.join(self.work, "schema")
        os.mkdir(d)
        for name in os.listdir(SCHEMAS_DIR):
            if name.endswith((".toml", ".txt")):
                shutil.copy(os.path.join(SCHEMAS_DIR, name), d)
        return os.path.join(d, "knipsel.toml")

    def test_schema_syntax_error_exit_78_names_file_and_line(self):
        schema = self.copy_schema()
        with open(schema, encoding="utf-8") as f:
            lines = f.read().split("\n")
        n = next(i for i, l in enumerate(lines) if l.startswith("language = ")) + 1
        lines[n - 1] = 'language = = "nl'
        with open(schema, "w", encoding="utf-8") as f:
            f.write("\n".join(lines))
        r = self.index("--db", "k.db", "--schema", schema, "corpus")
        self.assertEqual(r.returncode, 78, r.stderr)
        self.assertIn("knipsel.toml:%d" % n, r.stderr)
        self.assertRegex(r.stderr, r"(?m)^knipsel-index: error: ")

    def indexed_then_edited(self, edit):
        """A copied schema, the corpus indexed with it, then the schema's text changed by `edit`."""
        schema = self.copy_schema()
        r = self.index("--db", "k.db", "-q", "--schema", schema, "corpus")
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(schema, encoding="utf-8") as f:
            text = f.read()
        self.assertIn("weight = 3", text)
        with open(schema, "w", encoding="utf-8") as f:
            f.write(edit(text))
        return schema

    def test_index_built_with_another_schema_exit_78(self):
        schema = self.indexed_then_edited(lambda text: text.replace("weight = 3", "weight = 2", 1))
        r = self.index("--db", "k.db", "--schema", schema, "corpus")
        self.assertEqual(r.returncode, 78, r.stderr)
        # what differs, and both ways on: the schema it was built with, or --full with this one
        self.assertRegex(r.stderr, r"(?m)^knipsel-index: error: k\.db was built with another schema: its setting "
                                   r"\d+ is 'weight = 3', this schema's 'weight = 2'$")
        self.assertIn("hint: give the schema it was built with (--schema FILE), or re-index with this one: "
                      "knipsel-index --full --db k.db --schema " + schema, r.stderr)
        # the existing index is left intact
        self.assertEqual(len(self.search_ids("date:1900..2100")), N_ARTICLES)

    def test_a_note_added_to_the_schema_is_no_change(self):
        schema = self.indexed_then_edited(
            lambda text: "# aangepast voor het archief\n\n" + text.replace("weight = 3", "weight = 3   # titels", 1))
        r = self.index("--db", "k.db", "-q", "--schema", schema, "corpus")
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_a_note_added_to_the_stopword_file_is_no_change_but_a_word_is(self):
        schema = self.copy_schema()
        r = self.index("--db", "k.db", "-q", "--schema", schema, "corpus")
        self.assertEqual(r.returncode, 0, r.stderr)
        stopwords = os.path.join(os.path.dirname(schema), "stopwords-nl.txt")
        with open(stopwords, encoding="utf-8") as f:
            text = f.read()
        with open(stopwords, "w", encoding="utf-8") as f:
            f.write("# aangepast voor het archief\n\n" + text + "\n   \n")
        r = self.index("--db", "k.db", "-q", "--schema", schema, "corpus")
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(stopwords, "a", encoding="utf-8") as f:
            f.write("sancties\n")
        r = self.index("--db", "k.db", "-q", "--schema", schema, "corpus")
        self.assertEqual(r.returncode, 78, r.stderr)
        self.assertIn("k.db was built with another analyser (its stopwords=", r.stderr)  # their hash


class TestJsonSummaryOfFailedRuns(IndexCase):
    """With --json every run that fails once its command line is read prints its one summary line, as 73 and 74
    did: a monitor reading a line a run saw nothing for a missing folder (66) or a locked index (75)."""

    def failed_summary(self, rc, *args):
        r = self.index("--json", *args)
        self.assertEqual(r.returncode, rc, r.stderr)
        lines = r.stdout.splitlines()
        self.assertEqual(len(lines), 1, r.stdout)
        data = json.loads(lines[0])
        self.assertEqual(set(data), JSON_KEYS | {"failed"})
        self.assertEqual(data["failed"]["exit"], rc)
        error = [l for l in r.stderr.splitlines() if l.startswith("knipsel-index: error: ")]
        self.assertEqual(["knipsel-index: error: " + data["failed"]["reason"]], error)
        self.assertIn({"file": data["db"], "reason": data["failed"]["reason"]}, data["errors"])
        # Nothing was committed.
        self.assertEqual([data[k] for k in ("added", "replaced", "removed", "unchanged", "skipped")], [0] * 5)
        return data

    copy_schema = TestUsageAndErrors.copy_schema

    def test_a_missing_folder_exit_66(self):
        data = self.failed_summary(66, "--db", "k.db", "no-such-folder")
        self.assertIn("no such folder: no-such-folder", data["failed"]["reason"])
        self.assertEqual(data["failed"]["hint"], "give the folder that holds the articles")
        self.assertIsNone(data["docs_in_index"])  # no index was made
        self.assertFalse(os.path.exists(os.path.join(self.work, "k.db")))
        self.assertEqual(self.index("-q", "--db", "k.db", "corpus").returncode, 0)
        data = self.failed_summary(66, "--db", "k.db", "corpus", "no-such-folder")
        self.assertEqual(data["docs_in_index"], N_ARTICLES)  # as it was

    def test_a_locked_index_exit_75(self):
        self.assertEqual(self.index("-q", "--db", "k.db", "corpus").returncode, 0)
        fd = os.open(os.path.join(self.work, "k.db.lock"), os.O_RDWR | os.O_CREAT, 0o644)
        self.addCleanup(os.close, fd)
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.write(fd, b"knipsel-index (pid 4242, since 2019-01-01 03:15:00)\n")
        data = self.failed_summary(75, "--db", "k.db", "corpus")
        self.assertIn("is being updated by knipsel-index (pid 4242", data["failed"]["reason"])
        self.assertEqual(data["docs_in_index"], N_ARTICLES)

    def test_usage_and_config_errors_after_the_command_line_was_read(self):
        self.assertEqual(self.index("-q", "--db", "k.db", "corpus").returncode, 0)
        data = self.failed_summary(64, "--db", "k.db", "--full", "--forget", "elders", "corpus")
        self.assertIn("--forget elders", data["failed"]["reason"])
        self.assertTrue(data["full"])
        schema = self.copy_schema()
        with open(schema, encoding="utf-8") as f:
            text = f.read()
        with open(schema, "w", encoding="utf-8") as f:
            f.write(text.replace("weight = 3", "weight = 4", 1))
        data = self.failed_summary(78, "--db", "k.db", "--schema", schema, "corpus")
        self.assertIn("another schema", data["failed"]["reason"])
        self.assertEqual(data["docs_in_index"], N_ARTICLES)

    def test_a_command_line_that_cannot_be_read_prints_no_summary(self):
        # Exit 64 before the run is known: no options to report on.
        for args in (["--no-such-option", "corpus"], ["--wait", "lang", "corpus"]):
            with self.subTest(args=args):
                r = self.index("--json", "--db", "k.db", *args)
                self.assertEqual((r.returncode, r.stdout), (64, ""), r.stderr)


if __name__ == "__main__":
    unittest.main()
