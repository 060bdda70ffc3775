#!/usr/bin/python3
"""Generate a folder of small synthetic Dutch news articles for the re-indexing benchmark.

usage: gen-articles.py OUTDIR [--files N] [--seed S]

Deterministic: the same N and seed give byte-identical files with identical
modification times. Each article is OUTDIR/YYYY/MM/nieuws-NNNNNN.txt:

    date YYYY-MM-DD
    <100-200 words of Dutch sentences drawn from a fixed vocabulary>

with mtime set to noon UTC of its date. Word frequencies are Zipf-like, and
some articles mention places, people and numbers, so the vocabulary grows with
the number of files the way a news archive's does (slowly).
"""
import argparse
import calendar
import os
import random
import sys

VERSION = 1  # bump when the output changes (the benchmark regenerates on a change)

# content words, roughly most to least frequent
WORDS = """
regering minister kabinet land jaar week dag partij overleg akkoord plan besluit
onderzoek rapport president premier parlement kamer debat vraag antwoord beleid
economie geld miljoen miljard euro belasting begroting bedrijf bedrijven werk
banen werknemers vakbond staking loon lonen pensioen huizen woningen huur markt
prijzen inflatie rente bank banken handel export import haven schip schepen
oorlog vrede leger soldaten grens grenzen conflict aanval wapens raketten
sancties onderhandelingen verdrag top gesprek gesprekken diplomaten ambassade
verkiezingen stemmen kiezers uitslag coalitie oppositie wet wetten rechter
rechtbank zaak verdachte politie agenten onderzoekers gevangenis straf boete
ziekenhuis zorg artsen patiënten virus vaccin school scholen leerlingen leraren
onderwijs universiteit studenten klimaat energie gas stroom olie windmolens
zonnepanelen uitstoot natuur water dijken overstroming regen storm weer
verkeer wegen treinen spoor vliegtuig luchthaven reizigers auto's fiets
gemeente provincie stad dorp inwoners burgemeester wethouder raad buurt
cultuur museum tentoonstelling concert festival film boek schrijver kunst
sport wedstrijd voetbal club trainer spelers doelpunt kampioen seizoen
nieuws krant journalist verslag interview bericht verklaring woordvoerder
toekomst verleden geschiedenis probleem oplossing kritiek steun protest
demonstratie betoging veiligheid vrijheid rechten democratie samenwerking
uitbreiding hervorming investering bezuiniging subsidie tekort overschot
""".split()
ADJ = """nieuwe grote kleine belangrijke snelle lange korte zware moeilijke
hoge lage eerste laatste volgende vorige duidelijke onduidelijke europese
nationale lokale internationale economische politieke financiële militaire
sociale openbare""".split()
VERBS = """zegt meldt verklaart besluit wil moet kan zal gaat komt blijft maakt
neemt geeft krijgt vindt denkt verwacht eist vraagt stelt belooft waarschuwt
onderzoekt bespreekt steunt verwerpt kondigt bevestigt ontkent""".split()
FUNC = """de het een van en in op met voor aan door over bij naar uit om tot
dat die dit deze er niet ook nog wel al maar want omdat als dan toen
volgens tijdens na zonder tegen""".split()
PLACES = """Amsterdam Rotterdam Den-Haag Utrecht Eindhoven Groningen Maastricht
Brussel Antwerpen Berlijn Parijs Londen Washington Peking Moskou Kyiv Tokio
Seoul Pyongyang Noord-Korea Zuid-Korea Iran Irak Syrië Turkije Oekraïne
Rusland China Japan India Brazilië Mexico Canada Australië Zuid-Afrika Egypte
Yongbyon Singapore Hanoi Genève Wenen Straatsburg 's-Gravenhage""".split()
PEOPLE = """Rutte Schoof Wilders Timmermans Omtzigt Yesilgöz Kaag Hoekstra
Jetten Klaver Marijnissen Kim Trump Biden Poetin Zelensky Xi Macron Scholz
Merkel Von-der-Leyen Michel Guterres Stoltenberg Rutte's Kim's""".split()


def weighted(words, rng, n):
    # Zipf-like: weight 1/(rank+2)
    weights = [1.0 / (i + 2) for i in range(len(words))]
    return rng.choices(words, weights=weights, k=n)


def sentence(rng):
    n = rng.randint(6, 16)
    out = []
    while len(out) < n:
        r = rng.random()
        if r < 0.40:
            out.append(rng.choice(FUNC))
        elif r < 0.70:
            out.extend(weighted(WORDS, rng, 1))
        elif r < 0.80:
            out.append(rng.choice(ADJ))
            out.extend(weighted(WORDS, rng, 1))
        elif r < 0.90:
            out.append(rng.choice(VERBS))
        elif r < 0.95:
            out.append(rng.choice(PLACES).replace("Den-Haag", "Den Haag"))
        elif r < 0.98:
            out.append(rng.choice(PEOPLE).replace("Von-der-Leyen", "Von der Leyen"))
        else:
            out.append(str(rng.randint(2, 99999)))
    s = " ".join(out)
    return s[0].upper() + s[1:] + rng.choice(".....?!")


def article(rng):
    target = rng.randint(100, 200)
    words, sents = 0, []
    while words < target:
        s = sentence(rng)
        sents.append(s)
        words += s.count(" ") + 1
    paras, cur = [], []
    for s in sents:
        cur.append(s)
        if len(cur) >= rng.randint(2, 5):
            paras.append(" ".join(cur))
            cur = []
    if cur:
        paras.append(" ".join(cur))
    return "\n\n".join(paras) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--files", type=int, default=100000)
    ap.add_argument("--seed", type=int, default=20240229)
    a = ap.parse_args()
    if a.files < 1:
        sys.exit("gen-articles.py: error: --files must be >= 1")
    rng = random.Random(a.seed)
    total = 0
    made = set()
    for i in range(a.files):
        y = 2000 + rng.randrange(25)
        m = 1 + rng.randrange(12)
        d = 1 + rng.randrange(calendar.monthrange(y, m)[1])
        sub = os.path.join(a.outdir, f"{y}", f"{m:02d}")
        if sub not in made:
            os.makedirs(sub, exist_ok=True)
            made.add(sub)
        path = os.path.join(sub, f"nieuws-{i:06d}.txt")
        data = (f"date {y}-{m:02d}-{d:02d}\n" + article(rng)).encode("utf-8")
        with open(path, "wb") as fh:
            fh.write(data)
        t = calendar.timegm((y, m, d, 12, 0, 0))
        os.utime(path, (t, t))
        total += len(data)
    print(f"gen-articles.py: {a.files} files, {total} bytes ({total / 1e6:.1f} MB) in {a.outdir}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
