// What the per-format parsers share, private to the indexer: one entry point
// per format (the text already converted to UTF-8 with \n line endings) and
// the small helpers that make every format treat titles, dates and
// languages the same way.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "lang.h"
#include "parsers.h"

namespace knipsel::detail {

// Each parser appends its articles and issues to `out`.
void parse_txt(std::string_view text, const std::string& rel_path, ParseResult& out);
void parse_md(std::string_view text, const std::string& rel_path, ParseResult& out);
void parse_html(std::string_view text, const std::string& rel_path, ParseResult& out);
void parse_jsonl(std::string_view text, const std::string& rel_path, ParseResult& out);
void parse_feed(std::string_view text, const std::string& rel_path, ParseResult& out);

// What a page's schema.org JSON-LD says of its article (one object, an
// array or an @graph): the first of each, "" where it says nothing or is
// not valid JSON (a page's script is the page's business, not an error).
struct JsonLd {
    std::string date_published, date_created, headline, publisher;
};
JsonLd read_json_ld(std::string_view json_text);

// The text a reader sees of a piece of HTML (a feed item's content, a
// .jsonl export's body), read as a page's body is (see parse_html).
std::string html_text(std::string_view html);

// Whether a field's text is HTML (see parse_html.cpp): a tag pages are
// made of, or a character reference; "a < b" and "AT&T" are text.
bool looks_like_html(std::string_view s);

// What a character reference ("&eacute;", "&#8217;", "&shy;") stands for
// as HTML5 reads it; "" when it is none (or only a space: "&nbsp;").
std::string decode_reference(std::string_view reference);

// The plain-text form of a Markdown body (exposed for the tests).
std::string markdown_to_text(std::string_view markdown);

// Text quoted in a message: line breaks and tabs as spaces, at most
// `max_bytes`, cut between characters ("…" marks a cut).
std::string message_text(std::string_view text, std::size_t max_bytes);

bool is_space(char c);
std::string_view trim(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
std::string to_lower_ascii(std::string_view s);

// Stores the canonical form of `raw` in article.date, or warns at `line` and
// leaves the date empty.
void set_date(Article& article, std::string_view raw, std::size_t line, ParseResult& out);

// A Unix time as exports write it (a .jsonl number, or 10 or 13 digits as
// text) as the calendar day it was in the Netherlands, "YYYY-MM-DD"; "" when
// no date (not a number, or outside the years 1000-9999: the date warning
// then names it).
std::string epoch_day(double value);

// Whether a date written as digits is a Unix time as export scripts write
// it: 10 digits of seconds or 13 of milliseconds, without a leading zero
// ("1551706500"; any such time is from 2001 on). "0000000000" is none:
// no export pads a count of seconds, and it was dated 1970-01-01.
bool is_unix_time(std::string_view digits);

// The day of a number that an export writes as a date (a .jsonl number),
// when it is a Unix time: from 10^8 on (3 March 1973 in seconds; whole
// numbers below it are a date's digits, 20190312), with or without a
// fraction (Python's time.time(), 1552381200.25). "" for any other: a
// negative count (before 1970) or a fraction below 10^8 (-5, 1.5) is no
// date an export of news writes, and was dated 1970-01-01.
std::string unix_time_day(double value);

// Stores normalise_lang(raw) in article.lang, with a warning at `line`
// when lang_code() does not know it ("Frans"); an empty value sets none.
void set_lang(Article& article, std::string_view raw, std::size_t line, ParseResult& out);

// `link` made absolute against `base` (an absolute URL); a link that is
// absolute already comes back as it is, and one that cannot be made
// absolute as "".
std::string resolve_url(const std::string& link, const std::string& base);

// Puts the title and source on one line, fills in the fallback title and
// appends the article, or records the error "no title or body" at `line`
// when there is nothing to index.
void add_article(Article article, std::size_t line, ParseResult& out);

}  // namespace knipsel::detail
