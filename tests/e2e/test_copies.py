"""End-to-end tests of articles saved twice: the same article under two file
names ("Kop.txt" and "Kop (1).txt", or a copy in another folder) is one hit,
listing where else it is saved, and the counts are those of the archive
without the copies. The nightly re-run keeps that true as copies come, go
and change.
"""

import json
import os
import shutil
import subprocess
import unittest

import jsonschema

from e2e_support import SCHEMAS_DIR, TempCorpusCase, run, KNIPSEL_INDEX

ORIGINAL = "2018-06-12-singapore-top.txt"
BROWSER_COPY = "2018-06-12-singapore-top (1).txt"
FOLDER_COPY = "kopie/2018-06-12-singapore-top.txt"
OTHER = "2017-09-03-zesde-kernproef.txt"
OTHER_COPY = "copy-of-2017-09-03-zesde-kernproef.txt"

QUERIES = ["singapore", "Trump Kim", "kernproef", "sancties Yongbyon", "datum:2018 top", "Hanoi OR Singapore",
           '"zesde kernproef"', "sanc*"]
MODES = [[], ["--all"], ["--any"], ["--sort", "date"], ["--offset", "3", "-n", "4"], ["--facets"]]


def metadata(db, key):
    """A metadata value of every shard of an index (a folder of shards or one database)."""
    shards = sorted(os.path.join(db, d) for d in os.listdir(db) if d.startswith("shard-"))
    out = set()
    for shard in shards or [db]:
        r = subprocess.run(["xapian-metadata", "get", shard, key], capture_output=True, text=True)
        out.add(r.stdout.strip() if r.returncode == 0 else None)
    return out


@unittest.skipUnless(shutil.which("xapian-metadata"), "xapian-metadata (Debian xapian-tools) is not installed")
class TestCopies(TempCorpusCase):

    @classmethod
    def setUpClass(cls):
        cls.work = cls.make_workdir()
        cls.index_workdir()  # the archive without copies: cls.db
        cls.plain_db = cls.db
        corpus = os.path.join(cls.work, "corpus")
        with_copies = os.path.join(cls.work, "with-copies")
        shutil.copytree(corpus, with_copies)
        os.mkdir(os.path.join(with_copies, "kopie"))
        for src, dst in ((ORIGINAL, BROWSER_COPY), (ORIGINAL, FOLDER_COPY), (OTHER, OTHER_COPY)):
            shutil.copyfile(os.path.join(corpus, src), os.path.join(with_copies, dst))
        cls.copies_db = os.path.join(cls.work, "copies.db")
        r = run([KNIPSEL_INDEX, "--db", cls.copies_db, "--shards", "2", "-q", "with-copies"], cls.work)
        if r.returncode != 0:
            shutil.rmtree(cls.work, ignore_errors=True)
            raise AssertionError("indexing failed: %r" % r.stderr)
        with open(os.path.join(SCHEMAS_DIR, "query-output.schema.json"), encoding="utf-8") as f:
            cls.schema = json.load(f)

    def search(self, db, *args):
        """The JSON of a search: options, then the query (the last argument)."""
        r = self.query("--db", db, "--format", "json", *args[:-1], "--", args[-1])
        self.assertIn(r.returncode, (0, 1), r.stderr)
        data = json.loads(r.stdout)
        jsonschema.validate(data, self.schema)
        return data

    def test_an_article_saved_three_times_is_one_hit_that_names_its_copies(self):
        data = self.search(self.copies_db, "-n", "100", "singapore")
        ids = [h["id"] for h in data["results"]]
        self.assertEqual(len(ids), len(set(ids)))
        self.assertIn(ORIGINAL, ids)
        self.assertNotIn(BROWSER_COPY, ids)
        self.assertNotIn(FOLDER_COPY, ids)
        hit = next(h for h in data["results"] if h["id"] == ORIGINAL)
        self.assertEqual(sorted(hit["copies"]), sorted([BROWSER_COPY, FOLDER_COPY]))
        self.assertTrue(all(h["copies"] == [] for h in data["results"] if h["id"] != ORIGINAL))
        text = self.query("--db", self.copies_db, "singapore").stdout
        self.assertIn("also saved as: " + BROWSER_COPY + ", " + FOLDER_COPY, text)
        self.assertEqual(metadata(self.copies_db, "knipsel:twins"), {"3"})
        explained = self.query("--db", self.copies_db, "--explain", "singapore").stdout
        self.assertIn("AND_NOT XCOPY: not the copies of an article saved twice", explained)

    def test_counts_pages_and_facets_are_those_of_the_archive_without_copies(self):
        for q in QUERIES:
            for mode in MODES:
                plain = self.search(self.plain_db, *mode, q)
                copies = self.search(self.copies_db, *mode, q)
                what = "%s %s" % (q, mode)
                for key in ("total", "total_all", "total_exact", "facets"):
                    self.assertEqual(plain.get(key), copies.get(key), what + ": " + key)
                self.assertEqual(len(plain["results"]), len(copies["results"]), what)
                self.assertFalse({h["id"] for h in copies["results"]} & {BROWSER_COPY, FOLDER_COPY, OTHER_COPY}, what)

    def test_an_article_like_a_copy_is_not_its_original(self):
        for liked in (ORIGINAL, BROWSER_COPY):
            r = self.query("--db", self.copies_db, "--format", "json", "-n", "5", "--like", liked)
            self.assertEqual(r.returncode, 0, r.stderr)
            ids = [h["id"] for h in json.loads(r.stdout)["results"]]
            self.assertEqual(len(ids), 5)
            self.assertFalse({ORIGINAL, BROWSER_COPY, FOLDER_COPY} & set(ids), (liked, ids))

    def test_an_article_like_one_with_copies_searches_words_other_articles_have(self):
        # Its copies counted as other articles: it searched by words only
        # it and its copies have, which find nothing else.
        for liked in (ORIGINAL, BROWSER_COPY):
            r = self.query("--db", self.copies_db, "--format", "json", "-n", "5", "--like", liked)
            self.assertEqual(r.returncode, 0, r.stderr)
            for word in json.loads(r.stdout)["query"].split():
                found = self.query("--db", self.plain_db, "--format", "json", "-n", "100", "--all", word)
                ids = {h["id"] for h in json.loads(found.stdout)["results"]}
                self.assertTrue(ids - {ORIGINAL}, (liked, word))

    @unittest.skipUnless(shutil.which("xapian-tcpsrv"), "xapian-tcpsrv (Debian xapian-tools) is not installed")
    def test_remote_shards_leave_out_and_list_the_copies_as_local_ones(self):
        from test_remote import free_port, wait_listening
        servers, ports = [], []
        try:
            for shard in ("shard-0", "shard-1"):
                ports.append(free_port())
                servers.append(subprocess.Popen(
                    ["xapian-tcpsrv", "--interface", "127.0.0.1", "--port", str(ports[-1]),
                     os.path.join(self.copies_db, shard)],
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True))
            for port in ports:
                wait_listening(port)
            stub = os.path.join(self.work, "remote-copies")
            with open(stub, "w") as f:
                f.writelines("remote 127.0.0.1:%d\n" % p for p in ports)
            for q in ("singapore", "kernproef", "Trump Kim", "sancties Yongbyon"):
                for mode in ([], ["--any"], ["--sort", "date"]):
                    local = self.search(self.copies_db, *mode, q)
                    remote = self.search(stub, *mode, q)
                    self.assertEqual((remote["total"], remote["total_all"]), (local["total"], local["total_all"]), q)
                    self.assertEqual([(h["id"], h["copies"]) for h in remote["results"]],
                                     [(h["id"], h["copies"]) for h in local["results"]], (q, mode))
        finally:
            for p in servers:
                p.terminate()
                p.wait(timeout=10)

    def test_the_copy_is_still_found_by_its_id(self):
        r = self.query("--db", self.copies_db, "--show", BROWSER_COPY)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Singapore", r.stdout)


@unittest.skipUnless(shutil.which("xapian-metadata"), "xapian-metadata (Debian xapian-tools) is not installed")
class TestCopiesNightly(TempCorpusCase):
    """Copies that come, go and change between runs."""

    def setUp(self):
        self.work = self.make_workdir(copy_corpus=False)
        self.corpus = os.path.join(self.work, "corpus")
        self.db = os.path.join(self.work, "knipsel.db")
        self.addCleanup(shutil.rmtree, self.work, True)
        src = os.path.join(os.path.dirname(__file__), "..", "..", "corpus")
        for name in (ORIGINAL, OTHER, "2019-02-27-hanoi-eerste-dag.txt"):
            shutil.copyfile(os.path.join(src, name), os.path.join(self.corpus, name))

    def reindex(self):
        """Re-indexes corpus/; the run's JSON summary."""
        summary, _ = self.index_json("--db", self.db, "corpus")
        return summary

    def hits(self, q="singapore"):
        r = self.query("--db", self.db, "--format", "json", "-n", "50", q)
        data = json.loads(r.stdout)
        return {h["id"]: sorted(h["copies"]) for h in data["results"]}, data["total"]

    def test_copies_that_come_go_and_change(self):
        self.reindex()
        before, total = self.hits()
        self.assertEqual(before[ORIGINAL], [])
        shutil.copyfile(os.path.join(self.corpus, ORIGINAL), os.path.join(self.corpus, BROWSER_COPY))
        summary = self.reindex()
        self.assertEqual((summary["added"], summary["docs_in_index"], summary["copies"]), (1, 4, 1))
        self.assertEqual(self.hits(), ({**before, ORIGINAL: [BROWSER_COPY]}, total))
        r = self.index("--db", self.db, "corpus")
        self.assertIn("4 documents in %s (1 is a copy of another, shown once)" % self.db, r.stdout)
        # The original deleted: its copy is the hit.
        os.remove(os.path.join(self.corpus, ORIGINAL))
        self.reindex()
        after = {k: v for k, v in before.items() if k != ORIGINAL}
        self.assertEqual(self.hits(), ({**after, BROWSER_COPY: []}, total))
        # Back, then the copy edited: two articles.
        shutil.copyfile(os.path.join(self.corpus, BROWSER_COPY), os.path.join(self.corpus, ORIGINAL))
        self.reindex()
        self.assertEqual(self.hits(), ({**before, ORIGINAL: [BROWSER_COPY]}, total))
        with open(os.path.join(self.corpus, BROWSER_COPY), "a", encoding="utf-8") as f:
            f.write("\nBijgewerkt: Trump en Kim spraken ook over Singapore als locatie.\n")
        self.reindex()
        self.assertEqual(self.hits(), ({**before, BROWSER_COPY: []}, total + 1))
        self.assertEqual(metadata(self.db, "knipsel:twins"), {"0"})
        self.assertEqual(self.reindex()["copies"], 0)

    def test_many_copies_are_one_hit_that_names_a_few(self):
        page = "title: Toegang geweigerd\n\nU heeft geen toegang tot deze pagina.\n"
        for i in range(40):
            with open(os.path.join(self.corpus, "geweigerd-%02d.txt" % i), "w", encoding="utf-8") as f:
                f.write(page)
        self.assertEqual(self.reindex()["copies"], 39)
        r = self.query("--db", self.db, "toegang")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("also saved as: geweigerd-01.txt, geweigerd-02.txt, geweigerd-03.txt, geweigerd-04.txt, "
                      "geweigerd-05.txt and 34 more\n", r.stdout)
        self.assertIn("Results 1-1 of 1", r.stdout)
        r = self.query("--db", self.db, "--format", "json", "toegang")
        self.assertEqual(len(json.loads(r.stdout)["results"][0]["copies"]), 39)

    def test_a_copys_name_with_a_newline_or_a_backslash_is_listed_whole(self):
        # A copy named "g<newline>h.txt" was listed as two ids, "g" and "h.txt".
        for name in ("g\nh.txt", "c\\d.txt"):
            shutil.copyfile(os.path.join(self.corpus, OTHER), os.path.join(self.corpus, name))
        self.reindex()
        self.assertEqual(self.hits("kernproef")[0], {"c\\d.txt": sorted([OTHER, "g\nh.txt"])})
        r = self.query("--db", self.db, "kernproef")
        self.assertIn("also saved as: g\\x0Ah.txt, %s\n" % OTHER, r.stdout)
        for shown in ("g\\x0Ah.txt", "c\\\\d.txt", OTHER):
            with self.subTest(shown=shown):
                r = self.query("--db", self.db, "--show", shown)
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertTrue(r.stdout.startswith("== %s\n" % shown), r.stdout)

    def test_a_run_killed_before_marking_leaves_them_to_the_next_run(self):
        shutil.copyfile(os.path.join(self.corpus, OTHER), os.path.join(self.corpus, OTHER_COPY))
        self.reindex()
        self.assertEqual(metadata(self.db, "knipsel:twins"), {"1"})
        # What a run killed between its commits and the marking leaves.
        r = subprocess.run(["xapian-metadata", "set", self.db, "knipsel:twins", "?"], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        hits, _ = self.hits("kernproef")
        self.assertEqual(hits, {OTHER: [OTHER_COPY]})
        self.reindex()  # nothing changed, but the copies are marked again
        self.assertEqual(metadata(self.db, "knipsel:twins"), {"1"})


if __name__ == "__main__":
    unittest.main()
