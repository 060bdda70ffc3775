"""End-to-end tests of an installed knipsel: `cmake --install` of the build
under test into a temp prefix, then the installed binaries index and search
the demo corpus from another working folder with no KNIPSEL_* variables.

The installed tools must find their data beside themselves
(PREFIX/share/knipsel: the compound lexicon, schemas/), not in the build or
source tree they were built from: the tests change the installed copies
(a synonym group only the installed schema folder has, a damaged installed
lexicon) and check that the tools act on them. The build tree is found
from $KNIPSEL_QUERY (BUILD/bin/knipsel-query); nothing is written into the
source tree (cmake writes its install_manifest.txt into the build tree).
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

# also runnable as `python3 -m unittest tests/e2e/test_install.py` from the source root
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_support import (CORPUS_DIR, KNIPSEL_INDEX, KNIPSEL_QUERY, SCHEMAS_DIR, clean_env, ids_matching,  # noqa: E402
                         read_corpus, require_binaries, run)

BUILD_DIR = os.path.dirname(os.path.dirname(os.path.abspath(KNIPSEL_QUERY)))
CMAKE = shutil.which("cmake")

SANCTIE = r"\bsancties?\b"
# Only in the installed synonyms-nl.txt, added by the test: a query for it
# finds the Yongbyon articles only if the index took the installed schema.
MARKER = "kwispelstaart"
MARKER_GROUP = "\n%s = Yongbyon\n" % MARKER

INSTALLED_BIN = {"knipsel-index", "knipsel-query", "knipsel-reindex"}
INSTALLED_SCHEMAS = {"knipsel.toml", "stopwords-nl.txt", "stopwords-en.txt", "synonyms-nl.txt",
                     "compound-exceptions.txt", "query-output.schema.json", "show-output.schema.json"}


def install(prefix):
    """`cmake --install` of the build under test (True), or (no cmake here)
    the tools' part of that layout by hand (False)."""
    if CMAKE and os.path.exists(os.path.join(BUILD_DIR, "cmake_install.cmake")):
        r = subprocess.run([CMAKE, "--install", BUILD_DIR, "--prefix", prefix],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, encoding="utf-8", timeout=120)
        if r.returncode != 0:
            raise AssertionError("cmake --install %s failed:\n%s" % (BUILD_DIR, r.stdout))
        if not os.path.exists(os.path.join(prefix, "bin", "knipsel-query")):
            raise AssertionError("cmake --install %s put no bin/knipsel-query in the prefix:\n%s" % (BUILD_DIR, r.stdout))
        return True
    bindir = os.path.join(prefix, "bin")
    share = os.path.join(prefix, "share", "knipsel")
    os.makedirs(bindir)
    shutil.copy2(KNIPSEL_INDEX, bindir)
    shutil.copy2(KNIPSEL_QUERY, bindir)
    shutil.copy2(os.path.join(os.path.dirname(SCHEMAS_DIR), "indexer", "contrib", "knipsel-reindex"), bindir)
    shutil.copytree(SCHEMAS_DIR, os.path.join(share, "schemas"))
    shutil.copy2(os.path.join(BUILD_DIR, "share", "knipsel", "nl-compounds.lex"), share)
    return False


class InstalledTools(unittest.TestCase):
    """One install, one index of corpus/ made with it, shared by the tests."""

    @classmethod
    def setUpClass(cls):
        require_binaries()
        cls.tmp = tempfile.mkdtemp(prefix="knipsel-e2e-install-")
        cls.prefix = os.path.join(cls.tmp, "prefix")
        cls.by_cmake = install(cls.prefix)
        cls.bin = os.path.join(cls.prefix, "bin")
        cls.share = os.path.join(cls.prefix, "share", "knipsel")
        with open(os.path.join(cls.share, "schemas", "synonyms-nl.txt"), "a", encoding="utf-8") as f:
            f.write(MARKER_GROUP)
        # The working folder has a schemas/knipsel.toml of its own that is
        # not valid: the default schema is the install's, not the one in
        # the folder a cron job happens to start in.
        cls.work = os.path.join(cls.tmp, "work")
        os.makedirs(os.path.join(cls.work, "schemas"))
        with open(os.path.join(cls.work, "schemas", "knipsel.toml"), "w", encoding="utf-8") as f:
            f.write("this is = = not toml\n")
        cls.db = os.path.join(cls.work, "k.db")
        cls.index_run = run([os.path.join(cls.bin, "knipsel-index"), "--db", "k.db", CORPUS_DIR], cls.work)
        cls.docs = read_corpus()

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def query(self, *args, env=None):
        return run([os.path.join(self.bin, "knipsel-query"), "--db", "k.db"] + list(args), self.work, env)

    def query_ids(self, *args, env=None):
        r = self.query("--format", "json", "-n", "100", *args, env=env)
        self.assertEqual(r.returncode, 0, "rc=%d stderr=%r" % (r.returncode, r.stderr))
        return {res["id"] for res in json.loads(r.stdout)["results"]}

    def test_install_puts_the_tools_in_bin_and_their_data_in_share(self):
        self.assertEqual(set(os.listdir(self.bin)), INSTALLED_BIN, "build-time tools, tests and benches stay out")
        for name in INSTALLED_BIN:
            self.assertTrue(os.access(os.path.join(self.bin, name), os.X_OK), name)
        self.assertTrue(os.path.isfile(os.path.join(self.share, "nl-compounds.lex")))
        self.assertLessEqual(INSTALLED_SCHEMAS, set(os.listdir(os.path.join(self.share, "schemas"))))
        if self.by_cmake:
            self.assertEqual(set(os.listdir(os.path.join(self.share, "systemd"))),
                             {"knipsel-index.service", "knipsel-index.timer"})

    def test_installed_tools_index_and_search_the_corpus_from_another_folder(self):
        r = self.index_run
        self.assertEqual(r.returncode, 0, "stdout=%r stderr=%r" % (r.stdout, r.stderr))
        self.assertRegex(r.stdout, r"\b\d+ documents? in k\.db")
        self.assertEqual(self.query_ids("--all", "sancties", "Yongbyon"),
                         ids_matching(self.docs, SANCTIE, r"\byongbyon\b"))

    def test_the_index_is_made_with_the_installed_schema_folder(self):
        yongbyon = ids_matching(self.docs, r"\byongbyon\b")
        self.assertTrue(yongbyon, "corpus precondition")
        self.assertEqual(self.query_ids(MARKER), yongbyon)

    def test_the_installed_lexicon_is_used_and_the_variable_still_overrides_it(self):
        lexicon = os.path.join(self.share, "nl-compounds.lex")
        good = os.path.join(self.tmp, "nl-compounds.lex.good")
        shutil.copy2(lexicon, good)
        try:
            with open(lexicon, "wb") as f:
                f.write(b"not a lexicon\n")
            r = self.query("sancties")
            self.assertEqual(r.returncode, 78, "stdout=%r stderr=%r" % (r.stdout, r.stderr))
            self.assertIn(lexicon, r.stderr)
            r = self.query("sancties", env=clean_env(KNIPSEL_COMPOUND_LEXICON=good))
            self.assertEqual(r.returncode, 0, "stdout=%r stderr=%r" % (r.stdout, r.stderr))
        finally:
            shutil.copy2(good, lexicon)

    def test_the_lexicon_variable_also_chooses_the_compound_exceptions_beside_it(self):
        # A copy of share/knipsel elsewhere, its lexicon named by the
        # variable: its exception file is the one read (a broken one, to
        # see it). A schema named by the other is no lexicon's: the
        # exceptions beside it are not read.
        moved = os.path.join(self.tmp, "moved-share")
        shutil.copytree(self.share, moved)
        self.addCleanup(shutil.rmtree, moved, True)
        exceptions = os.path.join(moved, "schemas", "compound-exceptions.txt")
        with open(exceptions, "a", encoding="utf-8") as f:
            f.write("not an exception line\n")
        r = self.query("sancties", env=clean_env(KNIPSEL_COMPOUND_LEXICON=os.path.join(moved, "nl-compounds.lex")))
        self.assertEqual(r.returncode, 78, "stdout=%r stderr=%r" % (r.stdout, r.stderr))
        self.assertIn(exceptions + ":", r.stderr)
        r = self.query("sancties", env=clean_env(KNIPSEL_SCHEMA=os.path.join(moved, "schemas", "knipsel.toml")))
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_the_installed_wrapper_reindexes_with_the_readme_cron_line(self):
        # cron's environment: a minimal PATH, $HOME as the working folder;
        # the wrapper finds the knipsel-index installed beside it.
        env = {"PATH": "/usr/bin:/bin", "HOME": self.tmp, "KNIPSEL_DB": self.db}
        log = os.path.join(self.tmp, "knipsel-index.log")
        r = subprocess.run([os.path.join(self.bin, "knipsel-reindex"), "--log", log], cwd=self.tmp, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, encoding="utf-8", timeout=60)
        self.assertEqual(r.returncode, 0, "stderr=%r" % r.stderr)
        with open(log, encoding="utf-8") as f:
            self.assertIn("ok: %s is up to date" % self.db, f.read())


if __name__ == "__main__":
    unittest.main()
