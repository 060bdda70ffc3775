"""End-to-end: files as real archives hold them, indexed by the real binaries
in a fresh temp folder. A CMS page in UTF-8 with one byte pasted from
windows-1252, a .jsonl export with Unix-time dates and HTML bodies, a saved
page with a cookie banner, paragraphs separated by <br><br>, Markdown
with HTML's character references, and a page in the charset it declares:
each is
checked as a reader (and a search) sees it.
"""

import json
import os
import shutil
import tempfile
import unittest

from e2e_support import KNIPSEL_INDEX, KNIPSEL_QUERY, require_binaries, run

FILES = {
    # A UTF-8 page of a CMS with a "(c)" byte in windows-1252 in its footer:
    # read as windows-1252 as a whole, every accented letter was garbled.
    "cms-pagina.html": ("<html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Zeeën stijgen sneller</title></head>"
                        "<body><p>De zeespiegel bij Vlissingen stijgt; de coördinatie ligt bij één dienst, "
                        "zei de naïeve wethouder.</p><p>Copyright ".encode("utf-8")
                        + b"\xa9 2019 De Krant</p></body></html>"),
    # A CMS export: Unix times for dates, the body as its HTML, the title with references.
    "export.jsonl": (
        '{"id": "1", "title": "Storm over Zeeland", "date": 1552381200, "body": "De storm raasde."}\n'
        '{"id": "2", "title": "Dijken versterkt", "published": 1552467600000, "body": "Na de storm."}\n'
        '{"id": "3", "title": "Kim &#038; Trump", "date": "2019-03-12", "content": '
        '"<p>De top in Hanoi.</p><p>Caf&eacute;&nbsp;gesloten.</p><script>var trackingpixel=1;</script>"}\n'
    ).encode("utf-8"),
    # A saved news page with its cookie banner (no role on it, as most sites have).
    "opgeslagen.html": ("<html><head><title>Brand in loods | Binnenland | De Krant</title></head><body>"
                        "<div id=\"cookie-banner\" class=\"cookie-notice\">Wij en onze partners gebruiken "
                        "cookies voor advertentiepartners.<button>Akkoord</button></div>"
                        "<article><h1>Brand in loods</h1><p>Een loods in Tilburg is uitgebrand.</p></article>"
                        "</body></html>").encode("utf-8"),
    # Paragraphs separated by <br><br>, as older news sites wrote them.
    "oud-nieuws.html": ("<html><body>Gemeente sluit zwembad<br><br>Het zwembad in Breda gaat dicht."
                        "<br>Dat besloot de raad.</body></html>").encode("utf-8"),
    # An old page in ISO-8859-15, as it says: its 0xA4 is the euro sign.
    "oud-latin9.html": ("<html><head><meta charset=\"iso-8859-15\"><title>Prijs omhoog</title></head><body>"
                        "<p>De koffie kost nu \u20ac 3 in het caf\u00e9.</p></body></html>").encode("iso-8859-15"),
    # Markdown with the references an HTML editor leaves in it.
    "notitie.md": ("---\ntitle: Notitie\n---\nDe caf&eacute;&rsquo;s en de co&ouml;rdinatie van de "
                   "vredes&shy;verklaring.\n").encode("utf-8"),
}


class TestRealInput(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        require_binaries()
        cls.work = tempfile.mkdtemp(prefix="knipsel-e2e-real-")
        folder = os.path.join(cls.work, "archief")
        os.mkdir(folder)
        for name, data in FILES.items():
            with open(os.path.join(folder, name), "wb") as f:
                f.write(data)
        cls.index_run = run([KNIPSEL_INDEX, "--db", "k.db", "archief"], cls.work)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.work, ignore_errors=True)

    def results(self, *query):
        r = run([KNIPSEL_QUERY, "--db", "k.db", "--format", "json", "-n", "100", "--"] + list(query), self.work)
        self.assertIn(r.returncode, (0, 1), r.stderr)
        return json.loads(r.stdout)["results"]

    def ids(self, *query):
        return {h["id"] for h in self.results(*query)}

    def hit(self, doc_id, *query):
        [hit] = [h for h in self.results(*query) if h["id"] == doc_id]
        return hit

    def test_the_run_indexes_every_file_without_errors(self):
        self.assertEqual(self.index_run.returncode, 0, self.index_run.stderr)
        self.assertNotIn("error", self.index_run.stderr)

    def test_a_utf8_page_with_a_stray_windows_1252_byte_keeps_its_accents(self):
        hit = self.hit("cms-pagina.html", "zeespiegel")
        self.assertEqual(hit["title"], "Zeeën stijgen sneller")
        self.assertIn("coördinatie ligt bij één dienst", hit["snippet"])
        self.assertIn("© 2019", hit["snippet"])
        for word in ("zeeën", "zeeen", "coördinatie", "coordinatie", "naïeve"):
            self.assertIn("cms-pagina.html", self.ids(word), word)
        # one warning naming the file and what was converted
        [warning] = [line for line in self.index_run.stderr.splitlines() if "cms-pagina.html" in line]
        self.assertIn("warning: archief/cms-pagina.html: converted from windows-1252 (1 byte; the rest is UTF-8)",
                      warning)

    def test_a_jsonl_date_as_a_unix_time_is_its_day(self):
        self.assertEqual(self.hit("export.jsonl#1", "storm")["date"], "2019-03-12")
        self.assertEqual(self.hit("export.jsonl#2", "dijken")["date"], "2019-03-13")
        self.assertEqual(self.ids("datum:2019-03-12"), {"export.jsonl#1", "export.jsonl#3"})

    def test_a_jsonl_body_of_html_is_its_text(self):
        hit = self.hit("export.jsonl#3", "hanoi")
        self.assertEqual(hit["title"], "Kim & Trump")
        self.assertNotIn("<p>", hit["snippet"])
        self.assertIn("Café gesloten", hit["snippet"])
        self.assertIn("export.jsonl#3", self.ids("café"))
        for junk in ("nbsp", "eacute", "trackingpixel", "p"):
            self.assertNotIn("export.jsonl#3", self.ids(junk), junk)

    def test_a_cookie_banner_is_not_the_article(self):
        self.assertEqual(self.ids("advertentiepartners"), set())
        self.assertEqual(self.ids("akkoord"), set())
        hit = self.hit("opgeslagen.html", "loods")
        self.assertEqual(hit["title"], "Brand in loods")
        self.assertTrue(hit["snippet"].startswith("Brand in loods"), hit["snippet"])

    def test_a_declared_single_byte_charset_is_honoured(self):
        hit = self.hit("oud-latin9.html", "koffie")
        self.assertIn("kost nu € 3 in het café", hit["snippet"])
        self.assertIn("warning: archief/oud-latin9.html: converted from iso-8859-15", self.index_run.stderr)

    def test_markdown_references_are_the_characters_they_stand_for(self):
        for word in ("coördinatie", "coordinatie", "vredesverklaring", "café's"):
            self.assertIn("notitie.md", self.ids(word), word)
        for junk in ("eacute", "ouml", "shy", "rsquo"):
            self.assertNotIn("notitie.md", self.ids(junk), junk)

    def test_paragraphs_separated_by_two_line_breaks_give_the_first_as_title(self):
        hit = self.hit("oud-nieuws.html", "zwembad")
        self.assertEqual(hit["title"], "Gemeente sluit zwembad")


if __name__ == "__main__":
    unittest.main()
