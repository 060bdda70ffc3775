// How an article becomes a Xapian document, laid out by Omega's conventions
// so that quest, xapian-delve and Omega work on a knipsel index: NAME=VALUE
// document data (caption, sample, url, modtime, ... plus knipsel's own
// fields), S title terms, Q unique ids, L language (every article's: the
// one it was analysed in), T MIME type and E extension of its file,
// positional plain terms with Z-prefixed stems, and the date as YYYYMMDD in
// a value slot.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>

#include <xapian.h>

#include "analyser.h"
#include "document.h"
#include "schema.h"

namespace knipsel {

// The term prefixes of the layout's own terms, beside those the schema's
// fields name (S, Q, L, XSOURCE): a field may take none of these.
namespace prefix {
inline constexpr std::string_view stem = "Z";        // Z + a field's prefix + a stem
inline constexpr std::string_view extension = "E";   // omindex's file extension, "Ehtml"
inline constexpr std::string_view mime_type = "T";   // omindex's MIME type, "Ttext/html"
inline constexpr std::string_view day = "D";         // Omega's date terms: D20190227,
inline constexpr std::string_view month = "M";       // M201902,
inline constexpr std::string_view year = "Y";        // Y2019
inline constexpr std::string_view file = "XFILE";    // the source file (file_term)
inline constexpr std::string_view copy = "XCOPY";    // the term alone: another document's copy (meta::twins)
inline constexpr std::string_view has_copies = "XCOPIES";  // the term alone: the one of copies searches show
inline constexpr std::string_view all[] = {stem, extension, mime_type, day, month, year, file, copy, has_copies};
}  // namespace prefix

// Metadata keys under which an index describes itself.
namespace meta {
inline constexpr const char* schema = "knipsel:schema";        // the schema TOML text
inline constexpr const char* file = "knipsel:file:";          // + name: a file the schema names (stopwords)
inline constexpr const char* synonyms = "knipsel:synonyms";    // the synonym file text
inline constexpr const char* analyser = "knipsel:analyser";    // Analyser::identity()
// The keys above in one value ("knipsel-self 1", then "KEY LENGTH", the
// value and a newline for each), kept in step with them: a remote index
// describes itself in one round trip instead of one for each.
inline constexpr const char* self = "knipsel:self";
inline constexpr const char* roots = "knipsel:roots";          // indexed folders, one per line
// + a file term: what a file of many articles (.jsonl, feed) gave when it
// was last indexed, "STAMP\nCONTENT_HASH\nDOCUMENTS" (see knipsel-index).
// Where it is, it stands for its documents' slot_file_stamp,
// slot_content_hash and slot_file_docs, which are then those of the run
// that last wrote each one: a changed file's unchanged articles are not
// rewritten. Written with the file's last change, in the same commit.
inline constexpr const char* file_articles = "knipsel:fa:";
// "1" while a shard's spelling data is not yet made from its terms (see
// knipsel-index): a run that finds it makes the data again at its end.
inline constexpr const char* spelling_pending = "knipsel:spelling-pending";
// Articles the index holds more than once (the same text saved under two
// file names: "Kop.html" and "Kop (1).html"): the number of documents that
// are another's copy ("" or "0": none), in every shard. Each such copy has
// the term prefix::copy and is left out of searches; the one shown has
// the term prefix::has_copies and their ids in its data's `copies` field
// (see join_copies).
inline constexpr const char* twins = "knipsel:twins";
// meta::twins while a run changes documents, until it marks the copies anew.
inline constexpr const char* twins_unknown = "?";
}  // namespace meta

// Value slots knipsel keeps for itself (schema slots are 0..99).
// "MTIME_NS:SIZE:PARSERS" of the source file (":E" after it when some of
// the file could not be indexed), PARSERS being file_parsers_version.
inline constexpr Xapian::valueno slot_file_stamp = 100;
inline constexpr Xapian::valueno slot_content_hash = 101;  // xxh3-64 of the source file's bytes, hex
inline constexpr Xapian::valueno slot_file_docs = 102;     // how many documents the source file gave
inline constexpr Xapian::valueno slot_article_hash = 103;  // xxh3-64 of the article's fields, hex
inline constexpr Xapian::valueno slot_file_term = 104;     // its file term (see file_term), for one-sweep reads
inline constexpr Xapian::valueno slot_text_key = 105;      // text_key(): equal for copies of one article
// An article dated by its year or month alone ("2019", "2019-02"): the last
// day it covers, YYYYMMDD, then "y" or "m" (20191231y, 20190228m). The date
// slot holds the first day, so a date range finds every article whose time
// overlaps it, and --facets tells a year-only date from one in January.
inline constexpr Xapian::valueno slot_date_end = 106;

// The version of what knipsel-index reads from files, in each file's stamp:
// bumped when the parsers read a file differently (p2: dates as Dutch and
// English news write them, JSON-LD and Dublin Core dates, headlines for
// titles, Dutch header keys, TOML front matter; p3: a .txt date line with
// a time or a zone, "date: Tue, 12 Mar 2019 10:00 +0100", is all date,
// and the header goes on after it; soft hyphens and zero-width spaces
// inside words are removed; a feed's titles read as HTML, its relative
// links made absolute; HTML that a browser hides left out; p4: a .jsonl
// read line by line, a line in windows-1252 converted alone and one with
// NUL bytes left out, not the whole file garbled or taken for binary; NUL
// bytes that end a file left out; a .txt header line "title:" with no
// value is a header line; a feed item's own elements only, not media: or
// itunes: ones, Atom xhtml as HTML, <source>; HTML: an article's own
// <header>, ARIA roles, AMP nodisplay, <time itemprop>, <h1> before a
// title of parts, relative canonical links; a first-sentence title goes
// on past an abbreviation; Markdown YAML front matter
// read with yaml-cpp; .jsonl names of scrapers' exports; p5: a cut
// first-sentence title ends in "…", a path that is not UTF-8 is written
// with %XX in ids, an article of a .jsonl or feed records its own size, and
// documents carry Lnl, T and E terms; as article_hash now covers the
// record's size, every document of p4 is made again; p6: a .jsonl date as a
// Unix time or a date's digits, a .jsonl body or title of HTML read as
// text; HTML: <br><br> ends a paragraph, cookie and consent notices named
// by class or id left out, JSON-LD strings escaped as HTML decoded;
// Markdown: every HTML5 character reference; UTF-8 with stray
// windows-1252 bytes kept UTF-8; a page's or feed's declared single-byte
// charset honoured; p7: a Markdown front matter value whose quote is
// never closed read to the end of its line, the keys below it kept, and an
// apostrophe that starts it kept: title: 's-Gravenhage besluit; TOML front
// matter that is not TOML read line by line, not ignored; .jsonl:
// schema.org's articleBody and inLanguage; p8: an HTML title's site
// name in capitals or a domain taken off when the page names no site; a
// UTF-8 file name that spells a %XX escape gets %25 in its id; p9: a .txt
// first line of a key without its colon a header only when its value is one
// for the key; Markdown: tags holding an address no autolinks, comments and
// <script> left out over lines, only real link reference definitions, a
// footnote's text kept; feeds: HTML's named references decoded, Atom's text
// constructs as text, an entry's xml:lang, a .atom file's type
// application/atom+xml; lang names (Nederlands, eng) as their codes);
// p11: an HTML title's site name at its start ("NOS Nieuws - Kop") taken
// off when the page names its site so; a date 2019-3-4 read; a TOML
// date-time in UTC the day it was in the Netherlands, as is GMT+0000 (…);
// HTML: a <header> holding the headline kept; a site name after a
// headline holding " - " taken off;
// p12: HTML consent notices (also with an <h1>), readers' comments, paywall
// teasers, ads and screen-reader text left out; an <aside> in the <article>
// kept; microdata dates on any element; a site-name og:title skipped; a
// Yoast @graph publisher resolved; a title's stripped site name as the
// source; RFC 822 two-digit years; a <label> left out only as a form's; a
// comment's or sidebar's microdata date not the article's; a <title> that is
// only the site's name giving way to the heading; p13: every document gets
// its text key (slot_text_key), and article_hash covers it; p14: a Unix
// time zero-padded ("0000000000"), negative or a fraction below 10^8 no
// date (it was 1970-01-01); a date whose time or zone offset does not
// exist (25:61, +25:00) no date, with a warning; a .txt header line
// without a space after its key's colon (title:Kop) read as one, and a
// key given twice keeping its first value (it was the last); a stray
// NUL byte between two words a blank, not glue ("een\0NUL" is two words);
// UTF-16 without a byte order mark read, not skipped as binary; a feed
// declaring an encoding ICU does not know read, not refused; Latin-1 Dutch
// that ICU took for ISO-8859-2 read as windows-1252; a url that is no web
// address (javascript:) left out; a title's bidi controls and tabs left out.
// A file read by other
// parsers is read again on the next run, though unchanged, and its
// documents are replaced only where the article came out different.
inline constexpr std::string_view file_parsers_version = "p14";

// Facts about the file an article came from.
struct SourceFile {
    std::string format;        // MIME type, e.g. "text/plain"
    std::int64_t mtime_ns = 0;
    std::int64_t ctime_ns = 0;  // the inode's last change: in the stamp, as mtime and size
    std::uint64_t size = 0;
    std::string content_hash;  // hex
    std::size_t doc_count = 1; // documents made from this file
    bool had_errors = false;   // some of it could not be indexed: read it again next run
    std::string abs_path;      // for the file:// link when the article has no URL
};

// The document an article becomes.
Xapian::Document make_document(const Article& article, const SourceFile& file, const Schema& schema,
                               const Analyser& analyser);

// A document's data brought up to its file as it is now, when a run finds
// the file touched but its text the same: an undated article's modtime (its
// file's time, for Omega) and, for a file of one article (`whole_file`), its
// size. True when the data changed.
bool refresh_file_facts(Xapian::Document& doc, const SourceFile& file, bool whole_file);

// A file's path relative to the root as ids and Article::path write it:
// UTF-8 as it is; a path that is not UTF-8 (a Latin-1 name of an old
// archive) with each byte of no valid UTF-8 sequence, and each '%', as %XX
// ("caf\xE9 100%.txt": "caf%E9 100%25.txt"), so that two such names get two
// ids and the bytes can be had back.
std::string id_path(std::string_view rel_path);

// The unique id term of an id ("Q" + id; ids too long for a Xapian term
// are shortened and suffixed with a hash).
std::string id_term(const Schema& schema, std::string_view id);

// The term that marks every document that came from one source file:
// "XFILE" + a tag of the root folder + ":" + the path relative to it,
// shortened like id_term. file_term_prefix(root) starts all of one root's.
std::string file_term(std::string_view root, std::string_view rel_path);
std::string file_term_prefix(std::string_view root);
// The same as file_term(root, rel_path) from file_term_prefix(root), for
// callers that make many terms under one root.
std::string file_term_under(std::string_view prefix, std::string_view rel_path);
// The same into `out`, reusing its buffer: for a walk over many files.
void file_term_under(std::string_view prefix, std::string_view rel_path, std::string& out);
// Whether a file term under `prefix` may name a file inside the folder
// `folder_rel` (relative to the root, "" for the root itself). Exact for
// ordinary paths; a term shortened for a very long path answers yes when
// the part it keeps agrees with the folder's path.
bool file_term_in_folder(std::string_view term, std::string_view prefix, std::string_view folder_rel);

// Document data: NAME=VALUE lines. Values never hold a line break: '\n' is
// stored as U+2028 and '\r' as U+2029, and decode_data restores them.
std::string encode_data(const std::map<std::string, std::string>& fields);
std::map<std::string, std::string> decode_data(const std::string& data);

// Document data read field by field, without a map or a copy (a search
// reads a few fields of each hit and the head of its body): calls
// f(name, stored) for each NAME=VALUE line in order, `stored` being the
// value as stored, its line breaks still U+2028 / U+2029. A name may come
// twice; decode_data keeps the last.
template <class F>
void each_data_field(std::string_view data, F&& f) {
    std::size_t start = 0;
    while (start < data.size()) {
        std::size_t nl = data.find('\n', start);
        if (nl == std::string_view::npos) nl = data.size();
        const std::string_view line = data.substr(start, nl - start);
        if (const std::size_t eq = line.find('='); eq != std::string_view::npos)
            f(line.substr(0, eq), line.substr(eq + 1));
        start = nl + 1;
    }
}

// A stored value with its line breaks restored, into `out` (replacing
// what it held).
void restore_line_breaks(std::string_view stored, std::string& out);

// The same in place, in a buffer of the caller's (a value inside the data
// it fetched): returns the restored value's size, which is at most
// value.size(). The rest of the buffer is left as it is. With `max_bytes`,
// it may stop once more than max_bytes are restored: the size returned is
// then that of a head of the restored value longer than max_bytes, for a
// caller that reads no further; `read`, when given, is set to how much of
// the stored value that head took (the rest, value[*read, size), is as
// stored: restore it after the head to read on).
std::size_t restore_line_breaks_in_place(std::span<char> value, std::size_t max_bytes = std::string_view::npos,
                                         std::size_t* read = nullptr);

// The ids of an article's copies as its data's `copies` field holds them:
// each id followed by a NUL, which no file name holds, so that a newline
// in a file's name is kept (a .jsonl id of "\u0000" would be split). split_copies reads that value
// (its line breaks restored) back, and the one of an index made before,
// whose ids are one per line.
std::string join_copies(const std::vector<std::string>& ids);
std::vector<std::string> split_copies(std::string_view listed);

// A hash of all the fields of an article (record_bytes too): equal hashes,
// equal documents.
std::string article_hash(const Article& article);

// A hash of what a reader sees of an article: its title, date, source,
// language and text, not where it was saved (id, path, address). Equal
// keys, the same article twice: searches show it once (see meta::twins).
std::string text_key(const Article& article);

// The shard (of n) that a source file's documents live in: a stable hash of
// its path relative to the root, so re-indexing a file touches one shard.
std::size_t shard_of(std::string_view rel_path, std::size_t n);

// Hex xxh3-64 of some bytes.
std::string content_hash(std::string_view bytes);

}  // namespace knipsel
