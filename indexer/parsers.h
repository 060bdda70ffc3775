// Source files -> articles. One parser per format, chosen by file extension;
// every parser gets the raw bytes of a file and reports problems as issues
// with a line number instead of throwing, so one bad file or line never
// stops a run.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "document.h"
#include "index_layout.h"  // id_path

namespace knipsel {

// A single article larger than this is cut (with a warning): Xapian holds a
// document's terms and positions in memory, about 13 bytes per byte of text.
// A file of one article is read only so far; a .jsonl line's or a feed
// item's article is cut to it.
inline constexpr std::size_t max_article_bytes = 16 << 20;
// A feed is read up to this (its XML tree is held whole while it is parsed,
// a few times its size); a .jsonl file, parsed line by line, whole.
inline constexpr std::size_t max_feed_bytes = 256 << 20;

// The format a file is parsed as, by its extension (format_for_name in
// document.h, from a name alone).
Format format_for(const std::filesystem::path& path);

// The MIME type a format's files are recorded with (Omega's `type` and T
// term): "text/plain", "text/markdown", "text/html", "application/jsonl",
// "application/rss+xml".
const char* mime_type(Format f);
// The same for a file of that name: a .atom feed is "application/atom+xml".
const char* mime_type(Format f, std::string_view name);

// How many bytes of a file of this format are read: a .jsonl file, parsed
// line by line, whole; a feed max_feed_bytes; a file of one article
// max_article_bytes.
std::size_t read_limit(Format f);

// Reads a file, at most `limit` bytes, cut at a line or at least a whole
// UTF-8 character; `truncated` says whether there was more. On failure,
// `why` says why in a few words ("cannot read: Permission denied") and
// `open_errno` is the errno of opening it (0 when it opened).
bool read_file(const std::filesystem::path& p, std::size_t limit, std::string& out, bool& truncated,
               std::string& why, int& open_errno);

// Why a file holds no text at all, or "" when it holds some: "empty file"
// (no bytes), or "blank file" (only spaces, tabs and line breaks, perhaps
// after a byte order mark: a file emptied with `echo > a.txt`, an empty
// Notepad file). Such a file holds no article (now), in any format.
std::string_view nothing_in(std::string_view bytes);

struct ParseIssue {
    std::size_t line = 0;  // 1-based line in the file; 0 when it concerns the whole file
    std::string message;   // one line, no file name (the caller adds it)
    // The id of the document an error is about ("archief.jsonl#a"), when
    // the line said it: that document stays as it was, and the file's
    // others that it no longer holds go. Empty when unknown (a line that is
    // no JSON): then none of the file's documents goes.
    std::string id = {};
};

struct ParseResult {
    std::vector<Article> articles;
    std::vector<ParseIssue> errors;    // a document (or line) that could not be indexed
    std::vector<ParseIssue> warnings;  // indexed, but something was off (bad date, charset converted)
    // Read only in part (a feed cut off, recovered as far as it could be):
    // its documents that were not read stay as they are.
    bool partial = false;
    // Not text (NUL bytes, control characters): no article, one warning.
    bool binary = false;
};

// Parses one file. `bytes` is the file's raw content (any encoding: it is
// converted to UTF-8 first, see charset.h); `rel_path` is its path relative
// to the indexed root, used (as id_path writes it) for ids ("rel_path" or
// "rel_path#ID") and Article::path. A binary file gives no article and one
// warning.
ParseResult parse_file(Format format, std::string_view bytes, const std::string& rel_path);
// The same, taking the bytes: UTF-8 text is parsed in their buffer, not a copy.
ParseResult parse_file_taking(Format format, std::string&& bytes, const std::string& rel_path);

// The title used when a document has none: its first sentence (up to . ! ?
// followed by a space, or the end of the first paragraph), whitespace
// collapsed, cut at a word boundary to at most `max_chars` code points (not
// bytes) with the "…" that marks the cut; a single word longer than the
// limit is cut inside the word, never inside a UTF-8 sequence.
std::string first_sentence_title(std::string_view body, std::size_t max_chars = 120);

}  // namespace knipsel
