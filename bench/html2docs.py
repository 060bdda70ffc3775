#!/usr/bin/python3
"""Convert Dutch HTML help pages / man pages into one-document-per-file plain text.

Part of knipsel's benchmark (bench/make-corpus.sh calls it); keep it unchanged
or the corpus (3,865 unique documents, 23,190 files at x1) changes with it.

usage: html2docs.py OUTDIR SRC_PREFIX FILE...
  *.html            -> text via html.parser (script/style/nav dropped); pages whose text
                       exceeds SPLIT_BYTES are split at <h1>-<h3> into article-sized docs
  *.gz (man pages)  -> roff requests/escapes stripped
Docs with < MIN_BYTES of text are skipped.  Output names: SRC_PREFIX-<n>.txt
"""
import gzip, html, os, re, sys
from html.parser import HTMLParser

SPLIT_BYTES = 12000
MIN_BYTES = 200
SKIP = {"script", "style", "head", "title", "nav", "noscript"}
BLOCK = {"p", "div", "br", "li", "tr", "td", "th", "pre", "dt", "dd", "table",
         "section", "article", "blockquote", "ul", "ol", "dl"}
HEAD = {"h1", "h2", "h3"}


class Extract(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.sections = [[]]
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIP:
            self.skip += 1
        elif tag in HEAD:
            self.sections.append([])
        elif tag in BLOCK:
            self.sections[-1].append("\n")

    def handle_endtag(self, tag):
        if tag in SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in BLOCK or tag in HEAD:
            self.sections[-1].append("\n")

    def handle_startendtag(self, tag, attrs):
        if tag == "br":
            self.sections[-1].append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.sections[-1].append(data)


def tidy(s):
    s = re.sub(r"[ \t\r\f\v\u00a0]+", " ", s)
    s = re.sub(r" *\n *", "\n", s)
    s = re.sub(r"\n{3,}", "\n\n", s)
    return s.strip() + "\n"


def html_docs(path):
    raw = open(path, "rb").read()
    m = re.search(rb'charset=["\']?([A-Za-z0-9_-]+)', raw[:2048])
    enc = m.group(1).decode() if m else "utf-8"
    try:
        text = raw.decode(enc, errors="replace")
    except LookupError:
        text = raw.decode("utf-8", errors="replace")
    p = Extract()
    p.feed(text)
    p.close()
    secs = [tidy("".join(s)) for s in p.sections]
    whole = tidy("\n".join(secs))
    if len(whole.encode()) <= SPLIT_BYTES:
        return [whole]
    # split into article-sized docs: merge consecutive sections up to SPLIT_BYTES
    out, cur = [], ""
    for s in secs:
        if cur and len((cur + s).encode()) > SPLIT_BYTES:
            out.append(cur)
            cur = ""
        cur += s + "\n"
    if cur:
        out.append(cur)
    return out


def man_doc(path):
    t = gzip.open(path, "rb").read().decode("utf-8", errors="replace")
    lines = []
    for ln in t.splitlines():
        if ln.startswith(('.\\"', "'\\\"", '.\\}')):
            continue
        if ln.startswith(".") or ln.startswith("'"):
            m = re.match(r"[.'](SH|SS|B|I|BR|IR|RB|BI|IB|TP|IP|PP|LP|P)\s*(.*)", ln)
            if m and m.group(2):
                ln = m.group(2).replace('"', "")
            else:
                continue
        lines.append(ln)
    t = "\n".join(lines)
    t = re.sub(r"\\f[BIRP]|\\f\(..|\\f\[[^]]*\]", "", t)
    t = re.sub(r"\\\((..)", lambda m: {"em": "-", "en": "-", "bu": "*", "co": "(c)"}.get(m.group(1), ""), t)
    t = re.sub(r"\\\[([^]]*)\]", "", t)
    t = t.replace("\\-", "-").replace("\\e", "\\").replace("\\&", "").replace("\\ ", " ")
    t = re.sub(r"\\.", "", t)
    return [tidy(t)]


def main():
    outdir, prefix, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    os.makedirs(outdir, exist_ok=True)
    # xargs may call us several times for one prefix: continue the numbering
    n = sum(1 for f in os.listdir(outdir) if f.startswith(prefix + "-"))
    for f in files:
        docs = man_doc(f) if f.endswith(".gz") else html_docs(f)
        for d in docs:
            if len(d.encode()) < MIN_BYTES:
                continue
            n += 1
            with open(os.path.join(outdir, f"{prefix}-{n:05d}.txt"), "w", encoding="utf-8") as fh:
                fh.write(d)
    print(f"{prefix}: {len(files)} sources -> {n} docs", file=sys.stderr)


if __name__ == "__main__":
    main()
