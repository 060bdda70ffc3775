#include "show.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "analyser.h"
#include "error.h"
#include "fold.h"
#include "index_layout.h"
#include "options.h"

namespace knipsel {
namespace {

StoredArticle article_of(const Xapian::Document& doc) {
    std::map<std::string, std::string> data = decode_data(doc.get_data());
    StoredArticle a;
    a.id = std::move(data["id"]);
    a.title = std::move(data["title"]);
    a.date = std::move(data["date"]);
    a.source = std::move(data["source"]);
    a.url = std::move(data["url"]);
    a.path = std::move(data["path"]);
    a.lang = std::move(data["language"]);
    a.body = std::move(data["body"]);
    return a;
}

// The id term of an id in each of its Unicode forms, composed or
// decomposed, as they look the same (a file name from a Mac is stored
// decomposed, "reu\u0308nie.txt", and the id typed on a keyboard is
// composed): the first the index has, "" when none.
std::string first_id_term(const Xapian::Database& db, const Schema& schema, std::vector<std::string> ids) {
    for (std::size_t i = 0, n = ids.size(); i < n; ++i)
        if (std::any_of(ids[i].begin(), ids[i].end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; }))
            for (std::string other : {compose(ids[i]), decompose(ids[i])})
                if (other != ids[i]) ids.push_back(std::move(other));
    for (const std::string& each : ids)
        if (std::string term = id_term(schema, each); db.term_exists(term)) return term;
    return {};
}

// The article an id given on the command line names.
struct FoundId {
    std::string term;  // its id term, "" when there is none
    // When the id was read as a search shows it ("a\x0Ab": a newline in
    // it) and another article is named so as typed, or read as an id
    // ("caf%E9.txt") and a file is named so: that one's id as shown.
    std::string other;
    bool other_is_file = false;  // the latter
};

std::string shown_id_of(const Xapian::Database& db, const std::string& term) {
    return shown_id(decode_data(db.get_document(*db.postlist_begin(term)).get_data())["id"]);
}

// An id names its article as a search shows it (shown_id: "a\x0Ab" for a
// newline in it, "a\\b" for a backslash) or as typed, the file's name
// itself: also a Latin-1 name's bytes ("caf\xE9.txt", whose id is
// "caf%E9.txt"), or those bytes typed on a Latin-1 terminal for "café.txt".
// A UTF-8 name holding "%XX" is taken too, as its id writes it
// ("r%20s.txt": "r%2520s.txt"). Where two readings name an article and not
// the same one, the shown reading is taken over the typed one (it is what
// text output gives to copy), and an id over a file's name.
FoundId find_id(const Xapian::Database& db, const Schema& schema, const std::string& id) {
    std::vector<std::string> typed{id};
    if (!is_utf8(id)) {
        typed.push_back(id_path(id));
        typed.push_back(from_windows_1252(id));
    }
    FoundId found{first_id_term(db, schema, std::move(typed)), {}};
    if (const std::string named = id_path(id); is_utf8(id) && named != id) {
        std::string term = first_id_term(db, schema, {named});
        if (found.term.empty()) found.term = std::move(term);
        else if (!term.empty() && term != found.term) {
            found.other = shown_id_of(db, term);
            found.other_is_file = true;
        }
    }
    const std::string unshown = id_from_shown(id);
    if (unshown == id) return found;
    std::vector<std::string> shown{unshown};
    if (std::string named = id_path(unshown); named != unshown) shown.push_back(std::move(named));
    std::string term = first_id_term(db, schema, std::move(shown));
    if (term.empty() || term == found.term) return found;
    if (!found.term.empty()) {
        found.other = shown_id_of(db, found.term);
        found.other_is_file = false;
    }
    found.term = std::move(term);
    return found;
}

// What is said on stderr when an id was taken as shown, or as an id, over
// another article.
std::string taken_over(const std::string& id, const FoundId& found) {
    if (found.other_is_file)
        return "took " + printable(id) + " as an id; the file named so has the id " + found.other;
    return "took " + printable(id) + " as a search shows it; the article named so as typed is " + found.other;
}

Shown look_up(const Xapian::Database& db, const Schema& schema, const std::vector<std::string>& ids) {
    Shown shown;
    for (const std::string& id : ids) {
        const FoundId found = find_id(db, schema, id);
        if (found.term.empty()) {
            shown.missing.push_back(id);
            continue;
        }
        if (!found.other.empty()) shown.warnings.push_back(taken_over(id, found));
        shown.articles.push_back(article_of(db.get_document(*db.postlist_begin(found.term))));
    }
    return shown;
}

// Whether `term` is `prefix` then a word: a lower-case letter, a digit or
// a letter beyond ASCII, not another field's prefix ("ZS..." for "Z").
bool word_under(const std::string& term, const std::string& prefix) {
    if (term.size() <= prefix.size() || term.compare(0, prefix.size(), prefix) != 0) return false;
    const auto c = static_cast<unsigned char>(term[prefix.size()]);
    return !(c >= 'A' && c <= 'Z');
}

LikeQuery look_up_like(const Xapian::Database& db, const Schema& schema, const Analyser& analyser,
                       const std::string& id) {
    LikeQuery like;
    const FoundId found = find_id(db, schema, id);
    if (found.term.empty()) return {};
    like.id_term = found.term;
    if (!found.other.empty()) like.warning = taken_over(id, found);
    const Xapian::Document doc = db.get_document(*db.postlist_begin(like.id_term));
    like.id = decode_data(doc.get_data())["id"];
    const std::string copy(prefix::copy), has_copies(prefix::has_copies);
    // The article's saved copies and itself: each has its every word.
    const auto copies_listed = [](const Xapian::Document& d) -> std::size_t {
        return split_copies(decode_data(d.get_data())["copies"]).size();
    };
    std::size_t saved = 1 + copies_listed(doc);
    auto has_copy = doc.termlist_begin();
    has_copy.skip_to(copy);
    if (has_copy != doc.termlist_end() && *has_copy == copy) {  // the shown one has its text key
        const std::string key = doc.get_value(slot_text_key);
        for (auto p = db.postlist_begin(has_copies); p != db.postlist_end(has_copies); ++p) {
            const Xapian::Document shown = db.get_document(*p);
            if (shown.get_value(slot_text_key) == key) {
                like.original_term = id_term(schema, decode_data(shown.get_data())["id"]);
                saved = 1 + copies_listed(shown);
            }
        }
    }
    const std::string& body = schema.required("body", FieldKind::text).prefix;
    const std::string body_stems = "Z" + body;
    // Each stem of the body, with the form of it the article uses most.
    // Not a number alone (a year says little of what an article is about),
    // nor a stem of one letter.
    const Analyser& lang = analyser.for_language(decode_data(doc.get_data())["language"]);
    std::map<std::string, std::pair<Xapian::termcount, std::string>> forms;  // "Zstem" -> (wdf, word)
    std::vector<std::pair<std::string, Xapian::termcount>> stems;             // "Zstem", wdf
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        const std::string term = *t;
        if (word_under(term, body_stems)) {
            if (term.size() >= body_stems.size() + 2 &&
                term.find_first_not_of("0123456789", body_stems.size()) != std::string::npos)
                stems.emplace_back(term, t.get_wdf());
        } else if (word_under(term, body)) {
            const std::string word = term.substr(body.size());
            const Analyser::TermInfo& info = lang.term_info(word);
            if (info.stopword || info.stem.empty()) continue;
            auto& best = forms[body_stems + info.stem];
            if (t.get_wdf() > best.first) best = {t.get_wdf(), word};
        }
    }
    // As "more like this" commonly weighs them: how often the article has
    // a stem, times how rare the stem is in the index (on corpus/, the
    // articles' five nearest share two of their topics in 0.664 of cases,
    // against 0.403 with Omega's way, Xapian's expand set, and 0.124 by
    // chance; see docs/analysis.md). A stem no other article has (its own
    // copies aside) finds nothing, and one that only a compound part gives
    // has no word of its own to search by.
    const double n = db.get_doccount();
    std::vector<std::pair<double, std::string>> scored;
    for (const auto& [stem, wdf] : stems) {
        const auto form = forms.find(stem);
        if (form == forms.end()) continue;
        const Xapian::doccount df = db.get_termfreq(stem);
        if (df <= saved) continue;  // none but the article's own copies have it
        scored.emplace_back(wdf * std::log(n / df), form->second.second);
    }
    std::stable_sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    if (scored.size() > like_words) scored.resize(like_words);
    // Each word as the article writes it, with its accents ("reünie", not
    // the index's "reunie"), from its first use in the text.
    std::unordered_map<std::string, std::string> written;
    for (const auto& [score, word] : scored) written[word];
    lang.written_forms(decode_data(doc.get_data())["body"], written);
    for (const auto& [score, word] : scored) {
        const std::string& form = written[word];
        like.words += (like.words.empty() ? "" : " ") + (form.empty() ? word : form);
    }
    return like;
}

}  // namespace

std::string no_article_with_id(const std::string& id, const ReadIndex& index, const std::string& db_path) {
    return "no article with the id " + printable(id) + " in " + db_path +
           (index.missing_shards.empty() ? "" : "'s reachable shards");
}

LikeQuery like_query(ReadIndex& index, const std::string& id, const std::string& db_path) {
    LikeQuery like = read_retrying(index, db_path, [&] { return look_up_like(index.db, index.schema, *index.analyser, id); });
    if (!like.id_term.empty() && like.words.empty())
        throw Error(Exit::partial, "the article " + shown_id(like.id) + " has no words to search by");
    return like;
}

void check_like_filters(const std::string& filters, const Schema& schema) {
    std::vector<std::string> names;  // the filters', for the hint
    for (const FieldSpec& f : schema.fields)
        if (f.kind == FieldKind::boolean || f.kind == FieldKind::date) {
            names.push_back(f.name);
            names.insert(names.end(), f.aliases.begin(), f.aliases.end());
        }
    bool in_phrase = false;  // bron:"Persbureau Noordzee" is one filter
    std::size_t i = 0;
    while (i < filters.size()) {
        if (filters[i] == ' ') {
            ++i;
            continue;
        }
        std::size_t end = filters.find(' ', i);
        if (end == std::string::npos) end = filters.size();
        const std::string unit = filters.substr(i, end - i);
        const bool starts_outside = !in_phrase;
        in_phrase = (std::count(unit.begin(), unit.end(), '"') % 2 == 1) != in_phrase;
        i = end;
        if (!starts_outside) continue;
        const std::size_t colon = unit.find(':');
        if (colon == std::string::npos) {
            if (unit.find("..") != std::string::npos) continue;  // 2018..2019, a date range
            throw Error(Exit::usage, "--like takes filters beside its id, not the word " + printable(unit),
                        "knipsel-query --like ID datum:2019 -taal:en");
        }
        std::string name = unit.substr(0, colon);
        name.erase(0, name.find_first_not_of("+-"));
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (std::find(names.begin(), names.end(), name) != names.end()) continue;
        std::string list;
        for (const auto& n : names) list += (list.empty() ? "" : ", ") + n + ":";
        throw Error(Exit::usage, "--like takes filters beside its id, and " + printable(name) + ": is none",
                    "narrow it with " + list + " (knipsel-query --like ID datum:2019)");
    }
}

Shown stored_articles(ReadIndex& index, const std::vector<std::string>& ids, const std::string& db_path) {
    return read_retrying(index, db_path, [&] { return look_up(index.db, index.schema, ids); });
}

}  // namespace knipsel
