"""End-to-end tests of the count a search reports ("of N", JSON total).

A few thousand small generated articles over several years, so that a date
range, a source or a `-` word matches far more than one page: the total must
be the real count, exact, and the same on every page, for every -n and sort.
The expected counts come from the generated articles, not from knipsel.
"""

import json
import random
import unittest

from e2e_support import ArticlesCase

# Words that have one form only in these articles (no inflection to match).
WORDS = ["ajax", "nieuws", "stikstof", "feyenoord"]
FILLER = "de het een van en in op dat die met voor niet zijn aan er maar om ook als bij dan nog".split()
SOURCES = ["Bulkbron", "Den Haag Vandaag", "Persbureau Noordzee"]


def generate(n=3000, seed=7):
    """{file name: .jsonl text} and the articles as dicts (date as written, or None)."""
    rnd = random.Random(seed)
    articles, files = [], {}
    for i in range(n):
        year, month, day = rnd.randint(2015, 2024), rnd.randint(1, 12), rnd.randint(1, 28)
        r = rnd.random()
        # Some dated by their year or month alone, and a few not dated.
        date = (None if r < 0.02 else "%04d" % year if r < 0.05 else "%04d-%02d" % (year, month) if r < 0.08
                else "%04d-%02d-%02d" % (year, month, day))
        words = [w for w, p in zip(WORDS, (0.5, 0.3, 0.1, 0.05)) if rnd.random() < p]
        body = [rnd.choice(FILLER) for _ in range(12)] + words
        rnd.shuffle(body)
        a = {"id": "t%05d" % i, "title": "Bericht %d" % i, "body": " ".join(body) + ".",
             "source": rnd.choice(SOURCES), "lang": "nl", "words": set(words), "date": date}
        articles.append(a)
    for part in range(0, n, 500):
        lines = []
        for a in articles[part:part + 500]:
            o = {k: a[k] for k in ("id", "title", "body", "source", "lang")}
            if a["date"]:
                o["date"] = a["date"]
            lines.append(json.dumps(o))
        files["deel%02d.jsonl" % (part // 500)] = "\n".join(lines) + "\n"
    return files, articles


FILES, ARTICLES_GENERATED = generate()


def span(date):
    """The first and last day (YYYYMMDD) an article's date covers."""
    if len(date) == 4:
        return date + "0101", date + "1231"
    if len(date) == 7:
        y, m = date[:4], date[5:7]
        last = 29 if m == "02" and int(y) % 4 == 0 else 28 if m == "02" else 30 if m in ("04", "06", "09", "11") else 31
        return y + m + "01", "%s%s%02d" % (y, m, last)
    return date.replace("-", ""), date.replace("-", "")


def in_range(a, lo, hi):
    """Whether an article's time overlaps lo..hi (YYYYMMDD): what datum: finds."""
    if not a["date"]:
        return False
    first, last = span(a["date"])
    return first <= hi and last >= lo


class TotalsCase(ArticlesCase):
    ARTICLES = FILES

    def result(self, *args):
        r = self.query("--db", self.db, "--format", "json", *args)
        self.assertIn(r.returncode, (0, 1), r.stderr)
        return json.loads(r.stdout)

    def expect_total(self, query, expected):
        """The total is `expected`, exact, on every page, for every -n and sort."""
        seen = {}
        for extra in ([], ["-n", "0"], ["-n", "3"], ["-n", "50"], ["--offset", "95"], ["--offset", "250"],
                      ["--offset", str(max(expected - 5, 0))], ["--sort", "date"], ["--sort", "-date"],
                      ["--sort", "date", "--offset", "150"], ["--all"], ["--all", "--offset", "120"]):
            out = self.result(*extra, query)
            seen[" ".join(extra) or "(defaults)"] = (out["total"], out["total_exact"])
        self.assertEqual(set(seen.values()), {(expected, True)}, "%s: %r" % (query, seen))

    def count(self, keep):
        return sum(1 for a in ARTICLES_GENERATED if keep(a))


class TestTotalsOfFilters(TotalsCase):
    def test_a_year_counts_every_article_of_it(self):
        self.expect_total("datum:2019", self.count(lambda a: in_range(a, "20190101", "20191231")))

    def test_a_range_of_years_counts_every_article_in_it(self):
        self.expect_total("datum:2017..2019", self.count(lambda a: in_range(a, "20170101", "20191231")))

    def test_a_range_of_months_counts_the_years_and_months_it_overlaps(self):
        self.expect_total("datum:2018-03..2018-05", self.count(lambda a: in_range(a, "20180301", "20180531")))

    def test_an_open_range_counts_every_article_from_its_start(self):
        self.expect_total("datum:2022..", self.count(lambda a: in_range(a, "20220101", "99991231")))

    def test_a_source_and_a_year(self):
        self.expect_total("bron:Bulkbron datum:2019",
                          self.count(lambda a: a["source"] == "Bulkbron" and in_range(a, "20190101", "20191231")))

    def test_a_year_left_out(self):
        self.expect_total("-datum:2019 bron:Bulkbron",
                          self.count(lambda a: a["source"] == "Bulkbron" and not in_range(a, "20190101", "20191231")))


class TestTotalsOfWordsAndFilters(TotalsCase):
    def test_a_word_and_a_year(self):
        self.expect_total("ajax datum:2019",
                          self.count(lambda a: "ajax" in a["words"] and in_range(a, "20190101", "20191231")))

    def test_a_word_and_a_range(self):
        self.expect_total("nieuws datum:2016..2021",
                          self.count(lambda a: "nieuws" in a["words"] and in_range(a, "20160101", "20211231")))

    def test_a_word_left_out(self):
        self.expect_total("-ajax", self.count(lambda a: "ajax" not in a["words"]))

    def test_a_word_required_and_one_left_out(self):
        self.expect_total("+nieuws -ajax", self.count(lambda a: "nieuws" in a["words"] and "ajax" not in a["words"]))

    def test_a_word_left_out_in_a_year(self):
        self.expect_total("-ajax datum:2019",
                          self.count(lambda a: "ajax" not in a["words"] and in_range(a, "20190101", "20191231")))

    def test_a_word_alone(self):
        self.expect_total("nieuws", self.count(lambda a: "nieuws" in a["words"]))


if __name__ == "__main__":
    unittest.main()
