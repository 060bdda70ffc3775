"""knipsel-query --facets: every match of a query counted by year, source and
language, the same counts the hits themselves say, in text and JSON."""
import collections
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_support import SCHEMAS_DIR, TempCorpusCase  # noqa: E402

try:
    import jsonschema
except ImportError:  # Debian's python3-jsonschema; .ci/install-deps installs it
    jsonschema = None


class Facets(TempCorpusCase):
    @classmethod
    def setUpClass(cls):
        cls.work = cls.make_workdir()
        cls.index_workdir()

    def facets(self, *query):
        r = self.query("--db", self.db, "--format", "json", "--facets", "-n", "1000", "--", *query)
        self.assertIn(r.returncode, (0, 1), r.stderr)
        data = json.loads(r.stdout)
        if jsonschema:
            with open(os.path.join(SCHEMAS_DIR, "query-output.schema.json"), encoding="utf-8") as f:
                jsonschema.validate(data, json.load(f))
        return data

    def test_the_counts_are_those_of_every_hit(self):
        for query in (["sancties"], ["Kim", "Jong-un"], ["Iran", "OR", "Korea"], ["nuclear"], ["date:2018..2019", "top"]):
            data = self.facets(*query)
            hits = data["results"]
            self.assertEqual(len(hits), data["total"], query)  # every hit is on the page (-n 1000)
            self.assertEqual(data["facets"]["matches"], data["total"], query)
            expected = {
                "year": collections.Counter(h["date"][:4] for h in hits if h["date"]),
                "source": collections.Counter(h["source"] for h in hits if h["source"]),
                "lang": collections.Counter(h["lang"] for h in hits if h["lang"]),
            }
            fields = {f["field"]: f for f in data["facets"]["fields"]}
            self.assertEqual([f["field"] for f in data["facets"]["fields"]], ["year", "source", "lang"], query)
            for name, counter in expected.items():
                counts = {c["value"]: c["count"] for c in fields[name]["counts"]}
                self.assertEqual(counts, dict(counter), (query, name))
                self.assertEqual(fields[name]["without"], len(hits) - sum(counter.values()), (query, name))
            years = [c["value"] for c in fields["year"]["counts"]]
            self.assertEqual(years, sorted(years), query)  # years in order
            by_source = [c["count"] for c in fields["source"]["counts"]]
            self.assertEqual(by_source, sorted(by_source, reverse=True), query)  # most first

    def test_the_months_of_a_single_year(self):
        data = self.facets("datum:2019", "sancties")
        hits = data["results"]
        self.assertGreater(len(hits), 3)
        fields = {f["field"]: f for f in data["facets"]["fields"]}
        self.assertEqual([f["field"] for f in data["facets"]["fields"]], ["year", "month", "source", "lang"])
        self.assertEqual(fields["year"]["counts"], [{"value": "2019", "count": len(hits)}])
        months = collections.Counter(h["date"][:7] for h in hits)
        self.assertEqual({c["value"]: c["count"] for c in fields["month"]["counts"]}, dict(months))
        self.assertEqual([c["value"] for c in fields["month"]["counts"]], sorted(months))
        # Over several years: no months.
        self.assertNotIn("month", [f["field"] for f in self.facets("sancties")["facets"]["fields"]])

    def test_counts_cover_every_match_not_only_the_page(self):
        whole = self.facets("sancties")
        r = self.query("--db", self.db, "--format", "json", "--facets", "-n", "3", "--", "sancties")
        self.assertEqual(r.returncode, 0, r.stderr)
        page = json.loads(r.stdout)
        self.assertEqual(len(page["results"]), 3)
        self.assertEqual(page["facets"], whole["facets"])

    def test_text_output_lists_them_after_the_hits(self):
        r = self.query("--db", self.db, "--facets", "-n", "2", "--", "lang:en", "sanctions")
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stdout.rstrip("\n").split("\n")
        self.assertTrue(lines[-3].startswith("By year: "), r.stdout)
        self.assertTrue(lines[-2].startswith("By source: "), r.stdout)
        self.assertRegex(lines[-1], r"^By language: en \d+$")
        # Without --facets: none of it.
        plain = self.query("--db", self.db, "-n", "2", "--", "lang:en", "sanctions")
        self.assertNotIn("By year:", plain.stdout)

    def test_a_query_without_matches_lists_every_field_with_nothing_counted(self):
        # Was {"matches": 0, "fields": []}: a script's select(.field=="source") found nothing.
        data = self.facets("zzxqwv")
        self.assertEqual(data["total"], 0)
        self.assertEqual(data["facets"], {"matches": 0, "fields": [
            {"field": "year", "counts": [], "without": 0},
            {"field": "source", "counts": [], "without": 0},
            {"field": "lang", "counts": [], "without": 0}]})
        r = self.query("--db", self.db, "--facets", "--exact", "--", "zzxqwv")
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertNotIn("By year:", r.stdout)


class FacetValuesAsTheFilterTakesThem(TempCorpusCase):
    """Sources the bron: filter takes as one are counted as one."""

    @classmethod
    def setUpClass(cls):
        article = "title: Bericht {n}\ndate: 2019-0{n}-02\nsource: {source}\n\nDe sancties tegen Iran blijven.\n"
        cls.work = cls.make_workdir(copy_corpus=False, articles={
            "a.txt": article.format(n=1, source="Het Blad"),
            "b.txt": article.format(n=2, source="Het Blad"),
            "c.txt": article.format(n=3, source="het blad"),
            "d.txt": article.format(n=4, source="Ander Blad"),
            "e.txt": "title: Zonder bron\n\nDe sancties tegen Iran blijven.\n",
        })
        cls.index_workdir()

    def test_case_variants_of_a_source_are_one(self):
        r = self.query("--db", self.db, "--format", "json", "--facets", "-n", "0", "--", "sancties")
        self.assertEqual(r.returncode, 0, r.stderr)
        fields = {f["field"]: f for f in json.loads(r.stdout)["facets"]["fields"]}
        self.assertEqual(fields["source"]["counts"], [{"value": "Het Blad", "count": 3},
                                                      {"value": "Ander Blad", "count": 1}])
        self.assertEqual(fields["source"]["without"], 1)
        self.assertEqual(fields["year"]["without"], 1)
        # As the filter takes them.
        r = self.query("--db", self.db, "--format", "json", "-n", "0", "--", "bron:\"het blad\"", "sancties")
        self.assertEqual(json.loads(r.stdout)["total"], 3)


class FacetsMakeTheTotalExact(TempCorpusCase):
    """Where Xapian would estimate the total ("about 140"), --facets has
    counted every match: the total is that count, in text and JSON."""

    @classmethod
    def setUpClass(cls):
        words = "leeuw paard olifant tijger aap koe"
        articles = {}
        for n in range(400):
            extra = ("zebra " if n % 2 == 0 else "") + ("giraf " if n % 3 == 0 else "")
            articles["d%03d.txt" % n] = "titel: Bericht %d\ndatum: 20%d-01-10\n\n%s%s\n" % (
                n, 19 + n % 3, extra, " ".join([words] * (1 + n % 7)))
        cls.work = cls.make_workdir(copy_corpus=False, articles=articles)
        cls.index_workdir()

    def test_the_total_is_the_facets_count(self):
        exact = 200 - 67  # even and not a multiple of 3
        for query in (["zebra", "-giraf"], ["zebra", "AND", "NOT", "giraf"]):
            r = self.query("--db", self.db, "--format", "json", "--facets", "-n", "0", "--", *query)
            self.assertEqual(r.returncode, 0, r.stderr)
            data = json.loads(r.stdout)
            self.assertEqual(data["facets"]["matches"], exact, query)
            self.assertEqual((data["total"], data["total_exact"]), (exact, True), query)
            r = self.query("--db", self.db, "--facets", "-n", "0", "--", *query)
            self.assertIn("; %d in all" % exact, r.stdout, query)


class DatesOfAYearOrAMonth(TempCorpusCase):
    """An article dated by its year or month alone ("date: 2019") is one of
    every date range its time overlaps, and no month's in --facets."""

    @classmethod
    def setUpClass(cls):
        cls.work = cls.make_workdir(copy_corpus=False, articles={
            "jaar.txt": "date: 2019\ntitle: Jaar\n\nJaartestwoord in een artikel van 2019.\n",
            "maand.txt": "date: 2019-02\ntitle: Maand\n\nJaartestwoord in een artikel van februari.\n",
            "dag.txt": "date: 2019-01-05\ntitle: Dag\n\nJaartestwoord in een artikel van 5 januari.\n",
            "zonder.txt": "title: Zonder\n\nJaartestwoord in een artikel zonder datum.\n",
        })
        cls.index_workdir()

    def ids(self, *query):
        r = self.query("--db", self.db, "--format", "json", "--", "jaartestwoord", *query)
        self.assertIn(r.returncode, (0, 1), r.stderr)
        return sorted(h["id"] for h in json.loads(r.stdout)["results"])

    def test_a_range_finds_the_articles_whose_time_overlaps_it(self):
        self.assertEqual(self.ids("datum:2019-02-15"), ["jaar.txt", "maand.txt"])  # was none: the 1st only
        self.assertEqual(self.ids("datum:2019-06"), ["jaar.txt"])
        self.assertEqual(self.ids("datum:2019-01-05"), ["dag.txt", "jaar.txt"])
        self.assertEqual(self.ids("datum:2019-02-20.."), ["jaar.txt", "maand.txt"])
        self.assertEqual(self.ids("datum:..2019-01-31"), ["dag.txt", "jaar.txt"])
        self.assertEqual(self.ids("datum:2019-03..2019-04"), ["jaar.txt"])
        self.assertEqual(self.ids("datum:2020.."), [])
        self.assertEqual(self.ids("datum:2018"), [])

    def test_a_year_alone_is_no_months_in_facets(self):
        r = self.query("--db", self.db, "--format", "json", "--facets", "--", "jaartestwoord", "datum:2019")
        self.assertEqual(r.returncode, 0, r.stderr)
        fields = {f["field"]: f for f in json.loads(r.stdout)["facets"]["fields"]}
        self.assertEqual(fields["year"]["counts"], [{"value": "2019", "count": 3}])
        self.assertEqual(fields["year"]["without"], 0)
        self.assertEqual(fields["month"]["counts"], [{"value": "2019-01", "count": 1}, {"value": "2019-02", "count": 1}])
        self.assertEqual(fields["month"]["without"], 1)  # the year-only article, not January's
        text = self.query("--db", self.db, "--facets", "-n", "0", "--", "jaartestwoord")
        self.assertIn("By year: 2019 3, no date 1\n", text.stdout)
        self.assertIn("By month: 2019-01 1, 2019-02 1, no month 2\n", text.stdout)


class FacetFieldsOfAnIndexWithoutSources(TempCorpusCase):
    """Every field the index has a slot for is listed, with what it counted,
    also where no article of the index has a value for it (no source)."""

    @classmethod
    def setUpClass(cls):
        cls.work = cls.make_workdir(copy_corpus=False, articles={
            "a.txt": "title: Haven\ndate: 2019-03-02\n\nDe sleepboot lag aan de kademuur van de haven.\n",
            "b.txt": "title: Kade\ndate: 2018-05-01\n\nDe kademuur van de haven is hersteld na de storm.\n",
            "c.txt": "title: Muur\n\nDe kademuur is oud.\n",
        })
        cls.index_workdir()

    def facets(self, *query):
        r = self.query("--db", self.db, "--format", "json", "--facets", "--", *query)
        self.assertIn(r.returncode, (0, 1), r.stderr)
        data = json.loads(r.stdout)
        if jsonschema:
            with open(os.path.join(SCHEMAS_DIR, "query-output.schema.json"), encoding="utf-8") as f:
                jsonschema.validate(data, json.load(f))
        return data["facets"]

    def test_a_field_no_article_has_is_listed_with_every_match_without_it(self):
        # The source was left out here, and listed with "without" on an index where some article had one.
        facets = self.facets("kademuur")
        self.assertEqual(facets["matches"], 3)
        self.assertEqual([f["field"] for f in facets["fields"]], ["year", "source", "lang"])
        fields = {f["field"]: f for f in facets["fields"]}
        self.assertEqual(fields["source"], {"field": "source", "counts": [], "without": 3})
        self.assertEqual(fields["year"], {"field": "year", "counts": [{"value": "2018", "count": 1},
                                                                      {"value": "2019", "count": 1}], "without": 1})
        one = {f["field"]: f for f in self.facets("sleepboot")["fields"]}
        self.assertEqual(list(one), ["year", "month", "source", "lang"])  # its one year's months too
        self.assertEqual(one["source"], {"field": "source", "counts": [], "without": 1})

    def test_no_matches_list_the_same_fields(self):
        self.assertEqual(self.facets("zzxqwv"), {"matches": 0, "fields": [
            {"field": "year", "counts": [], "without": 0},
            {"field": "source", "counts": [], "without": 0},
            {"field": "lang", "counts": [], "without": 0}]})


if __name__ == "__main__":
    unittest.main()
