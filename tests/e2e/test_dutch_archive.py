"""End-to-end: a Dutch user's own archive, written as Dutch archives are.
Headers with Dutch keys ("Titel: ..."), dates as Dutch and English news
write them ("dinsdag 12 maart 2019", "12-03-2019", RSS's RFC 2822, a saved
page's JSON-LD), a saved RSS feed, an article without a date; then the queries a Dutch user
types: Dutch operators (EN, OF, NIET), a date in Dutch order, a source by
one word of its name, a hyphenated name beside NEAR, sorting by date.
"""

import json
import os
import shutil
import tempfile
import unittest

from e2e_support import KNIPSEL_INDEX, KNIPSEL_QUERY, require_binaries, run

ARTICLES = {
    "kop.txt": "Titel: Nieuwe sancties tegen Noord-Korea\nDatum: dinsdag 12 maart 2019\n"
               "Bron: Persbureau Noordzee\n\nDe Veiligheidsraad stemt in met nieuwe sancties tegen "
               "Noord-Korea. De steenkool mag het land niet meer uit.\n",
    "front.md": "---\ntitel: Iran en de olie\ndatum: 12-03-2019\nbron: Het Diplomatiek Dagblad\n---\n"
                "Iran verkoopt minder olie. Over sancties wordt niet gesproken.\n",
    "feed.jsonl": '{"id": "rss-1", "title": "Europa en Iran", "date": "Wed, 13 Mar 2019 08:30:00 +0100", '
                  '"source": "Persbureau Noordzee Weekend", "body": "Europa zoekt een weg rond de sancties tegen '
                  'Iran."}\n',
    "pagina.html": '<html><head><title>Korea praat weer | Oost-Azie Bulletin</title><script type="application/ld+json">'
                   '{"@context": "https://schema.org", "@type": "NewsArticle", "datePublished": '
                   '"2019-04-02T09:00:00+02:00", "publisher": {"@type": "Organization", "name": "Oost-Azie '
                   'Bulletin"}}</script></head><body><p>Noord- en Zuid-Korea praten weer, ver van elke '
                   'gedachte aan nieuwe stappen, en pas veel later, na lange gesprekken over de grens, de '
                   'familie, de spelen en de treinen, komen de sancties ter sprake.</p></body></html>',
    "zonder-datum.txt": "Een bericht over sancties zonder datum.\n",
    "nos.txt": "Titel: Storm raast over het land\nDatum: 2019-03-16\nBron: NOS\n\nBomen vielen om.\n",
    "nos-feed.jsonl": '{"id": "nos-1", "title": "Dijken houden stand", "date": "2019-03-17", '
                      '"source": "NOS Nieuws - Algemeen", "body": "Het water bleef binnen de dijken."}\n',
    "nieuws.rss": '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
                  '<title>Den Haag Vandaag</title><language>nl</language>\n'
                  '<item><title>Kabinet over sancties</title><guid>dhv-1</guid>'
                  '<pubDate>Thu, 14 Mar 2019 18:00:00 +0100</pubDate>'
                  '<description>&lt;p&gt;Het kabinet steunt de sancties tegen Iran.&lt;/p&gt;</description></item>\n'
                  '<item><title>Kamer debatteert</title><link>https://dhv.example/2</link>'
                  '<pubDate>Fri, 15 Mar 2019 09:00:00 +0100</pubDate>'
                  '<description>De Kamer debatteert over de handelsoorlog.</description></item>\n'
                  '</channel></rss>\n',
}


class TestDutchArchive(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        require_binaries()
        cls.work = tempfile.mkdtemp(prefix="knipsel-e2e-archief-")
        os.mkdir(os.path.join(cls.work, "archief"))
        for name, text in ARTICLES.items():
            with open(os.path.join(cls.work, "archief", name), "w", encoding="utf-8") as f:
                f.write(text)
        cls.index_run = run([KNIPSEL_INDEX, "--db", "k.db", "--json", "archief"], cls.work)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.work, True)

    def results(self, *args, expect_rc=0):
        r = run([KNIPSEL_QUERY, "--db", "k.db", "--format", "json", "-n", "100", *args], self.work)
        self.assertEqual(r.returncode, expect_rc, r.stderr)
        return json.loads(r.stdout)["results"]

    def ids(self, *args, expect_rc=0):
        return {h["id"] for h in self.results(*args, expect_rc=expect_rc)}

    def test_every_article_is_indexed_without_a_warning(self):
        self.assertEqual(self.index_run.returncode, 0, self.index_run.stderr)
        summary = json.loads(self.index_run.stdout)
        self.assertEqual(summary["added"], len(ARTICLES) + 1)  # the feed has two items
        self.assertEqual(summary["warnings"], [])
        self.assertEqual(summary["errors"], [])

    def test_dutch_header_keys_and_dates_in_every_format(self):
        got = {h["id"]: (h["title"], h["date"], h["source"]) for h in self.results("date:1900..2100")}
        self.assertEqual(got, {
            "kop.txt": ("Nieuwe sancties tegen Noord-Korea", "2019-03-12", "Persbureau Noordzee"),
            "front.md": ("Iran en de olie", "2019-03-12", "Het Diplomatiek Dagblad"),
            "feed.jsonl#rss-1": ("Europa en Iran", "2019-03-13", "Persbureau Noordzee Weekend"),
            "pagina.html": ("Korea praat weer", "2019-04-02", "Oost-Azie Bulletin"),
            "nieuws.rss#dhv-1": ("Kabinet over sancties", "2019-03-14", "Den Haag Vandaag"),
            "nieuws.rss#https://dhv.example/2": ("Kamer debatteert", "2019-03-15", "Den Haag Vandaag"),
            "nos.txt": ("Storm raast over het land", "2019-03-16", "NOS"),
            "nos-feed.jsonl#nos-1": ("Dijken houden stand", "2019-03-17", "NOS Nieuws - Algemeen"),
        })

    def test_a_date_in_dutch_order(self):
        self.assertEqual(self.ids("datum:12-03-2019"), {"kop.txt", "front.md"})
        self.assertEqual(self.ids("datum:12-03-2019..31-03-2019", "sancties"),
                         {"kop.txt", "front.md", "feed.jsonl#rss-1", "nieuws.rss#dhv-1"})

    def test_a_date_in_quotes_as_a_sentence_writes_it(self):
        # It was exit 65: "'\"12' in datum: is not a date".
        self.assertEqual(self.ids('datum:"12 maart 2019"'), {"kop.txt", "front.md"})
        self.assertEqual(self.ids('Datum:"12 maart 2019"'), {"kop.txt", "front.md"})
        self.assertEqual(self.ids('datum:"maart 2019"', "sancties"), self.ids("datum:maart-2019", "sancties"))
        # As a range's bound, with its weekday, in English.
        self.assertEqual(self.ids('datum:"12 maart 2019".."13 maart 2019"'), {"kop.txt", "front.md", "feed.jsonl#rss-1"})
        self.assertEqual(self.ids('datum:.."12 maart 2019"'), self.ids("datum:..2019-03-12"))
        self.assertEqual(self.ids('datum:"dinsdag 12 maart 2019"'), {"kop.txt", "front.md"})
        self.assertEqual(self.ids('datum:"March 12, 2019"'), {"kop.txt", "front.md"})

    def test_a_date_typed_as_words_is_told_how_to_find_that_day(self):
        r = run([KNIPSEL_QUERY, "--db", "k.db", "12", "maart", "2019"], self.work)
        self.assertIn(r.returncode, (0, 1), r.stderr)
        self.assertIn("hint: the articles of that day: datum:12-maart-2019", r.stderr)
        r = run([KNIPSEL_QUERY, "--db", "k.db", "sancties", "datum:2019"], self.work)
        self.assertNotIn("hint:", r.stderr)
        for typed in ("12-03-2019", "2019-03-12", "12/03/2019"):
            r = run([KNIPSEL_QUERY, "--db", "k.db", "--", typed], self.work)
            self.assertIn("hint: the articles of that day: datum:2019-03-12", r.stderr, typed)

    def test_dutch_operators(self):
        self.assertEqual(self.ids("Iran NIET Europa"), {"front.md", "nieuws.rss#dhv-1"})
        self.assertEqual(self.ids("(steenkool OF olie) EN sancties"), {"kop.txt", "front.md"})
        # In lower case "niet" is a word (a stopword): every-word hits are those with both others.
        self.assertEqual(self.ids("--all", "Iran niet Europa"), {"feed.jsonl#rss-1"})

    def test_a_source_by_one_word_of_its_name(self):
        self.assertEqual(self.ids("bron:Noordzee"), {"kop.txt", "feed.jsonl#rss-1"})
        self.assertEqual(self.ids('bron:"Persbureau Noordzee"'), {"kop.txt"})
        self.assertEqual(self.ids("bron:Telegraaf", expect_rc=1), set())

    def test_one_word_finds_every_source_with_it_though_one_is_called_so(self):
        # bron:NOS found the articles of "NOS" only, not of the feed "NOS Nieuws - Algemeen".
        self.assertEqual(self.ids("bron:NOS"), {"nos.txt", "nos-feed.jsonl#nos-1"})
        self.assertEqual(self.ids('bron:"NOS Nieuws - Algemeen"'), {"nos-feed.jsonl#nos-1"})

    def test_a_hyphenated_name_beside_near(self):
        self.assertEqual(self.ids("Noord-Korea NEAR/4 sancties"), {"kop.txt"})
        r = run([KNIPSEL_QUERY, "--db", "k.db", '"Noord Korea" NEAR sancties'], self.work)
        self.assertEqual(r.returncode, 65)
        self.assertIn("NEAR and ADJ take one word on each side", r.stderr)

    def test_articles_without_a_date_sort_last_both_ways(self):
        for order in ("date", "-date"):
            hits = self.results("--sort", order, "sancties")
            dates = [h["date"] for h in hits]
            self.assertEqual(dates[-1], None, order)
            dated = dates[:-1]
            self.assertEqual(dated, sorted(dated, reverse=(order == "-date")), order)


if __name__ == "__main__":
    unittest.main()
