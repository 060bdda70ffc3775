"""Sharded indexes: the same answers from one database, N local shards and a
compacted merge; a re-index of one file touches one shard."""
import json
import os
import re
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_support import CORPUS_DIR, KNIPSEL_INDEX, KNIPSEL_QUERY, run  # noqa: E402

QUERIES = ["sancties Yongbyon", "Noord-Korea", "\"geen akkoord\"", "Iran NOT Korea", "lang:en",
           "date:2018..2018 topontmoeting", "denucleari*", "title:Singapore", "verklaring", "handel",
           "VS AND sancties", "Yongbyon NOT sancties"]


class ShardedIndex(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="knipsel-shards-")
        cls.corpus = os.path.join(cls.tmp, "corpus")
        shutil.copytree(CORPUS_DIR, cls.corpus)
        for name, shards in (("one", 1), ("two", 2), ("three", 3)):
            r = run([KNIPSEL_INDEX, "--db", os.path.join(cls.tmp, name), "--shards", str(shards), "-q",
                     cls.corpus], cwd=cls.tmp)
            assert r.returncode == 0, r.stderr

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def answer(self, db, query):
        r = run([KNIPSEL_QUERY, "--db", os.path.join(self.tmp, db), "--format", "json", "-n", "50", "--", query],
                cwd=self.tmp)
        self.assertIn(r.returncode, (0, 1), r.stderr)
        data = json.loads(r.stdout)
        return data["total"], [(h["id"], h["matched_all"]) for h in data["results"]]

    def test_a_sharded_index_is_a_folder_of_shards_with_a_xapian_stub(self):
        two = os.path.join(self.tmp, "two")
        self.assertEqual(sorted(os.listdir(two)), ["XAPIANDB", "shard-0", "shard-1"])
        with open(os.path.join(two, "XAPIANDB")) as f:
            self.assertEqual(f.read().split("\n")[:2], ["auto shard-0", "auto shard-1"])
        for shard in ("shard-0", "shard-1"):
            self.assertTrue(os.path.exists(os.path.join(two, shard, "iamglass")))

    def test_one_shard_given_as_the_index_is_refused(self):
        # It would take every folder's articles into that shard beside the
        # others' (duplicate hits), under a lock of its own.
        two = os.path.join(self.tmp, "two")
        for db in (os.path.join(two, "shard-1"), os.path.join(two, "shard-1") + "/", "two/shard-0"):
            r = run([KNIPSEL_INDEX, "--db", db, "-q"], cwd=self.tmp)
            self.assertEqual(r.returncode, 64, r.stderr)
            self.assertIn("is a shard of the index", r.stderr)
            self.assertIn("hint: index the whole: knipsel-index --db ", r.stderr)
        # The stub itself is a file, no index folder: refused before a lock
        # file is made beside it.
        r = run([KNIPSEL_INDEX, "--db", os.path.join(two, "XAPIANDB"), "-q"], cwd=self.tmp)
        self.assertEqual(r.returncode, 73, r.stderr)
        self.assertIn("is a file, not an index folder", r.stderr)
        self.assertEqual(sorted(os.listdir(two)), ["XAPIANDB", "shard-0", "shard-1"])  # no lock file left
        (two_total, two_hits), (one_total, one_hits) = self.answer("two", "sancties"), self.answer("one", "sancties")
        self.assertEqual((two_total, sorted(two_hits)), (one_total, sorted(one_hits)))  # no article twice

    def test_a_missing_shard_is_named_with_what_to_do(self):
        # The hint named a function of the code ("create_index_layout"), exit 73.
        broken = os.path.join(self.tmp, "broken")
        shutil.copytree(os.path.join(self.tmp, "two"), broken)
        shutil.rmtree(os.path.join(broken, "shard-1"))
        for folders in ([self.corpus], []):
            r = run([KNIPSEL_INDEX, "--db", broken, "-q"] + folders, cwd=self.tmp)
            self.assertEqual(r.returncode, 74, r.stderr)
            self.assertIn("shard-1", r.stderr)
            self.assertIn("--full", r.stderr)
            self.assertNotIn("create_index_layout", r.stderr)

    def test_every_layout_finds_the_same_documents(self):
        for q in QUERIES:
            total, hits = self.answer("one", q)
            self.assertGreater(total, 0, q)
            for db in ("two", "three"):
                other_total, other_hits = self.answer(db, q)
                self.assertEqual(other_total, total, (db, q))
                # Ranking uses collection statistics over all shards: same ids,
                # same tiers; ties may order differently only by docid.
                self.assertEqual(sorted(other_hits), sorted(hits), (db, q))
                self.assertEqual([m for _, m in other_hits], [m for _, m in hits], (db, q))

    def test_facets_are_those_of_one_database(self):
        for q in ("sancties", "Noord-Korea", "lang:en", "date:2018..2018 topontmoeting", "VS AND sancties"):
            answers = []
            for db in ("one", "two", "three"):
                r = run([KNIPSEL_QUERY, "--db", os.path.join(self.tmp, db), "--format", "json", "-n", "0",
                         "--facets", "--", q], cwd=self.tmp)
                self.assertIn(r.returncode, (0, 1), r.stderr)
                answers.append(json.loads(r.stdout)["facets"])
            self.assertGreater(answers[0]["matches"], 0, q)
            self.assertEqual(answers[1], answers[0], q)
            self.assertEqual(answers[2], answers[0], q)

    def test_spelling_suggestions_are_those_of_one_database(self):
        # Xapian 1.4 asked of local shards as one suggested another word or
        # none ("toehaten": nothing with 3 shards, "toelaten" with one).
        for q in ("toehaten", "supdorters", "binnenlepen", "mivjoenen", "waaom", "Yongbion", "sanctiez Yongbyon",
                  "Hanoi-top"):
            answers = []
            for db in ("one", "two", "three"):
                r = run([KNIPSEL_QUERY, "--db", os.path.join(self.tmp, db), "--format", "json", "-n", "5", "--", q],
                        cwd=self.tmp)
                self.assertIn(r.returncode, (0, 1), r.stderr)
                data = json.loads(r.stdout)
                answers.append((data["suggestion"], data["total"]))
            self.assertIsNotNone(answers[0][0], q)
            self.assertEqual(answers[1], answers[0], q)
            self.assertEqual(answers[2], answers[0], q)

    def test_full_rebuilds_an_index_with_the_shards_it_has(self):
        # It made one database of a sharded index, without a word.
        db = os.path.join(self.tmp, "full")
        for args, shards in ((("--shards", "3"), 3), ((), 3), (("--shards", "2"), 2), ((), 2)):
            r = run([KNIPSEL_INDEX, "--db", db, "--full", "-q", *args, self.corpus], cwd=self.tmp)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(sorted(n for n in os.listdir(db) if n.startswith("shard-")),
                             ["shard-%d" % i for i in range(shards)], args)
            total, hits = self.answer("full", "sancties Yongbyon")
            one_total, one_hits = self.answer("one", "sancties Yongbyon")
            self.assertEqual((total, sorted(hits)), (one_total, sorted(one_hits)))  # ties may order by docid

    def test_reindexing_one_file_touches_one_shard(self):
        tmp = tempfile.mkdtemp(prefix="knipsel-shard1-")
        try:
            corpus = os.path.join(tmp, "corpus")
            shutil.copytree(CORPUS_DIR, corpus)
            db = os.path.join(tmp, "db")
            self.assertEqual(run([KNIPSEL_INDEX, "--db", db, "--shards", "2", "-q", corpus], cwd=tmp).returncode, 0)

            def revisions():
                out = {}
                for shard in ("shard-0", "shard-1"):
                    r = run(["xapian-delve", os.path.join(db, shard)], cwd=tmp)
                    out[shard] = [l for l in r.stdout.splitlines() if l.startswith("revision")][0]
                return out

            before = revisions()
            with open(os.path.join(corpus, "2018-06-12-singapore-top.txt"), "a", encoding="utf-8") as f:
                f.write("\nEen extra zin over de shardtest.\n")
            r = run([KNIPSEL_INDEX, "--db", db, "--json"], cwd=tmp)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(json.loads(r.stdout)["replaced"], 1)
            after = revisions()
            changed = [s for s in before if before[s] != after[s]]
            self.assertEqual(len(changed), 1, (before, after))
            r = run([KNIPSEL_QUERY, "--db", db, "--format", "json", "shardtest"], cwd=tmp)
            self.assertEqual([h["id"] for h in json.loads(r.stdout)["results"]], ["2018-06-12-singapore-top.txt"])
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def test_shards_share_the_batch_so_a_crash_loses_at_most_one_batch(self):
        # Each of N shards commits every --batch/N documents: one --batch in
        # memory (and at risk) over all shards, not one per shard.
        tmp = tempfile.mkdtemp(prefix="knipsel-shardbatch-")
        try:
            corpus = os.path.join(tmp, "corpus")
            os.mkdir(corpus)
            for i in range(40):
                with open(os.path.join(corpus, "bericht-%02d.txt" % i), "w", encoding="utf-8") as f:
                    f.write("Bericht %d\n\nDe Veiligheidsraad bespreekt sancties, ronde %d.\n" % (i, i))
            db = os.path.join(tmp, "db")
            r = run([KNIPSEL_INDEX, "--db", db, "--shards", "2", "--batch", "10", "-q", corpus], cwd=tmp)
            self.assertEqual(r.returncode, 0, r.stderr)
            total = 0
            for shard in ("shard-0", "shard-1"):
                out = run(["xapian-delve", os.path.join(db, shard)], cwd=tmp).stdout
                docs = int(re.search(r"number of documents = (\d+)", out).group(1))
                revision = int(re.search(r"revision = (\d+)", out).group(1))
                total += docs
                # revision 1 is the empty index; then a commit every 5 documents (10 / 2 shards)
                self.assertGreaterEqual(revision - 1, docs // 5, (shard, docs, revision))
            self.assertEqual(total, 40)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def test_compact_merges_the_shards_and_keeps_the_answers(self):
        tmp = tempfile.mkdtemp(prefix="knipsel-compact-")
        try:
            db = os.path.join(tmp, "db")
            shutil.copytree(os.path.join(self.tmp, "two"), db)
            r = run([KNIPSEL_INDEX, "--db", db, "--compact", "-q", self.corpus], cwd=tmp)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertTrue(os.path.exists(os.path.join(db, "iamglass")), os.listdir(db))
            self.assertFalse(os.path.exists(db + ".compact"))
            for q in QUERIES:
                r = run([KNIPSEL_QUERY, "--db", db, "--format", "json", "-n", "50", "--", q], cwd=tmp)
                merged = sorted((h["id"], h["matched_all"]) for h in json.loads(r.stdout)["results"])
                self.assertEqual(merged, sorted(self.answer("one", q)[1]), q)
            r = run([KNIPSEL_INDEX, "--db", db, "--json", self.corpus], cwd=tmp)
            summary = json.loads(r.stdout)
            self.assertEqual((summary["added"], summary["replaced"], summary["removed"]), (0, 0, 0))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


def snapshot(folder):
    """Every file under `folder`, with its bytes: what a run must leave as it was."""
    out = {}
    for parent, _, files in os.walk(folder):
        for name in files:
            path = os.path.join(parent, name)
            with open(path, "rb") as f:
                out[os.path.relpath(path, folder)] = f.read()
    return out


class KilledWhileWritingItsStub(unittest.TestCase):
    """A first run or a --full of shards killed as it writes the stub of
    PATH.creating or PATH.new.creating leaves an empty (or cut short)
    XAPIANDB there: the next run makes the index anew, not exit 74 for good."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="knipsel-stubkill-")
        self.db = os.path.join(self.tmp, "k.db")
        r = run([KNIPSEL_INDEX, "--db", os.path.join(self.tmp, "ref.db"), "--json", CORPUS_DIR], cwd=self.tmp)
        self.n = json.loads(r.stdout)["docs_in_index"]  # the corpus's documents, indexed as it should be

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def leave_stub(self, folder, text):
        os.makedirs(folder)
        with open(os.path.join(folder, "XAPIANDB"), "w", encoding="utf-8") as f:
            f.write(text)

    def test_an_empty_or_cut_stub_in_path_creating_is_made_anew(self):
        for text in ("", "au", "auto", "auto shard-0\nauto sh"):
            shutil.rmtree(self.db, ignore_errors=True)
            self.leave_stub(self.db + ".creating", text)
            for run_no in (1, 2):
                r = run([KNIPSEL_INDEX, "--db", self.db, "--shards", "2", "--json", CORPUS_DIR], cwd=self.tmp)
                self.assertEqual(r.returncode, 0, (text, run_no, r.stderr))
                self.assertEqual(json.loads(r.stdout)["docs_in_index"], self.n, text)
                self.assertFalse(os.path.exists(self.db + ".creating"), text)
            self.assertEqual(sorted(os.listdir(self.db)), ["XAPIANDB", "shard-0", "shard-1"], text)

    def test_an_empty_stub_in_path_new_creating_is_removed_with_a_word(self):
        r = run([KNIPSEL_INDEX, "--db", self.db, "--shards", "2", "-q", CORPUS_DIR], cwd=self.tmp)
        self.assertEqual(r.returncode, 0, r.stderr)
        # An ordinary run (the nightly one) removes it, with a warning.
        self.leave_stub(self.db + ".new.creating", "")
        r = run([KNIPSEL_INDEX, "--db", self.db, "-q"], cwd=self.tmp)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertFalse(os.path.exists(self.db + ".new.creating"))
        self.assertIn(self.db + ".new.creating: removed", r.stderr)
        # So does the --full after it, at its first try.
        self.leave_stub(self.db + ".new.creating", "")
        r = run([KNIPSEL_INDEX, "--db", self.db, "--full", "--json"], cwd=self.tmp)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout)["docs_in_index"], self.n)
        self.assertFalse(os.path.exists(self.db + ".new.creating"))
        self.assertEqual(sorted(os.listdir(self.db)), ["XAPIANDB", "shard-0", "shard-1"])

    def test_a_folder_of_someones_beside_it_is_still_kept(self):
        # Not what knipsel-index leaves: a stub with a file of someone's.
        self.leave_stub(self.db + ".creating", "")
        with open(os.path.join(self.db + ".creating", "kladblok.txt"), "w", encoding="utf-8") as f:
            f.write("aantekeningen\n")
        r = run([KNIPSEL_INDEX, "--db", self.db, "--shards", "2", "-q", CORPUS_DIR], cwd=self.tmp)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("kladblok.txt", r.stderr)
        self.assertTrue(os.path.exists(os.path.join(self.db + ".creating", "kladblok.txt")))


class HandMadeStub(unittest.TestCase):
    """A stub made by hand over indexes of their own (the README's hosts) is
    searched as one, but knipsel-index does not write to it: it would move
    articles from one index into another."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="knipsel-handstub-")
        names = sorted(n for n in os.listdir(CORPUS_DIR) if not n.startswith("."))
        half = len(names) // 2
        for host, part in (("hostA", names[:half]), ("hostB", names[half:])):
            archief = os.path.join(cls.tmp, host, "archief")
            os.makedirs(archief)
            for name in part:
                shutil.copy(os.path.join(CORPUS_DIR, name), archief)
            r = run([KNIPSEL_INDEX, "--db", "part.db", "-q", "archief"], cwd=os.path.join(cls.tmp, host))
            assert r.returncode == 0, r.stderr
        cls.stubs = {"hand.db": "auto ../hostA/part.db\nauto ../hostB/part.db\n",
                     "absoluut.db": "auto %s\nauto %s\n" % (os.path.join(cls.tmp, "hostA", "part.db"),
                                                             os.path.join(cls.tmp, "hostB", "part.db"))}
        for stub, text in cls.stubs.items():
            os.mkdir(os.path.join(cls.tmp, stub))
            with open(os.path.join(cls.tmp, stub, "XAPIANDB"), "w", encoding="utf-8") as f:
                f.write(text)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def ids(self, db, query="Noord-Korea"):
        r = run([KNIPSEL_QUERY, "--db", db, "--format", "json", "--all", "-n", "1000", "--", query], cwd=self.tmp)
        self.assertEqual(r.returncode, 0, r.stderr)
        return [h["id"] for h in json.loads(r.stdout)["results"]]

    def test_knipsel_index_refuses_it_and_leaves_both_parts_as_they_were(self):
        before = {host: snapshot(os.path.join(self.tmp, host)) for host in ("hostA", "hostB")}
        for stub in self.stubs:
            for args in ([], ["hostA/archief"], ["--full"], ["--dry-run"], ["--compact"]):
                r = run([KNIPSEL_INDEX, "--db", stub] + args, cwd=self.tmp)
                self.assertEqual(r.returncode, 64, (stub, args, r.stdout, r.stderr))
                lines = r.stderr.splitlines()
                self.assertEqual(len(lines), 2, r.stderr)
                self.assertTrue(lines[0].startswith("knipsel-index: error: " + os.path.join(stub, "XAPIANDB")),
                                lines[0])
                self.assertIn("not a sharded index of knipsel-index's", lines[0])
                self.assertTrue(lines[1].startswith("hint: "), lines[1])
                self.assertIn("part.db", lines[1])
                self.assertEqual(r.stdout, "")
                self.assertEqual(sorted(os.listdir(os.path.join(self.tmp, stub))), ["XAPIANDB"], (stub, args))
                self.assertFalse(os.path.exists(os.path.join(self.tmp, stub + ".lock")), (stub, args))
        after = {host: snapshot(os.path.join(self.tmp, host)) for host in ("hostA", "hostB")}
        self.assertEqual(after, before)

    def test_knipsel_query_searches_it_as_one(self):
        a, b = self.ids("hostA/part.db"), self.ids("hostB/part.db")
        self.assertTrue(a and b)
        for stub in self.stubs:
            ids = self.ids(stub)
            self.assertEqual(sorted(ids), sorted(a + b), stub)
            self.assertEqual(len(ids), len(set(ids)), stub)  # no article twice



class ItsOwnStubEdited(unittest.TestCase):
    """knipsel-index's own stub, its blanks changed by an editor (a tab, two
    spaces, a blank at the end, CRLF), is still its own: Xapian reads it so,
    and a run refused it as a stub made by hand (exit 64)."""

    def test_blanks_and_crlf_in_its_own_stub_are_read_as_xapian_reads_them(self):
        tmp = tempfile.mkdtemp(prefix="knipsel-ownstub-")
        self.addCleanup(shutil.rmtree, tmp, True)
        corpus = os.path.join(tmp, "archief")
        shutil.copytree(CORPUS_DIR, corpus)
        db = os.path.join(tmp, "s.db")
        r = run([KNIPSEL_INDEX, "--db", db, "--shards", "2", "-q", corpus], cwd=tmp)
        self.assertEqual(r.returncode, 0, r.stderr)
        for text in ("auto\tshard-0\nauto shard-1\n", "auto  shard-0\nauto shard-1 \n",
                     "auto shard-0\r\nauto shard-1\r\n", "# kopie\n\nauto shard-0\n  auto\tshard-1\t\n"):
            with open(os.path.join(db, "XAPIANDB"), "w", encoding="utf-8", newline="") as f:
                f.write(text)
            r = run([KNIPSEL_INDEX, "--db", db, "-q", corpus], cwd=tmp)
            self.assertEqual(r.returncode, 0, (text, r.stderr))
            r = run([KNIPSEL_INDEX, "--db", os.path.join(db, "shard-1"), "-q", corpus], cwd=tmp)
            self.assertEqual(r.returncode, 64, (text, r.stderr))
            self.assertIn("is a shard of the index", r.stderr)


if __name__ == "__main__":
    unittest.main()
