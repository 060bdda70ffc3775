// News feeds saved as files (.rss, .atom): RSS 2.0, RSS 1.0 (RDF) and Atom,
// read with libxml2. Each item is a document with id FILE#GUID (its guid,
// Atom id or link); the feed's title is its source. The item's HTML
// (content:encoded, content, description, summary) becomes text as a page's
// does. A feed that is not well-formed is read as far as libxml2 can
// recover it, with a warning naming the line.
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "charset.h"
#include "parse_internal.h"

namespace knipsel::detail {
namespace {

struct DocDeleter {
    void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using Doc = std::unique_ptr<xmlDoc, DocDeleter>;

std::string_view name_of(const xmlNode* n) { return reinterpret_cast<const char*>(n->name); }

// The namespace URI of an element, "" for none.
std::string_view ns_of(const xmlNode* n) {
    return n->ns && n->ns->href ? std::string_view(reinterpret_cast<const char*>(n->ns->href)) : std::string_view();
}

// Whether `n` is the element `name` of the namespace `ns` ("" for none, or any
// for the feed formats whose elements some feeds write without their namespace).
bool is(const xmlNode* n, std::string_view name, std::string_view ns = {}) {
    return n && n->type == XML_ELEMENT_NODE && name_of(n) == name && (ns.empty() || ns_of(n) == ns);
}

constexpr std::string_view content_ns = "http://purl.org/rss/1.0/modules/content/";
constexpr std::string_view dc_ns = "http://purl.org/dc/elements/1.1/";

// An element's text (its descendants' text and CDATA), whitespace runs made one space.
std::string text_of(const xmlNode* n) {
    std::unique_ptr<xmlChar, decltype(xmlFree)> raw(xmlNodeGetContent(n), xmlFree);
    std::string out;
    if (!raw) return out;
    bool space = false;
    for (const char* p = reinterpret_cast<const char*>(raw.get()); *p; ++p) {
        if (is_space(*p)) {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += *p;
    }
    return out;
}

std::string attribute(const xmlNode* n, const char* name) {
    std::unique_ptr<xmlChar, decltype(xmlFree)> raw(xmlGetProp(n, reinterpret_cast<const xmlChar*>(name)), xmlFree);
    return raw ? std::string(reinterpret_cast<const char*>(raw.get())) : std::string();
}

// A title as feeds write it: often HTML, escaped once more ("Kim &amp;amp;
// Trump", "weer &lt;b&gt;samen&lt;/b&gt;", Atom's type="html"), read as
// a page's text is; a title with no markup or reference stays as it is.
std::string feed_title(const std::string& title) {
    if (title.find_first_of("<&") == std::string::npos) return title;
    return html_text(title);
}

// An item's link, made absolute against the base it is relative to (its
// xml:base, else the feed's own link): "/artikel/1" in a feed of
// https://nos.nl/ is https://nos.nl/artikel/1. Left as it is when no
// absolute base is known.
}  // namespace

std::string resolve_url(const std::string& link, const std::string& base) {
    if (link.find("://") != std::string::npos) return link;
    if (link.empty() || base.find("://") == std::string::npos) return {};
    std::unique_ptr<xmlChar, decltype(xmlFree)> uri(
        xmlBuildURI(reinterpret_cast<const xmlChar*>(link.c_str()), reinterpret_cast<const xmlChar*>(base.c_str())),
        xmlFree);
    return uri ? std::string(reinterpret_cast<const char*>(uri.get())) : std::string();
}

namespace {

std::string absolute_link(const std::string& link, const xmlNode* item, const std::string& feed_link) {
    if (link.empty() || link.find("://") != std::string::npos || link.rfind("mailto:", 0) == 0) return link;
    std::unique_ptr<xmlChar, decltype(xmlFree)> base(xmlNodeGetBase(item->doc, item), xmlFree);
    std::string b = base ? reinterpret_cast<const char*>(base.get()) : feed_link;
    if (b.find("://") == std::string::npos) b = feed_link;
    const std::string absolute = resolve_url(link, b);
    return absolute.empty() ? link : absolute;
}

struct Item {
    std::string id, title, link, date, lang, html;
    std::string source;  // RSS's <source> (Google News: the paper the item is from)
    std::size_t line = 0, date_line = 0;
    std::size_t bytes = 0;  // of the item's XML (see xml_bytes)
};

// An element's children as the markup they are (Atom's xhtml content:
// <div><p>Een.</p><p>Twee.</p></div>), for its text to be read as HTML.
std::string inner_markup(const xmlNode* n) {
    std::string out;
    xmlBufferPtr buffer = xmlBufferCreate();
    if (!buffer) return out;
    for (xmlNode* c = n->children; c; c = c->next) xmlNodeDump(buffer, c->doc, c, 0, 0);
    out.assign(reinterpret_cast<const char*>(xmlBufferContent(buffer)), static_cast<std::size_t>(xmlBufferLength(buffer)));
    xmlBufferFree(buffer);
    return out;
}

// The size of an element as XML: libxml2 keeps no byte offsets, so this
// is its markup written out again, within a few bytes of what the file
// holds (CDATA is written as escaped text, entities as their characters).
std::size_t xml_bytes(const xmlNode* n) {
    xmlBufferPtr buffer = xmlBufferCreate();
    if (!buffer) return 0;
    xmlNodeDump(buffer, n->doc, const_cast<xmlNode*>(n), 0, 0);
    const auto size = static_cast<std::size_t>(xmlBufferLength(buffer));
    xmlBufferFree(buffer);
    return size;
}

// Text as HTML that reads as that text: "zie <bijlage>" as "zie &lt;bijlage&gt;".
std::string escaped_html(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        if (c == '&') out += "&amp;";
        else if (c == '<') out += "&lt;";
        else if (c == '>') out += "&gt;";
        else out += c;
    }
    return out;
}

// The HTML of an Atom text construct (title, summary, content): type="html"
// is HTML escaped in the XML, "xhtml" markup, and "text", the default (RFC
// 4287), plain text, so "a&lt;b voor de cijfers" is "a<b voor de cijfers"
// and no tag.
std::string atom_html(const xmlNode* n) {
    const std::string type = attribute(n, "type");
    if (type == "xhtml" || type == "application/xhtml+xml") return inner_markup(n);
    if (type == "html" || type == "text/html") return text_of(n);
    return escaped_html(text_of(n));
}

// One RSS <item> or Atom <entry>.
Item read_item(const xmlNode* item) {
    Item it;
    it.line = static_cast<std::size_t>(xmlGetLineNo(item));
    it.bytes = xml_bytes(item);
    std::string guid, atom_id, published, updated, dc_date, content, description, permalink;
    std::size_t published_line = 0, updated_line = 0, dc_date_line = 0;
    // The feed's own elements are in the item's namespace (none for RSS 2.0):
    // <media:title>, <media:description>, <itunes:summary> are a photo's or
    // a podcast's, not the item's title and text.
    const std::string_view own = ns_of(item);
    const bool atom = name_of(item) == "entry";
    for (const xmlNode* c = item->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        const std::size_t line = static_cast<std::size_t>(xmlGetLineNo(c));
        const std::string_view name = ns_of(c) == own || ns_of(c) == dc_ns || ns_of(c) == content_ns
                                          ? name_of(c)
                                          : std::string_view();
        if (is(c, "encoded", content_ns)) {
            content = text_of(c);
        } else if (ns_of(c) == dc_ns) {
            if (name == "date" && dc_date.empty()) {
                dc_date = text_of(c);
                dc_date_line = line;
            }
            if (name == "language") it.lang = text_of(c);
        } else if (name == "title") {
            it.title = atom ? atom_html(c) : text_of(c);
        } else if (name == "guid") {
            guid = text_of(c);
            // A permalink (the default) is the item's link when it has no <link>.
            if (attribute(c, "isPermaLink") != "false" && (guid.rfind("http://", 0) == 0 || guid.rfind("https://", 0) == 0))
                permalink = guid;
        } else if (name == "source") {
            it.source = text_of(c);
        } else if (name == "id") {
            atom_id = text_of(c);
        } else if (name == "link") {
            // RSS: <link>URL</link>; Atom: <link rel="alternate" href="URL"/> (rel may be left out).
            const std::string href = attribute(c, "href");
            const std::string rel = attribute(c, "rel");
            if (!href.empty() && (rel.empty() || rel == "alternate") && it.link.empty()) it.link = href;
            else if (href.empty() && it.link.empty()) it.link = text_of(c);
        } else if (name == "pubDate" || name == "published") {
            published = text_of(c);
            published_line = line;
        } else if (name == "updated") {
            updated = text_of(c);
            updated_line = line;
        } else if (name == "content") {
            // Atom: text, html (escaped) or xhtml (inline elements, read as
            // the HTML they are: their text alone ran the paragraphs together).
            content = atom ? atom_html(c) : text_of(c);
        } else if (name == "description" || name == "summary") {
            description = atom ? atom_html(c) : text_of(c);
        }
    }
    if (it.link.empty()) it.link = permalink;
    // An Atom entry in another language than its feed says so with its own xml:lang.
    if (it.lang.empty()) {
        std::unique_ptr<xmlChar, decltype(xmlFree)> lang(
            xmlGetNsProp(item, reinterpret_cast<const xmlChar*>("lang"), XML_XML_NAMESPACE), xmlFree);
        if (lang) it.lang = reinterpret_cast<const char*>(lang.get());
    }
    // RSS 1.0 names each item by its address, rdf:about, and its <link> may be left out.
    if (const std::string about = attribute(item, "about");
        it.link.empty() && (about.rfind("http://", 0) == 0 || about.rfind("https://", 0) == 0))
        it.link = about;
    it.id = !guid.empty() ? guid : !atom_id.empty() ? atom_id : it.link;
    // The first publication date, else the last update.
    for (auto [date, line] : {std::pair{&published, published_line}, std::pair{&dc_date, dc_date_line},
                              std::pair{&updated, updated_line}})
        if (!date->empty()) {
            it.date = *date;
            it.date_line = line;
            break;
        }
    it.html = !content.empty() ? content : description;
    return it;
}

// The first error libxml2 reports while parsing (later ones follow from
// it), as one line, instead of its printing to stderr. libxml2 keeps the
// handler per thread, so the workers' parses do not mix.
struct FirstError {
    std::size_t line = 0;
    std::string message;

    static void keep(void* self, xmlErrorPtr e) {
        auto* first = static_cast<FirstError*>(self);
        if (!e || e->level < XML_ERR_ERROR || !first->message.empty() || !e->message) return;
        first->line = e->line > 0 ? static_cast<std::size_t>(e->line) : 0;
        // libxml2 may quote the input, cut anywhere: valid UTF-8 first.
        first->message = message_text(trim(repair_utf8(e->message)), 100);
    }
};

// A feed's text with HTML's named references outside CDATA ("caf&eacute;",
// "gaat&nbsp;dicht"), which XML does not define and libxml2 drops ("caf",
// "gaatdicht"), written as the numeric ones they stand for (&nbsp; as a
// space, as the other formats read it). XML's own five stay as they are,
// and a name HTML does not know is escaped, to be read as the text it is
// (the first such name and its line in `unknown`, `unknown_line`); "" when
// nothing is rewritten.
std::string with_html_references_numeric(std::string_view text, std::string& unknown, std::size_t& unknown_line) {
    std::string out;
    std::size_t copied = 0;
    for (std::size_t i = text.find_first_of("&<"); i != std::string_view::npos; i = text.find_first_of("&<", i)) {
        if (text[i] == '<') {
            if (text.substr(i, 9) != "<![CDATA[") {
                ++i;
                continue;
            }
            const std::size_t end = text.find("]]>", i + 9);
            if (end == std::string_view::npos) break;
            i = end + 3;
            continue;
        }
        const std::size_t semi = text.substr(i + 1, 33).find(';');
        const std::string name(text.substr(i + 1, semi == std::string_view::npos ? 0 : semi));
        ++i;
        if (name.empty() || !std::isalpha(static_cast<unsigned char>(name[0])) || name == "amp" || name == "lt" ||
            name == "gt" || name == "quot" || name == "apos")
            continue;
        const htmlEntityDesc* entity = htmlEntityLookup(reinterpret_cast<const xmlChar*>(name.c_str()));
        const bool a_name =
            std::all_of(name.begin(), name.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); });
        if (!entity && !a_name) continue;  // no reference: libxml2 says what is wrong
        out.append(text.substr(copied, i - 1 - copied));
        if (!entity) {
            // A name neither knows ("&foo;") is text, as a browser shows it,
            // and the first is said: left to libxml2, its recovery also
            // dropped every "&amp;" after it.
            if (unknown.empty()) {
                unknown = name;
                unknown_line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + i, '\n'));
            }
            out += "&amp;";
            copied = i;
            continue;
        }
        out += entity->value == 0xA0 ? std::string(" ") : "&#" + std::to_string(entity->value) + ";";
        copied = i + name.size() + 1;
        i = copied;
    }
    if (copied == 0) return out;
    out.append(text.substr(copied));
    return out;
}

// Parses with the errors caught in `first`.
Doc read_xml(std::string_view text, const std::string& rel_path, int options, FirstError& first) {
    xmlSetStructuredErrorFunc(&first, &FirstError::keep);
    const int size = text.size() > static_cast<std::size_t>(INT32_MAX) ? INT32_MAX : static_cast<int>(text.size());
    Doc doc(xmlReadMemory(text.data(), size, rel_path.c_str(), "UTF-8", options));
    xmlSetStructuredErrorFunc(nullptr, nullptr);
    return doc;
}

}  // namespace

void parse_feed(std::string_view text, const std::string& rel_path, ParseResult& out) {
    static std::once_flag init;
    std::call_once(init, [] { xmlInitParser(); });  // before threads parse at once
    // The text is UTF-8 already (parse_file converted it): the declaration's
    // encoding no longer holds, and one libxml2 does not know ("x-bogus")
    // is no reason to refuse the feed (XML_PARSE_IGNORE_ENC). No network,
    // no external entities, no DTD.
    // XML_PARSE_HUGE: without it libxml2 stops at 10 MB of a document held
    // in memory ("Huge input lookup"); the input is capped at
    // max_feed_bytes, and entities are refused below.
    constexpr int options =
        XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES | XML_PARSE_HUGE | XML_PARSE_IGNORE_ENC;
    std::string unknown;
    std::size_t unknown_line = 0;
    const std::string rewritten = with_html_references_numeric(text, unknown, unknown_line);
    if (!rewritten.empty()) text = rewritten;
    // Said below, where the feed is read: one refused for entities of its
    // own (<!ENTITY a "x"> and "&a;") has the error alone, not also a
    // warning that its "&a;" is read as text.
    const std::size_t unknown_at = out.warnings.size();
    FirstError first;
    Doc doc = read_xml(text, rel_path, options, first);
    if (!doc) {
        const std::string why = first.message.empty() ? "not well-formed XML" : "not well-formed XML: " + first.message;
        FirstError again;
        doc = read_xml(text, rel_path, options | XML_PARSE_RECOVER, again);
        if (!doc || !xmlDocGetRootElement(doc.get())) {
            out.errors.push_back({first.line, why});
            return;
        }
        out.warnings.push_back({first.line, why + "; read as far as it could be recovered"});
        out.partial = true;  // the items after the fault are not lost (a download cut off)
    }
    // A feed has no use for entities of its own, and reading the text of
    // an entity's references expands them unchecked ("billion laughs").
    if (doc->intSubset && doc->intSubset->entities) {
        out.errors.push_back({0, "declares entities of its own, not read"});
        return;
    }
    if (!unknown.empty())
        out.warnings.insert(out.warnings.begin() + static_cast<std::ptrdiff_t>(unknown_at),
                            {unknown_line, "not well-formed XML: entity '" + message_text(repair_utf8(unknown), 40) +
                                               "' is defined by neither XML nor HTML; read as the text it is"});
    const xmlNode* root = xmlDocGetRootElement(doc.get());
    // RSS 2.0: rss > channel > item; RSS 1.0: rdf:RDF > channel, item; Atom: feed > entry.
    const xmlNode* channel = nullptr;
    const xmlNode* items_parent = nullptr;
    if (is(root, "rss")) {
        for (const xmlNode* c = root->children; c && !channel; c = c->next)
            if (is(c, "channel")) channel = c;
        items_parent = channel;
    } else if (is(root, "RDF")) {
        for (const xmlNode* c = root->children; c && !channel; c = c->next)
            if (is(c, "channel")) channel = c;
        items_parent = root;
    } else if (is(root, "feed")) {
        channel = items_parent = root;
    } else {
        out.errors.push_back({static_cast<std::size_t>(xmlGetLineNo(root)),
                              "not an RSS or Atom feed (its root element is <" + std::string(name_of(root)) + ">)"});
        return;
    }
    std::string source, feed_lang, feed_link;
    if (channel) {
        for (const xmlNode* c = channel->children; c; c = c->next) {
            if (is(c, "title") && source.empty()) source = feed_title(text_of(c));
            if (is(c, "language")) feed_lang = text_of(c);
            if (is(c, "link") && feed_link.empty()) {
                // RSS: <link>URL</link>; Atom: <link rel="alternate" href="URL"/>.
                const std::string href = attribute(c, "href"), rel = attribute(c, "rel");
                if (href.empty()) feed_link = text_of(c);
                else if (rel.empty() || rel == "alternate") feed_link = href;
            }
        }
        if (feed_lang.empty()) {  // xml:lang on an Atom feed
            std::unique_ptr<xmlChar, decltype(xmlFree)> lang(xmlNodeGetLang(channel), xmlFree);
            if (lang) feed_lang = reinterpret_cast<const char*>(lang.get());
        }
        // Said once, on the feed's line, rather than on each of its items.
        if (!trim(feed_lang).empty() && !lang_code(feed_lang))
            out.warnings.push_back({static_cast<std::size_t>(xmlGetLineNo(channel)),
                                    "unknown language '" + message_text(repair_utf8(feed_lang), 40) +
                                        "', kept as it is"});
    }
    std::unordered_map<std::string, std::size_t> first_line_of_id;
    if (!items_parent) return;
    for (const xmlNode* node = items_parent->children; node; node = node->next) {
        if (!is(node, "item") && !is(node, "entry")) continue;
        Item item = read_item(node);
        if (trim(item.id).empty()) {
            // The item a download was cut off in is that fault's, said
            // above as a warning: not an error of its own as well.
            if (out.partial && item.line >= first.line) continue;
            out.errors.push_back({item.line, "item has no guid, id or link"});
            continue;
        }
        const auto [previous, inserted] = first_line_of_id.emplace(item.id, item.line);
        if (!inserted) {
            out.errors.push_back({item.line,
                                  "duplicate id '" + item.id + "' (first on line " + std::to_string(previous->second) +
                                      ")",
                                  rel_path + "#" + repair_utf8(std::string(trim(item.id)))});
            continue;
        }
        // libxml2 checks its input is UTF-8, but a recovered document may
        // hold what it could not decode: each field is checked on the way out.
        Article article;
        article.id = rel_path + "#" + repair_utf8(std::string(trim(item.id)));
        article.path = rel_path;
        article.record_bytes = item.bytes;
        article.title = feed_title(repair_utf8(item.title));
        article.source = repair_utf8(source);
        if (const std::string own_source(trim(item.source)); !own_source.empty()) {
            // An aggregator's item (Google News) names its paper, and its
            // title ends in it: "Kabinet valt - NOS".
            article.source = repair_utf8(own_source);
            const std::string suffix = " - " + article.source;
            if (article.title.size() > suffix.size() && article.title.ends_with(suffix))
                article.title.resize(article.title.size() - suffix.size());
        }
        article.url = repair_utf8(absolute_link(item.link, node, feed_link));
        if (item.lang.empty()) article.lang = normalise_lang(repair_utf8(feed_lang));
        else set_lang(article, repair_utf8(item.lang), item.line, out);
        article.body = html_text(item.html);
        set_date(article, repair_utf8(item.date), item.date_line ? item.date_line : item.line, out);
        add_article(std::move(article), item.line, out);
    }
}

}  // namespace knipsel::detail
