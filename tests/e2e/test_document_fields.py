"""End-to-end: what each document holds, as knipsel-query and Xapian's own
tools (xapian-delve, quest: what Omega reads) see it. Every article carries
the language it was analysed in (an untagged Dutch one too, so lang:nl
finds it), an article of a .jsonl or feed file its own size, a title cut
from a long first sentence an ellipsis, omindex's T (MIME type) and E
(extension) terms, and two files whose names are not UTF-8 two ids.
"""

import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from e2e_support import KNIPSEL_INDEX, KNIPSEL_QUERY, require_binaries, run

LONG_SENTENCE = ("Voor het eerst sinds de Koreaanse Oorlog heeft een lid van de regerende familie Kim voet "
                 "gezet op Zuid-Koreaans grondgebied, meldde het persbureau zaterdag.")
JSONL_LINES = [
    '{"id": "a", "title": "Kort bericht", "date": "2019-03-02", "body": "Iran en de sancties: een kort bericht."}',
    '{"id": "b", "title": "Lang bericht over Iran", "date": "2019-03-03", "body": "'
    + "De regering in Teheran zegt dat de sancties van de Verenigde Staten het land hard raken. " * 12 + '"}',
    '{"id": "c", "title": "Wire", "lang": "en", "date": "2019-03-04", "body": "Iran said the sanctions hurt."}',
]
RSS_ITEMS = [
    "<item><guid>r1</guid><title>Iran in het nieuws</title><pubDate>Thu, 14 Mar 2019 18:00:00 +0100</pubDate>"
    "<description>Het kabinet praat over Iran en de sancties.</description></item>",
    "<item><guid>r2</guid><title>Kamer debatteert</title><pubDate>Fri, 15 Mar 2019 09:00:00 +0100</pubDate>"
    "<description>De Kamer debatteert over de handelsoorlog en de gevolgen voor de haven van Rotterdam, "
    "die de sancties al jaren voelt.</description></item>",
]
FILES = {
    b"zonder-taal.txt": "titel: Kernproef zonder taal\ndatum: 2019-03-01\n\nDe regering van Noord-Korea heeft "
                        "opnieuw een kernproef uitgevoerd, zei het ministerie. Ook Iran reageerde.\n",
    b"met-taal.txt": "titel: Kernproef met taal\ndatum: 2019-03-01\nlang: nl\n\nDe regering van Noord-Korea "
                     "heeft opnieuw een kernproef uitgevoerd, zei het ministerie.\n",
    b"engels.txt": "title: Iran and the deal\ndate: 2019-03-01\n\nThe government of Iran said that it would not "
                   "return to the talks and that there was no reason for it to do so while the sanctions were "
                   "still in place, which they would be for some time.\n",
    b"lange-zin.md": "---\ndate: 2019-03-05\n---\n" + LONG_SENTENCE + " Daarna volgde meer.\n",
    b"pagina.HTML": "<html><head><title>Pagina over Iran</title></head><body><p>Iran en de sancties, "
                    "opnieuw.</p></body></html>",
    b"veel.jsonl": "\n".join(JSONL_LINES) + "\n",
    b"nieuws.rss": '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Den Haag'
                   '</title>\n' + "\n".join(RSS_ITEMS) + "\n</channel></rss>\n",
    b"bad\xff.txt": "titel: Eerste vreemde naam\n\nzelfde woordx in beide\n",
    b"bad\xfe.txt": "titel: Tweede vreemde naam\n\nzelfde woordx in beide\n",
}
DUTCH = {"zonder-taal.txt", "met-taal.txt", "lange-zin.md", "pagina.HTML", "veel.jsonl#a", "veel.jsonl#b",
         "nieuws.rss#r1", "nieuws.rss#r2", "bad%FF.txt", "bad%FE.txt"}
ENGLISH = {"engels.txt", "veel.jsonl#c"}


class TestDocumentFields(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        require_binaries()
        cls.work = tempfile.mkdtemp(prefix="knipsel-e2e-fields-")
        folder = os.path.join(os.fsencode(cls.work), b"archief")
        os.mkdir(folder)
        for name, text in FILES.items():
            with open(os.path.join(folder, name), "wb") as f:
                f.write(text.encode("utf-8"))
        cls.index_run = run([KNIPSEL_INDEX, "--db", "k.db", "-q", "archief"], cls.work)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.work, ignore_errors=True)

    def setUp(self):
        self.assertEqual(self.index_run.returncode, 0, self.index_run.stderr)

    def results(self, *query):
        r = run([KNIPSEL_QUERY, "--db", "k.db", "--format", "json", "-n", "100"] + list(query), self.work)
        self.assertIn(r.returncode, (0, 1), r.stderr)
        return json.loads(r.stdout)["results"]

    def ids(self, *query):
        return {h["id"] for h in self.results(*query)}

    def delve(self, *args):
        delve = shutil.which("xapian-delve")
        if not delve:
            self.skipTest("xapian-delve (xapian-tools) not installed")
        r = subprocess.run([delve] + list(args), cwd=self.work, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=30)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout.decode("utf-8", "replace")

    def document(self, doc_id):
        """The data fields and the terms of the document with this id, by xapian-delve."""
        docids = self.postings("Q" + doc_id)
        self.assertEqual(len(docids), 1, doc_id)
        data = {}
        for line in self.delve("-1", "-d", "-r", docids[0], "k.db").splitlines():
            if line.startswith("Term List"):
                break
            name, eq, value = line.partition("=")
            if eq and name.isalpha():
                data.setdefault(name, value)
        terms = self.delve("-1", "-r", docids[0], "k.db").splitlines()[1:]
        return data, terms

    def postings(self, term):
        """The document numbers of a term, by xapian-delve."""
        return self.delve("-1", "-t", term, "k.db").splitlines()[1:]

    def test_lang_nl_finds_every_dutch_article_and_no_english_one(self):
        self.assertEqual(self.ids("lang:nl"), DUTCH)
        self.assertEqual(self.ids("lang:en"), ENGLISH)
        self.assertEqual(self.ids("taal:nl", "Iran"),
                         {"zonder-taal.txt", "pagina.HTML", "veel.jsonl#a", "veel.jsonl#b", "nieuws.rss#r1"})
        for h in self.results("kernproef"):
            self.assertEqual(h["lang"], "nl", h["id"])

    def test_every_document_has_its_language_in_its_data(self):
        for doc_id, lang in (("zonder-taal.txt", "nl"), ("nieuws.rss#r1", "nl"), ("engels.txt", "en")):
            data, terms = self.document(doc_id)
            self.assertEqual(data.get("language"), lang, doc_id)
            self.assertEqual([t for t in terms if re.fullmatch(r"L[a-z]+", t)], ["L" + lang], doc_id)

    def test_size_of_an_article_of_a_file_of_many_is_its_own(self):
        for doc_id, line in zip(("veel.jsonl#a", "veel.jsonl#b", "veel.jsonl#c"), JSONL_LINES):
            self.assertEqual(self.document(doc_id)[0]["size"], str(len(line.encode("utf-8"))), doc_id)
        for doc_id, item in zip(("nieuws.rss#r1", "nieuws.rss#r2"), RSS_ITEMS):
            self.assertEqual(self.document(doc_id)[0]["size"], str(len(item.encode("utf-8"))), doc_id)
        # an article that is its whole file: the file's size
        self.assertEqual(self.document("zonder-taal.txt")[0]["size"],
                         str(len(FILES[b"zonder-taal.txt"].encode("utf-8"))))

    def test_a_title_cut_from_the_first_sentence_ends_in_an_ellipsis(self):
        [hit] = [h for h in self.results("grondgebied") if h["id"] == "lange-zin.md"]
        title = hit["title"]
        self.assertTrue(title.endswith("…"), title)
        self.assertLessEqual(len(title), 120)
        kept = title[:-1]
        self.assertTrue(LONG_SENTENCE.startswith(kept), title)
        self.assertEqual(LONG_SENTENCE[len(kept)], " ")  # cut at a word
        # a title that was not cut has none
        self.assertEqual({h["title"] for h in self.results("kernproef")},
                         {"Kernproef met taal", "Kernproef zonder taal"})

    def test_omindex_type_and_extension_terms(self):
        expected = {"zonder-taal.txt": ("Ttext/plain", "Etxt"), "lange-zin.md": ("Ttext/markdown", "Emd"),
                    "pagina.HTML": ("Ttext/html", "Ehtml"), "veel.jsonl#b": ("Tapplication/jsonl", "Ejsonl"),
                    "nieuws.rss#r2": ("Tapplication/rss+xml", "Erss")}
        for doc_id, (t, e) in expected.items():
            data, terms = self.document(doc_id)
            self.assertEqual([x for x in terms if x.startswith("T")], [t], doc_id)
            self.assertEqual([x for x in terms if x.startswith("E")], [e], doc_id)
            self.assertEqual("T" + data["type"], t, doc_id)
        # as Omega's B=Ttext/html filter uses them
        self.assertEqual(len(self.postings("Ttext/html")), 1)
        self.assertEqual(self.postings("Ttext/html"), self.postings("Ehtml"))
        self.assertEqual(len(self.postings("Tapplication/jsonl")), 3)

    def test_file_names_that_are_not_utf8_get_distinct_ids(self):
        hits = self.results("woordx")
        self.assertEqual(sorted((h["id"], h["path"], h["title"]) for h in hits),
                         [("bad%FE.txt", "bad%FE.txt", "Tweede vreemde naam"),
                          ("bad%FF.txt", "bad%FF.txt", "Eerste vreemde naam")])
        # the id names the file: its bytes come back from the %XX
        for h in hits:
            name = re.sub(rb"%([0-9A-F]{2})", lambda m: bytes([int(m.group(1), 16)]), h["path"].encode())
            self.assertTrue(os.path.exists(os.path.join(os.fsencode(self.work), b"archief", name)), h["path"])


if __name__ == "__main__":
    unittest.main()
