"""End-to-end tests of nightly operation: what a failed or killed run leaves
behind, permissions and locks as an unattended job meets them, files that
change under a run, and the knipsel-reindex wrapper's log.

Each test starts in a fresh temp folder with articles it writes itself.
"""

import fcntl
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

# also runnable as `python3 -m unittest tests/e2e/test_ops_nightly.py` from the source root
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_support import KNIPSEL_INDEX, KNIPSEL_QUERY, SCHEMAS_DIR, SOURCE_ROOT, clean_env  # noqa: E402

REINDEX_WRAPPER = os.path.join(SOURCE_ROOT, "indexer", "contrib", "knipsel-reindex")
TIMEOUT = 120
WORDS = ("vrede akkoord sancties raket kernproef minister regering verkiezingen overleg top grens handel "
         "economie tarieven diplomatie gesprekken veiligheid verdrag leger haven schip burgers protest "
         "rechter parlement begroting energie klimaat water dijk landbouw school zorg ziekenhuis").split()
SUMMARY = re.compile(r"^(\d+) added, (\d+) replaced, (\d+) unchanged, (\d+) removed, (\d+) skipped, (\d+) errors?",
                     re.M)


def run(argv, cwd, env=None, **kw):
    return subprocess.run(argv, cwd=cwd, env=env if env is not None else clean_env(),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=TIMEOUT, encoding="utf-8", errors="replace", **kw)


def write_articles(folder, count, seed=0, words=60, start=0):
    os.makedirs(folder, exist_ok=True)
    for i in range(start, start + count):
        body = " ".join(WORDS[(i * 7 + k * (seed + 3)) % len(WORDS)] + str((i * k + seed) % 997)
                        for k in range(words))
        with open(os.path.join(folder, "art%05d.txt" % i), "w", encoding="utf-8") as f:
            f.write("date 2019-03-%02d\ntitle bericht %d\n\n%s uniekwoord%d\n" % (i % 28 + 1, i, body, i))


def summary_counts(stdout):
    m = SUMMARY.search(stdout)
    assert m, stdout
    return dict(zip(("added", "replaced", "unchanged", "removed", "skipped", "errors"), map(int, m.groups())))


class OpsCase(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="knipsel-ops-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.corpus = os.path.join(self.tmp, "corpus")
        self.db = os.path.join(self.tmp, "db")

    def index(self, *args, **kw):
        return run([KNIPSEL_INDEX, *args], cwd=self.tmp, **kw)

    def hits(self, word):
        r = run([KNIPSEL_QUERY, "--db", self.db, "-n", "1", word], cwd=self.tmp)
        self.assertIn(r.returncode, (0, 1), r.stderr)
        return r.returncode == 0


class FileFactsOfTouchedFiles(OpsCase):
    """Omega shows an undated article's file time (modtime) and a file's
    size from the document data: a file touched keeps them as they are
    now, as a fresh index has them. An undated line of a .jsonl keeps the
    file's time of the run that indexed it: a line appended (or the file
    touched) leaves the other lines' documents as they are, so that a run
    costs the lines that changed."""

    def data_of(self, word):
        """{name: value} of the stored data of the one document quest finds for word."""
        r = subprocess.run(["quest", "-d", self.db, "-s", "none", word], capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Exactly 1 matches", r.stdout)
        return dict(line.split("=", 1) for line in r.stdout.splitlines() if re.match(r"^(modtime|size|date)=", line))

    @unittest.skipUnless(shutil.which("quest"), "quest (xapian-tools) not installed")
    def test_an_undated_articles_time_follows_its_file(self):
        os.mkdir(self.corpus)
        nodate, feed = os.path.join(self.corpus, "nodate.txt"), os.path.join(self.corpus, "x.jsonl")
        with open(nodate, "w") as f:
            f.write("titel: Zonder datum\n\nEen walrus zonder datum.\n")
        with open(feed, "w") as f:
            f.write('{"id": "u1", "title": "Ongedateerd", "body": "Een kameel."}\n')
        old = 1433160000  # 2015-06-01
        for path in (nodate, feed):
            os.utime(path, (old, old))
        self.assertEqual(self.index("--db", self.db, "-q", self.corpus).returncode, 0)
        self.assertEqual(self.data_of("walrus")["modtime"], str(old))
        os.utime(nodate)  # touched, not changed
        with open(feed, "a") as f:
            f.write('{"id": "u2", "title": "Nieuw", "body": "Een tulp."}\n')
        self.assertEqual(self.index("--db", self.db, "-q").returncode, 0)
        # The touched file's article has its time now; the .jsonl's old line keeps 2015, the new one has now.
        self.assertEqual(self.data_of("walrus")["modtime"], str(int(os.stat(nodate).st_mtime)))
        self.assertEqual(self.data_of("kameel")["modtime"], str(old))
        self.assertEqual(self.data_of("tulp")["modtime"], str(int(os.stat(feed).st_mtime)))
        self.assertEqual(self.data_of("walrus")["size"], str(os.stat(nodate).st_size))


class FailedFullRun(OpsCase):
    """A --full that cannot write (a full disk) leaves nothing behind."""

    def test_failed_full_removes_its_half_built_index_and_names_it(self):
        write_articles(self.corpus, 300)
        r = self.index("--db", self.db, "-q", self.corpus)
        self.assertEqual(r.returncode, 0, r.stderr)

        def small_files():
            # Writes past 512 KB fail (EFBIG) as they would on a full disk.
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (512 * 1024, 512 * 1024))

        r = self.index("--db", self.db, "--full", "-q", self.corpus, preexec_fn=small_files)
        self.assertEqual(r.returncode, 74, r.stderr)
        self.assertRegex(r.stderr, r"knipsel-index: error: cannot (write to|commit to|write the spelling data of) "
                                   + re.escape(self.db + ".new"))
        self.assertFalse(os.path.exists(self.db + ".new"), os.listdir(self.tmp))
        # The index is as it was, and the next run updates it.
        self.assertTrue(self.hits("uniekwoord299"))
        write_articles(self.corpus, 1, start=300)
        r = self.index("--db", self.db, self.corpus)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(summary_counts(r.stdout)["added"], 1)
        self.assertTrue(self.hits("uniekwoord300"))

    def test_stale_new_index_of_a_killed_full_is_removed_with_a_word(self):
        write_articles(self.corpus, 5)
        self.assertEqual(self.index("--db", self.db, "-q", self.corpus).returncode, 0)
        shutil.copytree(self.db, self.db + ".new")  # what a kill -9 during --full leaves
        r = self.index("--db", self.db, "--quiet")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertFalse(os.path.exists(self.db + ".new"))
        lines = r.stderr.splitlines()
        self.assertEqual(len(lines), 1, r.stderr)
        self.assertIn(self.db + ".new", lines[0])
        self.assertIn("interrupted --full", lines[0])
        # What a --full killed as it began (or a full disk) leaves: its lock
        # file and a rev file, in PATH.new.creating.
        os.makedirs(self.db + ".new.creating")
        for name in ("flintlock", "v.tmp"):
            open(os.path.join(self.db + ".new.creating", name), "w").close()
        r = self.index("--db", self.db, "--quiet")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertFalse(os.path.exists(self.db + ".new.creating"))
        self.assertIn(self.db + ".new.creating: removed", r.stderr)
        # Not a folder of knipsel's: left alone.
        os.makedirs(self.db + ".new")
        with open(os.path.join(self.db + ".new", "notes.txt"), "w") as f:
            f.write("mine\n")
        r = self.index("--db", self.db, "--quiet")
        self.assertEqual((r.returncode, r.stderr), (0, ""))
        self.assertTrue(os.path.exists(os.path.join(self.db + ".new", "notes.txt")))


    def test_stale_compact_index_of_a_killed_compact_is_removed_with_a_word(self):
        # It stayed after every later run, as big as the index.
        write_articles(self.corpus, 5)
        self.assertEqual(self.index("--db", self.db, "-q", self.corpus).returncode, 0)
        shutil.copytree(self.db, self.db + ".compact")  # what a kill -9 during --compact leaves
        r = self.index("--db", self.db, "--quiet")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertFalse(os.path.exists(self.db + ".compact"))
        lines = r.stderr.splitlines()
        self.assertEqual(len(lines), 1, r.stderr)
        self.assertIn(self.db + ".compact: removed, a half-built index left by an interrupted --compact", lines[0])
        # ... and in the --json summary's warnings, which monitoring reads.
        shutil.copytree(self.db, self.db + ".new")
        r = self.index("--db", self.db, "--quiet", "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout)["warnings"],
                         [{"file": self.db + ".new",
                           "reason": "removed, a half-built index left by an interrupted --full"}])


class AfterAnUpgrade(OpsCase):
    """An index another version of knipsel made is rebuilt by the nightly run."""

    def made_by_an_older_knipsel(self):
        meta = lambda key: subprocess.run(["xapian-metadata", "get", self.db, key], capture_output=True,
                                          text=True, check=True).stdout.rstrip("\n")
        older = re.sub(r"knipsel-analyser/(\d+)", lambda m: "knipsel-analyser/%d" % (int(m.group(1)) - 1),
                       meta("knipsel:analyser"))
        subprocess.run(["xapian-metadata", "set", self.db, "knipsel:analyser", older], check=True)
        subprocess.run(["xapian-metadata", "set", self.db, "knipsel:self", ""], check=True)
        self.assertFalse(self.hits("uniekwoord3"))  # precondition: refused (exit 78 fails hits())

    def hits(self, word):
        r = run([KNIPSEL_QUERY, "--db", self.db, "-n", "1", word], cwd=self.tmp)
        return r.returncode == 0

    def test_a_run_without_folders_rebuilds_it_in_full(self):
        write_articles(self.corpus, 20)
        write_articles(os.path.join(self.tmp, "extra"), 3, start=100)
        self.assertEqual(self.index("--db", self.db, "-q", self.corpus, "extra").returncode, 0)
        self.made_by_an_older_knipsel()
        r = self.index("--db", self.db, "-q")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stderr, r"^knipsel-index: note: .*db was made by another version of knipsel: it is "
                                   r"rebuilt in full")
        self.assertTrue(self.hits("uniekwoord3") and self.hits("uniekwoord101"))
        self.assertFalse(os.path.exists(self.db + ".new"))
        r = self.index("--db", self.db, "--json", self.corpus)  # and then as usual
        self.assertEqual((r.returncode, r.stderr), (0, ""))
        self.assertEqual((json.loads(r.stdout)["unchanged"], json.loads(r.stdout)["full"]), (20, False))

    def test_the_query_names_the_setting_that_differs_not_two_lines_of_settings(self):
        write_articles(self.corpus, 3)
        self.assertEqual(self.index("--db", self.db, "-q", self.corpus).returncode, 0)
        now = subprocess.run(["xapian-metadata", "get", self.db, "knipsel:analyser"], capture_output=True,
                             text=True, check=True).stdout.rstrip("\n")
        version = int(re.match(r"knipsel-analyser/(\d+) ", now).group(1))
        self.made_by_an_older_knipsel()
        r = run([KNIPSEL_QUERY, "--db", self.db, "uniekwoord1"], cwd=self.tmp)
        self.assertEqual(r.returncode, 78, r.stderr)
        error, hint = r.stderr.splitlines()
        self.assertTrue(error.endswith("db was built with another analyser (its knipsel-analyser/%d, this knipsel's "
                                       "knipsel-analyser/%d)" % (version - 1, version)), error)
        self.assertNotIn("damaged", hint)
        # The same version and another setting: the recorded files were damaged (or the lexicon changed).
        subprocess.run(["xapian-metadata", "set", self.db, "knipsel:analyser",
                        now.replace("stemmer=dutch", "stemmer=dutsch", 1)], check=True)
        r = run([KNIPSEL_QUERY, "--db", self.db, "uniekwoord1"], cwd=self.tmp)
        self.assertEqual(r.returncode, 78, r.stderr)
        error, hint = r.stderr.splitlines()
        self.assertIn("(its stemmer=dutsch, this knipsel's stemmer=dutch)", error)
        self.assertIn("the index may be damaged (xapian-check ", hint)

    def test_a_dry_run_shows_the_rebuild_and_changes_nothing(self):
        # It refused (exit 78) and said --full was needed.
        write_articles(self.corpus, 4)
        self.assertEqual(self.index("--db", self.db, "-q", self.corpus).returncode, 0)
        self.made_by_an_older_knipsel()
        r = self.index("--db", self.db, "-n", "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("this dry run shows that rebuild", r.stderr)
        said = json.loads(r.stdout)
        self.assertEqual((said["added"], said["full"]), (4, True))
        self.assertFalse(self.hits("uniekwoord3"))  # still the old index
        self.assertFalse(os.path.exists(self.db + ".new"))

    def test_a_run_given_one_folder_keeps_the_others_it_records(self):
        write_articles(self.corpus, 5)
        write_articles(os.path.join(self.tmp, "extra"), 3, start=100)
        self.assertEqual(self.index("--db", self.db, "-q", self.corpus, "extra").returncode, 0)
        self.made_by_an_older_knipsel()
        r = self.index("--db", self.db, "--json", self.corpus)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(json.loads(r.stdout)["full"])
        self.assertTrue(self.hits("uniekwoord3") and self.hits("uniekwoord101"))

    def test_a_recorded_folder_that_is_gone_is_no_reason_to_lose_its_documents(self):
        write_articles(self.corpus, 5)
        write_articles(os.path.join(self.tmp, "extra"), 3, start=100)
        self.assertEqual(self.index("--db", self.db, "-q", self.corpus, "extra").returncode, 0)
        self.made_by_an_older_knipsel()
        shutil.rmtree(os.path.join(self.tmp, "extra"))  # (a disk not mounted tonight)
        r = self.index("--db", self.db, "-q")
        self.assertEqual(r.returncode, 78, r.stderr)
        extra = os.path.join(self.tmp, "extra")
        self.assertIn("is not rebuilt: the folder %s it was built from is gone" % extra, r.stderr)
        # It said to run plain --full, which refuses (66) while the folder is gone.
        self.assertIn("hint: bring %s back and run again, or rebuild without it: knipsel-index --db %s --full "
                      "--forget %s\n" % (extra, self.db, extra), r.stderr)
        self.assertNotIn("re-index: knipsel-index --full --db", r.stderr)
        # So does the nightly wrapper's verdict (it said "run knipsel-index --full --db").
        log = os.path.join(self.tmp, "reindex.log")
        p = subprocess.run([REINDEX_WRAPPER, "--db", self.db, "--log", log], cwd=self.tmp,
                           env=clean_env(KNIPSEL_INDEX=KNIPSEL_INDEX), capture_output=True, text=True,
                           timeout=TIMEOUT)
        self.assertEqual(p.returncode, 78, p.stderr)
        self.assertIn("bring it back, or rebuild without it: knipsel-index --db %s --full --forget %s\n"
                      % (self.db, extra), p.stderr)
        self.assertNotIn("run knipsel-index --full --db", p.stderr)

    def test_the_query_hint_names_what_rebuilds_it_when_a_recorded_folder_is_gone_or_empty(self):
        # It said "the next knipsel-index run rebuilds it", which refuses then (exit 78).
        write_articles(self.corpus, 3)
        extra = os.path.join(self.tmp, "extra")
        write_articles(extra, 2, start=100)
        self.assertEqual(self.index("--db", self.db, "-q", self.corpus, "extra").returncode, 0)
        self.made_by_an_older_knipsel()
        r = run([KNIPSEL_QUERY, "--db", self.db, "uniekwoord1"], cwd=self.tmp)
        self.assertEqual(r.returncode, 78, r.stderr)
        self.assertIn("\nhint: the next knipsel-index run rebuilds it", r.stderr)  # every folder there
        os.rename(extra, extra + ".unmounted")
        for empty in (False, True):  # gone, or its mount point left empty
            with self.subTest(empty=empty):
                if empty:
                    os.mkdir(extra)
                r = run([KNIPSEL_QUERY, "--db", self.db, "uniekwoord1"], cwd=self.tmp)
                self.assertEqual(r.returncode, 78, r.stderr)
                error, hint = r.stderr.splitlines()
                self.assertIn("was built with another analyser", error)
                self.assertEqual(hint, "hint: knipsel-index rebuilds it once %s it was built from is back (it %s), "
                                       "or without it: knipsel-index --db %s --full --forget %s"
                                 % (extra, "holds no article" if empty else "is gone", self.db, extra))
                self.assertEqual(self.index("--db", self.db, "-q").returncode, 78)  # as the hint says

    def test_the_query_hints_command_works_when_pasted_with_two_folders_gone_and_a_space_in_a_name(self):
        # It named one folder, unquoted: "--forget /tmp/x/f c" failed (exit 66, "no such folder: c").
        write_articles(self.corpus, 3)
        spaced, other = os.path.join(self.tmp, "f c"), os.path.join(self.tmp, "extra")
        write_articles(spaced, 2, start=100)
        write_articles(other, 2, start=200)
        self.assertEqual(self.index("--db", self.db, "-q", self.corpus, spaced, other).returncode, 0)
        self.made_by_an_older_knipsel()
        shutil.rmtree(spaced)
        os.rename(other, other + ".unmounted")
        os.mkdir(other)  # its mount point left empty
        r = run([KNIPSEL_QUERY, "--db", self.db, "uniekwoord1"], cwd=self.tmp)
        self.assertEqual(r.returncode, 78, r.stderr)
        hint = r.stderr.splitlines()[1]
        command = "knipsel-index --db %s --full --forget %s --forget '%s'" % (self.db, other, spaced)
        self.assertTrue(hint.endswith("without them: " + command), hint)
        self.assertIn("'%s' (it is gone)" % spaced, hint)
        self.assertIn("%s (it holds no article)" % other, hint)
        p = subprocess.run(["sh", "-c", command.replace("knipsel-index", "\"$KNIPSEL\"", 1) + " -q"], cwd=self.tmp,
                           env=clean_env(KNIPSEL=KNIPSEL_INDEX), capture_output=True, text=True, timeout=TIMEOUT)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertTrue(self.hits("uniekwoord1"))

    def test_the_indexers_hint_quotes_the_folder_it_names(self):
        write_articles(self.corpus, 3)
        spaced = os.path.join(self.tmp, "f c")
        write_articles(spaced, 2, start=100)
        self.assertEqual(self.index("--db", self.db, "-q", self.corpus, spaced).returncode, 0)
        self.made_by_an_older_knipsel()
        shutil.rmtree(spaced)
        r = self.index("--db", self.db, "-q")
        self.assertEqual(r.returncode, 78, r.stderr)
        self.assertIn("rebuild without it: knipsel-index --db %s --full --forget '%s'\n" % (self.db, spaced), r.stderr)
        r = self.index("--db", self.db, "-q", "--full")
        self.assertEqual(r.returncode, 66, r.stderr)
        self.assertIn("--full --forget '%s'" % spaced, r.stderr)

    def test_a_recorded_folder_left_empty_by_a_disk_not_mounted_is_no_reason_to_lose_its_documents(self):
        # The rebuild dropped every document of the share, exit 0, and the
        # nights after said nothing (a normal run keeps them: exit 1).
        write_articles(self.corpus, 5)
        extra = os.path.join(self.tmp, "extra")
        write_articles(extra, 3, start=100)
        self.assertEqual(self.index("--db", self.db, "-q", self.corpus, "extra").returncode, 0)
        self.made_by_an_older_knipsel()
        os.rename(extra, extra + ".unmounted")
        for stray in (None, "LEESMIJ.pdf"):  # its mount point, empty or with a file of another format
            with self.subTest(stray=stray):
                os.makedirs(extra, exist_ok=True)
                if stray:
                    open(os.path.join(extra, stray), "w").close()
                r = self.index("--db", self.db, "-q")
                self.assertEqual(r.returncode, 78, r.stderr)
                self.assertIn("is not rebuilt: the folder %s it was built from holds no article" % extra, r.stderr)
                self.assertIn("--full --forget %s" % extra, r.stderr)
                self.assertFalse(os.path.exists(self.db + ".new"))
        shutil.rmtree(extra)
        os.rename(extra + ".unmounted", extra)
        # Still the old index: mounted again, the nightly run rebuilds it whole.
        r = self.index("--db", self.db, "-q")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(self.hits("uniekwoord3") and self.hits("uniekwoord101"))


class LocksAndPermissions(OpsCase):
    def hold_lock(self, path):
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        self.addCleanup(os.close, fd)
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.write(fd, b"knipsel-index (pid 4242, since 2019-01-01 03:15:00)\n")

    def test_symlinked_db_takes_the_lock_of_the_index_it_leads_to(self):
        write_articles(self.corpus, 3)
        self.assertEqual(self.index("--db", self.db, "-q", self.corpus).returncode, 0)
        link = os.path.join(self.tmp, "dblink")
        os.symlink("db", link)
        self.hold_lock(self.db + ".lock")
        start = time.monotonic()
        r = self.index("--db", link, "--wait", "1", self.corpus)
        self.assertEqual(r.returncode, 75, r.stderr)
        self.assertGreaterEqual(time.monotonic() - start, 0.9)  # it waited for the lock
        self.assertIn("pid 4242", r.stderr)
        self.assertFalse(os.path.exists(link + ".lock"))

    def as_other_user(self):
        """preexec_fn for a user whom file permissions apply to (root: nobody)."""
        if os.geteuid() != 0:
            return None

        def drop():
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
        return drop

    def test_read_only_index_is_a_permission_error_not_a_lock(self):
        drop = self.as_other_user()
        os.chmod(self.tmp, 0o777)
        write_articles(self.corpus, 3)
        for root, dirs, files in os.walk(self.tmp):
            for name in dirs + files:
                os.chmod(os.path.join(root, name), 0o777)
        probe = subprocess.run([KNIPSEL_INDEX, "--version"], preexec_fn=drop, capture_output=True)
        if probe.returncode != 0:
            self.skipTest("the binaries cannot be run by another user here")
        r = self.index("--db", self.db, "-q", self.corpus, preexec_fn=drop)
        self.assertEqual(r.returncode, 0, r.stderr)
        for root, dirs, files in os.walk(self.db):
            for name in files:
                os.chmod(os.path.join(root, name), 0o444)
            os.chmod(root, 0o555)
        self.addCleanup(lambda: [os.chmod(os.path.join(r_, n), 0o777)
                                 for r_, d, f in os.walk(self.db) for n in d + f + ["."]])
        with open(os.path.join(self.corpus, "art00001.txt"), "a") as f:
            f.write("nieuwe regel\n")
        start = time.monotonic()
        r = self.index("--db", self.db, "--wait", "5", self.corpus, preexec_fn=drop)
        self.assertEqual(r.returncode, 73, r.stderr)
        self.assertLess(time.monotonic() - start, 4)
        self.assertRegex(r.stderr, r"knipsel-index: error: cannot write to index " + re.escape(self.db)
                         + r"\S*: Permission denied")
        self.assertNotIn("locked", r.stderr)


class FilesChangingUnderARun(OpsCase):
    def test_file_deleted_after_the_walk_is_a_deletion_not_an_error(self):
        count = 2000
        write_articles(self.corpus, count, words=20)
        self.assertEqual(self.index("--db", self.db, "-q", self.corpus).returncode, 0)
        write_articles(self.corpus, count, seed=5, words=20)  # every file changed: each is read again
        doomed = ["art%05d.txt" % i for i in range(count - 40, count)]
        proc = subprocess.Popen([KNIPSEL_INDEX, "--db", self.db, "--threads", "1", self.corpus],
                                cwd=self.tmp, env=clean_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                encoding="utf-8", errors="replace")
        # The lock note is written before the walk, which takes a few ms.
        lock = self.db + ".lock"  # emptied by the run before
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not (os.path.exists(lock) and os.path.getsize(lock) > 0):
            time.sleep(0.005)
        time.sleep(0.3)
        running = proc.poll() is None
        for name in doomed:
            os.remove(os.path.join(self.corpus, name))
        out, err = proc.communicate(timeout=TIMEOUT)
        if not running:
            self.skipTest("the run ended before the files were deleted (a very fast machine)")
        self.assertEqual(proc.returncode, 0, err)
        self.assertNotIn("error:", err)
        self.assertFalse(self.hits("uniekwoord%d" % (count - 1)))
        self.assertTrue(self.hits("uniekwoord%d" % (count - 41)))
        again = self.index("--db", self.db, self.corpus)
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertEqual(summary_counts(again.stdout)["removed"], 0)

    def test_empty_files_are_skipped_with_a_warning_in_every_format(self):
        write_articles(self.corpus, 3)
        empties = ["leeg.txt", "leeg.md", "leeg.html", "leeg.jsonl", "leeg.rss"]
        for name in empties:
            open(os.path.join(self.corpus, name), "w").close()
        for attempt in range(2):  # the same on the next run
            r = self.index("--db", self.db, self.corpus)
            self.assertEqual(r.returncode, 0, r.stderr)
            for name in empties:
                self.assertIn("knipsel-index: warning: %s: empty file, nothing to index"
                              % os.path.join(self.corpus, name), r.stderr)
            self.assertNotIn("error:", r.stderr)
            self.assertEqual(summary_counts(r.stdout)["skipped"], len(empties))
        # A file emptied loses its article, as a file deleted would.
        open(os.path.join(self.corpus, "art00000.txt"), "w").close()
        r = self.index("--db", self.db, self.corpus)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(summary_counts(r.stdout)["removed"], 1)
        # Emptied with `echo > a.txt` (a line break), or saved empty by
        # Notepad (a byte order mark): blank, the same (it was an error
        # every night, and the article stayed).
        for name, blank in (("art00001.txt", "\n"), ("art00002.txt", "\ufeff\r\n \t\n")):
            with open(os.path.join(self.corpus, name), "w", encoding="utf-8") as f:
                f.write(blank)
        r = self.index("--db", self.db, self.corpus)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(summary_counts(r.stdout)["removed"], 2)
        for name in ("art00001.txt", "art00002.txt"):
            self.assertIn("knipsel-index: warning: %s: blank file, nothing to index"
                          % os.path.join(self.corpus, name), r.stderr)
        # A file with text but no article in it is still an error.
        with open(os.path.join(self.corpus, "kop.md"), "w") as f:
            f.write("---\ndate: 2019-03-04\n---\n\n")
        r = self.index("--db", self.db, self.corpus)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("kop.md", r.stderr)
        os.remove(os.path.join(self.corpus, "kop.md"))
        # A feed without items and a .jsonl of blank lines: skipped and named.
        with open(os.path.join(self.corpus, "kanaal.rss"), "w") as f:
            f.write('<rss version="2.0"><channel><title>NOS</title></channel></rss>\n')
        with open(os.path.join(self.corpus, "leeg.jsonl"), "w") as f:
            f.write("\n\n")
        r = self.index("--db", self.db, self.corpus)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("knipsel-index: warning: %s: no article in it" % os.path.join(self.corpus, "kanaal.rss"),
                      r.stderr)
        self.assertIn("knipsel-index: warning: %s: blank file" % os.path.join(self.corpus, "leeg.jsonl"), r.stderr)


class DbPathAndHints(OpsCase):
    def test_empty_folder_as_db_is_no_index_yet(self):
        os.makedirs(self.db)
        r = self.index("--db", self.db)
        self.assertEqual(r.returncode, 66, r.stderr)
        self.assertIn("no folder given and no index at " + self.db, r.stderr)
        self.assertFalse(os.path.exists(self.db + ".lock"))
        self.assertNotIn("damaged", r.stderr)
        write_articles(self.corpus, 2)
        r = self.index("--db", self.db, self.corpus)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(summary_counts(r.stdout)["added"], 2)
        self.assertTrue(self.hits("uniekwoord1"))

    def test_reindex_hint_keeps_the_schema_given(self):
        write_articles(self.corpus, 2)
        self.assertEqual(self.index("--db", self.db, "-q", self.corpus).returncode, 0)
        schemas = os.path.join(self.tmp, "schemas")
        shutil.copytree(SCHEMAS_DIR, schemas)
        schema = os.path.join(schemas, "knipsel.toml")
        with open(schema, encoding="utf-8") as f:
            text = f.read()
        with open(schema, "w", encoding="utf-8") as f:
            f.write(text.replace("weight = 3", "weight = 4", 1))
        r = self.index("--db", self.db, "--schema", schema, self.corpus)
        self.assertEqual(r.returncode, 78, r.stderr)
        self.assertIn("re-index with this one: knipsel-index --full --db %s --schema %s" % (self.db, schema), r.stderr)
        r = self.index("--db", self.db, "--full", "--schema", schema, "-q", self.corpus)
        self.assertEqual(r.returncode, 0, r.stderr)


class ReindexWrapper(OpsCase):
    def test_all_error_lines_are_logged_before_the_verdict_and_the_exit(self):
        os.makedirs(self.corpus)
        bad = 300
        with open(os.path.join(self.corpus, "feed.jsonl"), "w", encoding="utf-8") as f:
            f.write('{"id": "a1", "title": "goed", "body": "vrede en akkoord"}\n')
            for i in range(bad):
                f.write("{kapotte json %d\n" % i)
        log = os.path.join(self.tmp, "reindex.log")
        env = clean_env(KNIPSEL_INDEX=KNIPSEL_INDEX)
        # Not a pipe that the test waits on: what is in the log when the
        # wrapper exits is all there will be (systemd kills the rest).
        p = subprocess.run([REINDEX_WRAPPER, "--db", self.db, "--log", log, self.corpus], cwd=self.tmp, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=TIMEOUT)
        with open(log, encoding="utf-8") as f:
            lines = f.read().splitlines()
        self.assertEqual(p.returncode, 1, lines)
        self.assertEqual(sum("error:" in l for l in lines), bad)
        self.assertIn("done with errors", lines[-1])
        self.assertIn(" summary {", lines[-2])

    def test_a_missing_index_and_a_missing_indexer_get_verdicts_that_say_so(self):
        # Both were "FAILED with exit code N (see the README's exit code table)",
        # and the table has no 127.
        log = os.path.join(self.tmp, "reindex.log")
        for index_bin, rc, said in ((KNIPSEL_INDEX, 66, "FAILED: no such index or folder"),
                                    (os.path.join(self.tmp, "geen-knipsel-index"), 127,
                                     "FAILED: knipsel-index could not be run (exit 127")):
            with self.subTest(rc=rc):
                p = subprocess.run([REINDEX_WRAPPER, "--db", os.path.join(self.tmp, "geen.db"), "--log", log],
                                   cwd=self.tmp, env=clean_env(KNIPSEL_INDEX=index_bin), capture_output=True,
                                   text=True, timeout=TIMEOUT)
                self.assertEqual(p.returncode, rc, p.stderr)
                with open(log, encoding="utf-8") as f:
                    self.assertIn(said, f.read().splitlines()[-1])
                self.assertFalse(os.path.exists(os.path.join(self.tmp, "geen.db.lock")))

    def limit_file_size(self):
        """preexec_fn: files of at most 1 MB, as a disk that fills up (write() then fails with EFBIG)."""
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (1024 * 1024, 1024 * 1024))

    def test_a_disk_that_fills_mid_run_still_gives_the_json_summary_of_what_was_committed(self):
        # Exit 74 printed nothing on standard output: a monitor reading the
        # summary lines did not see the run, nor the batches it committed.
        write_articles(self.corpus, 1500, words=120)
        r = self.index("--db", self.db, "--json", "--batch", "100", self.corpus, preexec_fn=self.limit_file_size)
        self.assertEqual(r.returncode, 74, r.stderr)
        lines = r.stdout.splitlines()
        self.assertEqual(len(lines), 1, r.stdout)
        data = json.loads(lines[0])
        self.assertEqual(data["failed"]["exit"], 74, data)
        self.assertRegex(data["failed"]["reason"], r"cannot (write|commit) to .*db")
        self.assertIn({"file": self.db, "reason": data["failed"]["reason"]}, data["errors"])
        q = run([KNIPSEL_QUERY, "--db", self.db, "--format", "json", "-n", "5000", "bericht"], cwd=self.tmp)
        self.assertIn(q.returncode, (0, 1), q.stderr)
        committed = len(json.loads(q.stdout)["results"])
        self.assertGreater(committed, 0)
        self.assertEqual((data["added"], data["docs_in_index"]), (committed, committed))
        # A read-only index, or --db naming a file: the summary too, nothing written.
        as_file = os.path.join(self.tmp, "bestand.db")
        with open(as_file, "w") as f:
            f.write("geen index\n")
        r = self.index("--db", as_file, "--json", self.corpus)
        self.assertEqual(r.returncode, 73, r.stderr)
        data = json.loads(r.stdout)
        self.assertEqual((data["failed"]["exit"], data["added"], data["docs_in_index"]), (73, 0, None))

    def test_wrapper_says_what_exits_64_73_and_74_mean_and_logs_a_failed_runs_summary(self):
        # They were "FAILED with exit code N (see the README's exit code table)".
        write_articles(self.corpus, 1500, words=120)
        as_file = os.path.join(self.tmp, "bestand.db")
        with open(as_file, "w") as f:
            f.write("geen index\n")
        log = os.path.join(self.tmp, "reindex.log")
        env = clean_env(KNIPSEL_INDEX=KNIPSEL_INDEX)
        for args, rc, said, limit in (
                (["--db", self.db, "--", "--onzin", self.corpus], 64, "FAILED: bad usage", None),
                (["--db", as_file, self.corpus], 73, "FAILED: cannot write the index", None),
                (["--db", self.db, "--", "--batch", "100", self.corpus], 74, "FAILED: I/O error",
                 self.limit_file_size)):
            with self.subTest(rc=rc):
                p = subprocess.run([REINDEX_WRAPPER, "--log", log, *args], cwd=self.tmp, env=env,
                                   capture_output=True, text=True, timeout=TIMEOUT, preexec_fn=limit)
                self.assertEqual(p.returncode, rc, p.stderr)
                with open(log, encoding="utf-8") as f:
                    lines = f.read().splitlines()
                self.assertIn(said, lines[-1])
                if rc != 64:
                    self.assertIn(" summary {", lines[-2])
                    summary = json.loads(lines[-2].split(" summary ", 1)[1])
                    self.assertEqual(summary["failed"]["exit"], rc)

    def test_wrapper_refuses_a_log_it_cannot_write_and_an_option_without_its_value(self):
        os.makedirs(self.corpus)
        env = clean_env(KNIPSEL_INDEX=KNIPSEL_INDEX)
        for args, rc, said in ((["--log", os.path.join(self.tmp, "geen-map", "x.log")], 73, "cannot write the log"),
                               (["--log"], 64, "--log needs a value"), (["--db"], 64, "--db needs a value")):
            with self.subTest(args=args):
                p = subprocess.run([REINDEX_WRAPPER, *args], cwd=self.tmp, env=env, capture_output=True, text=True,
                                   timeout=TIMEOUT)
                self.assertEqual(p.returncode, rc, p.stderr)
                self.assertIn(said, p.stderr)
        self.assertFalse(os.path.exists(self.db))  # nothing was indexed

    @unittest.skipUnless(shutil.which("xapian-check"), "needs xapian-check (xapian-tools)")
    def test_wrapper_check_finds_damage_that_the_run_did_not_touch(self):
        write_articles(self.corpus, 30)
        env = clean_env(KNIPSEL_INDEX=KNIPSEL_INDEX)
        run = [REINDEX_WRAPPER, "--db", self.db, "--check", self.corpus]
        p = subprocess.run(run, cwd=self.tmp, env=env, capture_output=True, text=True, timeout=TIMEOUT)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("checked: the tables of", p.stderr)
        # A bad block in the stored texts, which a run that changes nothing never reads.
        path = os.path.join(self.db, "docdata.glass")
        with open(path, "r+b") as f:
            f.seek(os.path.getsize(path) // 2 // 8192 * 8192 + 100)
            f.write(b"\xff" * 4000)
        p = subprocess.run(run, cwd=self.tmp, env=env, capture_output=True, text=True, timeout=TIMEOUT)
        self.assertEqual(p.returncode, 74, p.stderr)
        self.assertIn("is damaged", p.stderr)
        self.assertIn("knipsel-index --full --db", p.stderr)


if __name__ == "__main__":
    unittest.main()
