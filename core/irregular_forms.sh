#!/bin/sh
# Lists Dutch strong and irregular verb forms and irregular noun plurals with
# their lemma, "form<TAB>lemma<TAB>kind[<TAB>generated]", for
# knipsel-lexicon-build --irregular (core/CMakeLists.txt runs it at build
# time). The kind is a verb's past, pastpl, pp, pres3 or pres1 form, or n
# for a noun's plural; "generated" marks a verb apertium's analyser lacks.
#
# Source: Debian's apertium-afr-nld, whose Dutch analyser (nld-afr.automorf)
# and generator (afr-nld.autogen) run by lttoolbox's lt-proc. The words
# analysed are hunspell-nl's; each verb lemma found, and each word in -en
# the analyser does not know as a verb (vechten, heffen: the generator
# knows more verbs), is conjugated by the generator (past singular and
# plural, past participle, present forms),
# and a verb is kept only when it is not weak (its past is not -de/-te or
# its participle not -d/-t): the weak ones hunspell-nl's flags already
# cover; not a verb form that the analyser reads as a noun or an adjective
# too (bleek, schoot, namen; a participle only as a noun: gevallen). A
# noun plural is kept when the analyser gives it one noun lemma and
# nothing else. The exception file (schemas/irregular-exceptions.txt) takes
# forms out ("!form") and adds the few plurals apertium lacks ("+form lemma").
#
# usage: irregular_forms.sh LT_PROC APERTIUM_DIR HUNSPELL_DIC EXCEPTIONS OUTPUT
set -eu
lt_proc=$1 dir=$2 dic=$3 exceptions=$4 out=$5
analyser=$dir/nld-afr.automorf.bin
generator=$dir/afr-nld.autogen.bin
for f in "$analyser" "$generator" "$dic" "$exceptions"; do
    [ -r "$f" ] || { echo "irregular_forms.sh: cannot read $f (apt-get install lttoolbox apertium-afr-nld hunspell-nl)" >&2; exit 66; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# hunspell-nl's lower-case plain words (its stems, which list many
# irregular forms: liep, gesproken, kinderen), one a line.
# hunspell-nl writes ij as one letter (U+0133: zwĳgen), which apertium's
# analyser does not know.
tail -n +2 "$dic" | cut -d/ -f1 | sed 's/ĳ/ij/g' | LC_ALL=C.UTF-8 grep -xP '\p{Ll}+' > "$tmp/words"
"$lt_proc" "$analyser" < "$tmp/words" > "$tmp/analysed"

# Verb lemmas, separable ones (aanhouden) apart: they conjugate with <sep>.
tags_plain='<vblex><past><p3><sg> <vblex><past><pl> <vblex><pp> <vblex><pres><p3><sg> <vblex><pres><p1><sg>'
tags_sep='<vblex><sep><fs><past><p3><sg> <vblex><sep><fs><past><pl> <vblex><sep><pp> <vblex><sep><fs><pres><p3><sg> <vblex><sep><fs><pres><p1><sg>'
# Verb lemmas: those the analyser finds, and the words in -en that it
# does not read as a verb's (its Dutch dictionary lacks vechten, heffen,
# strijden, werpen, which its generator conjugates): offered to the
# generator too, which knows no other (an unknown lemma gives "#").
{
    LC_ALL=C.UTF-8 grep -oP '/[^/$<]+<vblex>(<sep>)?' "$tmp/analysed"
    LC_ALL=C.UTF-8 grep -oP '^\^[a-z]+en/' "$tmp/analysed" | sed 's/^\^/\//; s/\/$/<vblex>/'
} | sort -u |
    awk -v plain="$tags_plain" -v sep="$tags_sep" '
        { lemma = substr($0, 2); sub(/<.*/, "", lemma)
          n = split(/<sep>/ ? sep : plain, tags, " ")
          for (i = 1; i <= n; i++) { print lemma "\t" i > "'"$tmp/requests"'"; print "^" lemma tags[i] "$" } }' \
        > "$tmp/generate"
"$lt_proc" -g "$generator" < "$tmp/generate" > "$tmp/generated"
# The generated forms' own analyses: which are nouns or adjectives too.
# (Only the forms generated: "#" marks a lemma the generator lacks.)
LC_ALL=C.UTF-8 grep -xP '\p{Ll}+' "$tmp/generated" | "$lt_proc" "$analyser" > "$tmp/generated_analysed"
[ "$(wc -l < "$tmp/generated")" -eq "$(wc -l < "$tmp/requests")" ] ||
    { echo "irregular_forms.sh: lt-proc -g gave another number of lines" >&2; exit 70; }

{
    # Requests (lemma, tag number 1-5: past sg, past pl, participle,
    # present 3sg, present 1sg) beside the generated forms; "#" is a form
    # the generator does not know.
    # A form of a verb that only the generator knows is left to the verb
    # the analyser knows where both have it (beval: bevelen's past, not
    # bevallen's present; geleken: lijken's, not gelijken's). Such a verb's
    # forms are marked "generated", a fourth column.
    LC_ALL=C.UTF-8 grep -oP '/[^/$<]+(?=<vblex>)' "$tmp/analysed" | cut -c2- | sort -u > "$tmp/known"
    paste "$tmp/requests" "$tmp/generated" | awk -F'\t' '
        FILENAME == ARGV[1] { known[$0] = 1; next }
        FILENAME == ARGV[2] { split($0, a, "/"); f = substr(a[1], 2)
                              if ($0 ~ /<n>/) noun[f] = 1; if ($0 ~ /<adj>/) adj[f] = 1; next }
        $3 != "" && $3 !~ /[#<> ]/ { form[$1, $2] = $3; lemmas[$1] = 1 }
        END {
            split("past pastpl pp pres3 pres1", kind, " ")
            n = 0
            for (l in lemmas) {
                past = form[l, 1]; pp = form[l, 3]
                weak = past ~ /(de|te)$/ && pp ~ /[dt]$/
                if (weak || past == "" || pp == "") continue
                for (i = 1; i <= 5; i++) {
                    f = form[l, i]
                    if (f == "" || f == l || (f in noun) || (i != 3 && (f in adj))) continue
                    row[++n] = f "\t" l "\t" kind[i] ((l in known) ? "" : "\tgenerated")
                    row_form[n] = f; row_known[n] = (l in known)
                    if (l in known) known_form[f] = 1
                }
            }
            for (i = 1; i <= n; i++)
                if (row_known[i] || !(row_form[i] in known_form)) print row[i]
        }' "$tmp/known" "$tmp/generated_analysed" -
    # Noun plurals with one analysis, a plural noun's of another lemma
    # (kinderen: kind). Not the adverbs in -ens it also reads as plurals
    # (krachtens, namens).
    awk -F'/' '
        { sub(/\$$/, ""); f = substr($1, 2); ok = 1; lemma = ""
          for (i = 2; i <= NF; i++) {
              l = $i; sub(/<.*/, "", l)
              if ($i !~ /<n><[a-z]+><pl>/ || (lemma != "" && l != lemma)) ok = 0
              lemma = l
          }
          if (ok && lemma != "" && lemma != f && f !~ /ens$/) print f "\t" lemma "\tn" }' "$tmp/analysed"
} | LC_ALL=C sort -u > "$tmp/all"

# The exception file's "!form" lines: forms left out (data is no datum's
# plural); its "+form lemma" lines: plurals that apertium-afr-nld does not
# know, added (liederen: lied).
sed -n 's/^!\([^ #]*\).*/\1/p' "$exceptions" > "$tmp/dropped"
awk '/^\+/ { sub(/#.*/, "")
              if (NF != 2) {
                  print "irregular_forms.sh: " FILENAME ":" FNR ": expected +form lemma" > "/dev/stderr"
                  exit 65
              }
              print substr($1, 2) "\t" $2 "\tn" }' "$exceptions" > "$tmp/added"
LC_ALL=C sort -u "$tmp/all" "$tmp/added" |
    awk -F'\t' 'NR == FNR { drop[$1] = 1; next } !($1 in drop)' "$tmp/dropped" - > "$out.tmp"
[ -s "$out.tmp" ] || { echo "irregular_forms.sh: no irregular forms found in $analyser" >&2; exit 65; }
mv "$out.tmp" "$out"
