"""End-to-end tests of knipsel-query --like ID: the articles most like one.

What counts as alike comes from corpus/articles.tsv, whose topics were given
to each article when it was written, not from knipsel's output.
"""

import json
import os
import shutil
import unittest

import jsonschema

from e2e_support import SCHEMAS_DIR, TempCorpusCase, read_articles_tsv

# The share of an article's five nearest that have two of its topics, over
# every article of corpus/: 0.664 measured (0.124 by chance, 0.403 with
# Xapian's expand set as Omega's MORELIKE takes it; docs/analysis.md).
MIN_P5 = 0.64


def topics_by_id():
    return {r["id"]: set(r["topics"].split(",")) for r in read_articles_tsv()}


class TestLike(TempCorpusCase):

    @classmethod
    def setUpClass(cls):
        cls.work = cls.make_workdir()
        cls.index_workdir()
        cls.topics = topics_by_id()
        with open(os.path.join(SCHEMAS_DIR, "query-output.schema.json"), encoding="utf-8") as f:
            cls.schema = json.load(f)

    def like(self, id_, *extra, db=None, expect_rc=0):
        r = self.query("--db", db or self.db, "--like", id_, "--format", "json", *extra)
        self.assertEqual(r.returncode, expect_rc, r.stderr)
        return json.loads(r.stdout) if r.stdout else None, r

    def test_the_nearest_articles_share_its_topics(self):
        shares = []
        for id_, topics in self.topics.items():
            data, _ = self.like(id_, "-n", "5")
            jsonschema.validate(data, self.schema)
            ids = [h["id"] for h in data["results"]]
            self.assertNotIn(id_, ids, "an article is not like itself")
            self.assertEqual(len(ids), 5, id_)
            shares.append(sum(len(self.topics[i] & topics) >= 2 for i in ids) / 5)
        self.assertGreaterEqual(sum(shares) / len(shares), MIN_P5)

    def test_an_article_on_food_shortage_finds_the_others_on_it(self):
        data, _ = self.like("persoverzicht-2019.jsonl#voedsel-01", "-n", "3")
        self.assertEqual(data["like"], "persoverzicht-2019.jsonl#voedsel-01")
        self.assertIn("voedselhulp", data["query"].split())
        food = {"voedsel", "voedseltekort", "voedselhulp", "humanitaire-hulp"}
        self.assertTrue(all(self.topics[h["id"]] & food for h in data["results"]),
                        [(h["id"], self.topics[h["id"]]) for h in data["results"]])

    def test_filters_beside_the_id_narrow_the_articles_like_it(self):
        id_ = "2019-02-27-hanoi-eerste-dag.txt"
        everything, _ = self.like(id_, "-n", "100")
        in_2019, _ = self.like(id_, "-n", "100", "datum:2019")
        self.assertTrue(in_2019["results"])
        self.assertTrue(all(h["date"].startswith("2019") for h in in_2019["results"]), in_2019["results"])
        self.assertEqual([h["id"] for h in in_2019["results"]],
                         [h["id"] for h in everything["results"] if (h["date"] or "").startswith("2019")])
        english, _ = self.like(id_, "-n", "100", "taal:en")
        self.assertTrue(english["results"])
        self.assertEqual({h["lang"] for h in english["results"]}, {"en"})
        self.assertNotIn(id_, [h["id"] for h in in_2019["results"] + english["results"]])
        # An excluded filter, a quoted value and a name typed with a capital
        # narrow them too (with the words as --any joins them: by OR).
        not_english, _ = self.like(id_, "-n", "100", "-taal:en")
        self.assertTrue(not_english["results"])
        self.assertEqual([h["id"] for h in not_english["results"]],
                         [h["id"] for h in everything["results"] if h["lang"] != "en"])
        source, _ = self.like(id_, "-n", "100", 'bron:"Persbureau Noordzee"')
        self.assertTrue(source["results"])
        self.assertEqual([h["id"] for h in source["results"]],
                         [h["id"] for h in everything["results"] if h["source"] == "Persbureau Noordzee"])
        capital, _ = self.like(id_, "-n", "100", "Datum:2019")
        self.assertEqual(capital["results"], in_2019["results"])
        # A range of years without its field is one of date: (as in a search).
        bare, _ = self.like(id_, "-n", "100", "2019..2019")
        self.assertEqual(bare["results"], in_2019["results"])

    def test_text_output_says_what_it_searched_by(self):
        r = self.query("--db", self.db, "--like", "2018-04-27-panmunjom-top.md", "-n", "3")
        self.assertEqual(r.returncode, 0, r.stderr)
        first = r.stdout.splitlines()[0]
        self.assertRegex(first, r"^Like 2018-04-27-panmunjom-top\.md, by its words: .*\bpanmunjom\b")
        # as the article writes them, accents and all (the index holds "reunie")
        self.assertIn(" reünie", first)
        self.assertNotIn("reunie", first)
        self.assertRegex(r.stdout, r"\nResults 1-3 of \d+ with some of its words \(")
        self.assertNotIn("with every word", r.stdout)

    def test_a_sharded_index_finds_the_same(self):
        db = os.path.join(self.work, "sharded.db")
        r = self.index("--db", db, "--shards", "2", "-q", "corpus")
        self.assertEqual(r.returncode, 0, r.stderr)
        for id_ in ("2019-02-27-hanoi-eerste-dag.txt", "wire-english.jsonl#pyongyang-yongbyon"):
            single, _ = self.like(id_)
            sharded, _ = self.like(id_, db=db)
            self.assertEqual(sharded["query"], single["query"], id_)
            self.assertEqual([(h["id"], round(h["score"], 6)) for h in sharded["results"]],
                             [(h["id"], round(h["score"], 6)) for h in single["results"]], id_)

    def test_an_unknown_id_and_bad_usage(self):
        data, r = self.like("bestaat-niet.md", expect_rc=1)
        self.assertRegex(r.stderr, r"^knipsel-query: error: no article with the id bestaat-niet\.md in ")
        # JSON's reader still gets its one object (it got nothing on stdout), naming the id as --show's does.
        self.assertEqual((data["like"], data["total"], data["results"]), ("bestaat-niet.md", 0, []))
        self.assertEqual(data["missing"], ["bestaat-niet.md"])
        # A field searched as words would add a word, not narrow the articles.
        _, r = self.like("2018-04-27-panmunjom-top.md", "NOT taal:en", expect_rc=64)
        self.assertRegex(r.stderr, r"^knipsel-query: error: --like takes filters beside its id, not the word NOT\n")
        for field in ("title:Singapore", "titel:Hanoi", "onbekend:x"):
            with self.subTest(field=field):
                _, r = self.like("2018-04-27-panmunjom-top.md", field, expect_rc=64)
                name = field.split(":")[0]
                self.assertRegex(r.stderr, rf"^knipsel-query: error: --like takes filters beside its id, and {name}: is none\n"
                                           r"hint: narrow it with .*\bdatum:")
        for args in (["--like", "x.md", "sancties"], ["--like", "x.md", "--all"], ["--like", "x.md", "--show"]):
            with self.subTest(args=args):
                r = self.query("--db", self.db, *args)
                self.assertEqual(r.returncode, 64, r.stderr)
                self.assertRegex(r.stderr, r"^knipsel-query: error: --(like|show) ")


class TestLikeMessagesInJson(TempCorpusCase):
    """Each way --like finds nothing to search by is as --format json's other messages: the one object on
    stdout when it is no hits (exit 1), nothing there for an error of its own exit code; stderr one line each."""

    @classmethod
    def setUpClass(cls):
        cls.work = cls.make_workdir(copy_corpus=False, articles={
            "haven.txt": "title Haven\n\nDe sleepboot lag aan de kademuur van de haven.\n",
            "kade.txt": "title Kade\n\nDe kademuur van de haven is hersteld na de storm.\n",
            "leeg.txt": "title Leeg\n\n",
        })
        cls.index_workdir()
        with open(os.path.join(SCHEMAS_DIR, "query-output.schema.json"), encoding="utf-8") as f:
            cls.schema = json.load(f)

    def like_json(self, id_, *extra, db=None):
        return self.query("--db", db or self.db, "--like", id_, "--format", "json", *extra)

    def assert_no_hits_object(self, r, like):
        self.assertEqual(r.returncode, 1, r.stderr)
        data = json.loads(r.stdout)
        jsonschema.validate(data, self.schema)
        self.assertEqual((data["like"], data["total"], data["results"]), (like, 0, []))
        return data

    def test_an_unknown_id(self):
        r = self.like_json("nergens.txt", "--facets")
        data = self.assert_no_hits_object(r, "nergens.txt")
        self.assertEqual(data["missing"], ["nergens.txt"])
        self.assertEqual(data["facets"], {"matches": 0, "fields": [
            {"field": "year", "counts": [], "without": 0},
            {"field": "source", "counts": [], "without": 0},
            {"field": "lang", "counts": [], "without": 0}]})
        self.assertRegex(r.stderr, r"^knipsel-query: error: no article with the id nergens\.txt in .*\nhint: [^\n]*\n$")

    def test_an_unknown_id_is_reported_as_show_reports_it(self):
        # Only stderr told an unknown id from "no article like it": JSON gave the same object, without the id.
        for fmt in ("text", "json"):
            with self.subTest(format=fmt):
                like = self.query("--db", self.db, "--like", "nergens.txt", "--format", fmt)
                show = self.query("--db", self.db, "--show", "nergens.txt", "--format", fmt)
                self.assertEqual(like.returncode, show.returncode)
                self.assertEqual(like.returncode, 1)
                self.assertEqual(like.stderr, show.stderr)
                self.assertRegex(like.stderr, r"^knipsel-query: error: no article with the id nergens\.txt in "
                                              r"[^\n]*\nhint: give an id as a search lists it [^\n]*\n$")
                if fmt == "text":
                    self.assertEqual((like.stdout, show.stdout), ("", ""))
                else:
                    self.assertEqual(json.loads(like.stdout)["missing"], json.loads(show.stdout)["missing"])

    def test_an_article_with_no_words_to_search_by(self):
        r = self.like_json("leeg.txt")
        data = self.assert_no_hits_object(r, "leeg.txt")
        self.assertNotIn("missing", data)  # it is there: no hits, as a search without any
        self.assertEqual(r.stderr, "knipsel-query: error: the article leeg.txt has no words to search by\n")

    def test_an_id_taken_as_shown_over_another_article_is_a_warning_beside_the_hits(self):
        for name, text in (("a\nb.txt", "De sleepboot voer langs de kademuur.\n"),
                           ("a\\x0Ab.txt", "De kademuur en de sleepboot in de haven.\n")):
            with open(os.path.join(self.work, "corpus", name), "w", encoding="utf-8") as f:
                f.write(text)
        db = os.path.join(self.work, "twee.db")
        self.assertEqual(self.index("--db", db, "-q", "corpus").returncode, 0)
        r = self.like_json("a\\x0Ab.txt", db=db)
        self.assertEqual(r.returncode, 0, r.stderr)
        data = json.loads(r.stdout)
        jsonschema.validate(data, self.schema)
        self.assertEqual(data["like"], "a\nb.txt")  # the article's id as JSON gives ids
        self.assertNotIn("a\nb.txt", [h["id"] for h in data["results"]])
        self.assertEqual(r.stderr, "knipsel-query: warning: took a\\x0Ab.txt as a search shows it; the article "
                                   "named so as typed is a\\\\x0Ab.txt\n")

    def test_no_index_is_an_error_with_nothing_on_stdout(self):
        r = self.like_json("haven.txt", db=os.path.join(self.work, "geen.db"))
        self.assertEqual((r.returncode, r.stdout), (66, ""))
        self.assertRegex(r.stderr, r"^knipsel-query: error: no index at [^\n]*\nhint: [^\n]*\n$")


if __name__ == "__main__":
    unittest.main()
