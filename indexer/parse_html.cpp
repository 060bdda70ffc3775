// HTML pages -> one article: gumbo builds the tree as a browser would, then
// one iterative walk collects the metadata and the visible text, so deep
// nesting cannot exhaust the stack.
#include <gumbo.h>
#include <strings.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "charset.h"
#include "date.h"
#include "parse_internal.h"

namespace knipsel::detail {
namespace {

// Elements whose content a reader does not see as the article (a
// <header> is a masthead or the article's own: see is_banner).
bool is_hidden(GumboTag tag) {
    switch (tag) {
        case GUMBO_TAG_HEAD:
        case GUMBO_TAG_SCRIPT:
        case GUMBO_TAG_STYLE:
        case GUMBO_TAG_NAV:
        case GUMBO_TAG_FOOTER:
        case GUMBO_TAG_ASIDE:
        case GUMBO_TAG_NOSCRIPT:
        case GUMBO_TAG_TEMPLATE:
        case GUMBO_TAG_SVG:
        case GUMBO_TAG_MATH:
        case GUMBO_TAG_IFRAME:
        case GUMBO_TAG_OBJECT:
        case GUMBO_TAG_SELECT:
        case GUMBO_TAG_TEXTAREA:
        case GUMBO_TAG_BUTTON:
            return true;
        default:
            return false;
    }
}

// An element a browser does not show: the `hidden` attribute, an inline
// style of display:none or visibility:hidden, or a <dialog> not open (a
// cookie notice or newsletter prompt saved with the page).
// Not <html> or <body>: a page saved while a script still kept it hidden
// until it loaded is read all the same.
bool hidden_by_attributes(const GumboElement& element) {
    if (element.tag == GUMBO_TAG_HTML || element.tag == GUMBO_TAG_BODY) return false;
    if (gumbo_get_attribute(&element.attributes, "hidden")) return true;
    // The same parts of a page named by their ARIA role (a <div
    // role="navigation">, a cookie wall role="dialog"; "banner" is a
    // <header>'s, see is_banner), and AMP's hidden layout (amp-consent,
    // amp-sidebar).
    if (const GumboAttribute* role = gumbo_get_attribute(&element.attributes, "role"))
        for (std::string_view r : {"navigation", "contentinfo", "complementary", "dialog", "alertdialog", "search",
                                   "menu", "menubar", "toolbar"})
            if (strcasecmp(role->value, std::string(r).c_str()) == 0) return true;
    if (const GumboAttribute* modal = gumbo_get_attribute(&element.attributes, "aria-modal");
        modal && strcasecmp(modal->value, "true") == 0)
        return true;
    if (const GumboAttribute* layout = gumbo_get_attribute(&element.attributes, "layout");
        layout && strcasecmp(layout->value, "nodisplay") == 0)
        return true;
    if (element.tag == GUMBO_TAG_UNKNOWN && !gumbo_get_attribute(&element.attributes, "open")) {
        GumboStringPiece name = element.original_tag;  // gumbo 0.10 has no tag of its own for <dialog>
        gumbo_tag_from_original_text(&name);
        if (name.length == 6 && strncasecmp(name.data, "dialog", 6) == 0) return true;
    }
    const GumboAttribute* style = gumbo_get_attribute(&element.attributes, "style");
    if (!style) return false;
    std::string compact;  // lower case, no whitespace: "Display : none" -> "display:none"
    for (const char* p = style->value; *p; ++p)
        if (!is_space(*p)) compact += static_cast<char>(std::tolower(static_cast<unsigned char>(*p)));
    return compact.find("display:none") != std::string::npos ||
           compact.find("visibility:hidden") != std::string::npos;
}

// A <header> or an element with its ARIA role, "banner": the site's
// masthead, or the article's own header with its headline, lead and date.
bool is_banner(const GumboElement& element) {
    const GumboAttribute* role = gumbo_get_attribute(&element.attributes, "role");
    return element.tag == GUMBO_TAG_HEADER || (role && strcasecmp(role->value, "banner") == 0);
}

// Whether an element holds the article: an <article> or <main> in it, or
// the page's headline (see headline_h1) in it or itself; only the headline
// when `by_headline_only` (the <article>s of a comment section are its comments).
bool holds_article(const GumboNode* node, const GumboNode* headline, bool by_headline_only = false) {
    std::vector<const GumboNode*> stack{node};
    while (!stack.empty()) {
        const GumboNode* n = stack.back();
        stack.pop_back();
        if (n->type != GUMBO_NODE_ELEMENT) continue;
        if (n == headline || (!by_headline_only && n != node &&
                              (n->v.element.tag == GUMBO_TAG_ARTICLE || n->v.element.tag == GUMBO_TAG_MAIN)))
            return true;
        const GumboVector& children = n->v.element.children;
        for (unsigned i = 0; i < children.length; ++i) stack.push_back(static_cast<const GumboNode*>(children.data[i]));
    }
    return false;
}

// Whether an id or class token names a cookie or consent notice, by the
// names sites and consent managers give it, as a prefix ("cookie-banner",
// "cookiebar", "consent-wall", "gdpr-notice", OneTrust's
// "onetrust-banner-sdk", Didomi's "didomi-host", Cookiebot's
// "CybotCookiebotDialog", Usercentrics' "usercentrics-root" and
// "uc-banner", TrustArc's "truste_box_overlay", Sourcepoint's
// "sp_message_container_123", Complianz's "cmplz-cookiebanner", Google
// Funding Choices' "fc-consent-root", iubenda's "iubenda-cs-banner"; not
// "uc-" alone, a utility class for capitals).
bool names_consent_notice(std::string_view token) {
    for (std::string_view prefix : {"cookie", "consent", "gdpr", "onetrust", "didomi", "cmp-", "qc-cmp", "cybot",
                                    "usercentrics", "uc-banner", "truste_", "truste-", "sp_message", "privacy-gate",
                                    "cmplz-", "fc-consent", "iubenda-"})
        if (token.substr(0, prefix.size()) == prefix) return true;
    return false;
}

// Whether an id or class token names a part of a page that is not its
// article: a consent notice (see names_consent_notice), the furniture
// of pages from before HTML5, which had <header>, <nav> and <footer>, or
// what pages put in the article's way ("Lees ook" links, a paywall's
// teaser, a newsletter's prompt, an ad, the text only screen readers say,
// "Direct naar inhoud"), by the whole token only ("header", "menu",
// "breadcrumb", "paywall"), as words such as "article-header" name the
// article's own parts; a "header" in an <article> or <main> is the
// article's own, as its <header> is.
bool names_page_part(std::string_view token, bool in_article) {
    if (names_consent_notice(token)) return true;
    // A newsletter's prompt by any name that starts so ("newsletter-signup",
    // "nieuwsbrief-blok"): no article's text is named after one.
    if (token.starts_with("newsletter") || token.starts_with("nieuwsbrief")) return true;
    if (token == "header") return !in_article;
    for (std::string_view name : {"cc-window", "cc-banner", "footer", "nav", "navigation", "navbar", "menu", "topmenu",
                                  "mainmenu", "main-menu", "breadcrumb", "breadcrumbs", "share", "sharing",
                                  "social-share", "share-buttons", "related", "related-articles", "sidebar",
                                  "inline-related", "paywall", "advertisement", "ad-slot", "sr-only",
                                  "visually-hidden", "screen-reader-text", "skip-link"})
        if (token == name) return true;
    return false;
}

// Whether an id or class token names the readers' comments below an
// article, as sites and their tools do (nu.nl's "comments", De Standaard's
// "reacties", WordPress's "comments-area" and its form "respond", Disqus's
// "disqus_thread"), by the whole token as "related" is.
bool names_comment_section(std::string_view token) {
    for (std::string_view name : {"comments", "comments-area", "comments-section", "comment-section", "respond",
                                  "disqus_thread", "reacties"})
        if (token == name) return true;
    return false;
}

// Whether a token of an element's id or class, lower-cased, is one `names` names.
template <typename Names>
bool has_named_token(const GumboElement& element, const Names& names) {
    for (const char* attr : {"id", "class"}) {
        const GumboAttribute* value = gumbo_get_attribute(&element.attributes, attr);
        if (!value) continue;
        const std::string lower = to_lower_ascii(value->value);
        for (std::size_t start = 0; start < lower.size();) {
            std::size_t end = lower.find_first_of(" \t\n\r\f", start);
            if (end == std::string::npos) end = lower.size();
            if (names(std::string_view(lower).substr(start, end - start))) return true;
            start = end + 1;
        }
    }
    return false;
}

// Whether a word of an id or class token (between its '-' and '_') names
// what an <aside> beside the story holds rather than the story's own: links
// to other stories, an ad, a newsletter's or sharing's prompt
// ("artstyle__related", "ad-slot", "newsletter-signup", "social-share").
bool names_aside_of_other_content(std::string_view token) {
    for (std::size_t start = 0; start <= token.size();) {
        const std::size_t end = std::min(token.find_first_of("-_", start), token.size());
        const std::string_view word = token.substr(start, end - start);
        for (std::string_view name : {"related", "share", "sharing", "social", "newsletter", "nieuwsbrief", "ad", "ads",
                                      "advert", "advertisement", "advertentie", "promo"})
            if (word == name) return true;
        start = end + 1;
    }
    return false;
}

// A form's <label> ("E-mailadres", "Zoeken"), as its <button> is: one
// for a field (for="…"), holding one, or in a <form>. A label of a figure
// or an infographic, or a voting guide's statement, is the article's text.
bool is_form_label(const GumboNode* node) {
    const GumboElement& element = node->v.element;
    if (element.tag != GUMBO_TAG_LABEL) return false;
    if (gumbo_get_attribute(&element.attributes, "for")) return true;
    for (const GumboNode* n = node->parent; n; n = n->parent)
        if (n->type == GUMBO_NODE_ELEMENT && n->v.element.tag == GUMBO_TAG_FORM) return true;
    std::vector<const GumboNode*> below = {node};
    while (!below.empty()) {
        const GumboNode* n = below.back();
        below.pop_back();
        if (n->type != GUMBO_NODE_ELEMENT) continue;
        const GumboTag tag = n->v.element.tag;
        if (n != node && (tag == GUMBO_TAG_INPUT || tag == GUMBO_TAG_SELECT || tag == GUMBO_TAG_TEXTAREA)) return true;
        const GumboVector& children = n->v.element.children;
        for (unsigned i = 0; i < children.length; ++i) below.push_back(static_cast<const GumboNode*>(children.data[i]));
    }
    return false;
}

// An <aside> in an <article>: a pull quote or an info box of the story
// ("<aside class="pullquote">", "<aside class="infobox"><h3>Loopbaan</h3>"),
// kept as its text, unless its name says it holds other things (see
// names_aside_of_other_content). One outside an <article> is the page's
// sidebar.
bool is_article_aside(const GumboNode* node) {
    if (node->v.element.tag != GUMBO_TAG_ASIDE || has_named_token(node->v.element, names_aside_of_other_content))
        return false;
    for (const GumboNode* n = node->parent; n; n = n->parent)
        if (n->type == GUMBO_NODE_ELEMENT && n->v.element.tag == GUMBO_TAG_ARTICLE) return true;
    return false;
}

// A part of the page named by its class or id (see names_page_part and
// names_comment_section) where no element or role marks it. A class that merely mentions one
// ("has-cookie-bar" on a page's wrapper) does not count, and neither does
// an element that holds the article (an <article>, <main> or the page's
// headline, see holds_article): a page must not lose its story to a class
// name, nor a <div id="header"> that holds the headline its headline. A
// comment section's <article>s are its comments: only the headline counts.
bool is_named_page_part(const GumboNode* node, bool in_article, const GumboNode* headline) {
    const GumboElement& element = node->v.element;
    switch (element.tag) {
        case GUMBO_TAG_HTML:
        case GUMBO_TAG_BODY:
        case GUMBO_TAG_MAIN:
        case GUMBO_TAG_ARTICLE:
            return false;
        default:
            break;
    }
    if (has_named_token(element, names_comment_section)) return !holds_article(node, headline, true);
    return has_named_token(element, [&](std::string_view token) { return names_page_part(token, in_article); }) &&
           !holds_article(node, headline);
}

// Whether a node is inside a consent notice named so (see
// names_consent_notice): its <h1> ("Wij vragen je toestemming") is no headline.
bool in_consent_notice(const GumboNode* node) {
    for (const GumboNode* n = node->parent; n; n = n->parent)
        if (n->type == GUMBO_NODE_ELEMENT && n->v.element.tag != GUMBO_TAG_HTML &&
            n->v.element.tag != GUMBO_TAG_BODY && has_named_token(n->v.element, names_consent_notice))
            return true;
    return false;
}

enum class Break { none, space, line, paragraph };

// What an element puts around its content.
Break break_for(GumboTag tag) {
    switch (tag) {
        case GUMBO_TAG_BR:
        case GUMBO_TAG_LI:
        case GUMBO_TAG_TR:
        case GUMBO_TAG_DT:
        case GUMBO_TAG_DD:
        case GUMBO_TAG_OPTION:
            return Break::line;
        case GUMBO_TAG_TD:
        case GUMBO_TAG_TH:
        case GUMBO_TAG_IMG:
            return Break::space;
        case GUMBO_TAG_P:
        case GUMBO_TAG_DIV:
        case GUMBO_TAG_H1:
        case GUMBO_TAG_H2:
        case GUMBO_TAG_H3:
        case GUMBO_TAG_H4:
        case GUMBO_TAG_H5:
        case GUMBO_TAG_H6:
        case GUMBO_TAG_SECTION:
        case GUMBO_TAG_ARTICLE:
        case GUMBO_TAG_MAIN:
        case GUMBO_TAG_BLOCKQUOTE:
        case GUMBO_TAG_PRE:
        case GUMBO_TAG_UL:
        case GUMBO_TAG_OL:
        case GUMBO_TAG_DL:
        case GUMBO_TAG_TABLE:
        case GUMBO_TAG_THEAD:
        case GUMBO_TAG_TBODY:
        case GUMBO_TAG_TFOOT:
        case GUMBO_TAG_CAPTION:
        case GUMBO_TAG_FIGURE:
        case GUMBO_TAG_FIGCAPTION:
        case GUMBO_TAG_ADDRESS:
        case GUMBO_TAG_HR:
        case GUMBO_TAG_FORM:
        case GUMBO_TAG_FIELDSET:
        case GUMBO_TAG_DETAILS:
        case GUMBO_TAG_SUMMARY:
        case GUMBO_TAG_BODY:
        case GUMBO_TAG_CENTER:
            return Break::paragraph;
        default:
            return Break::none;
    }
}

// Visible text with whitespace collapsed: breaks are remembered and only
// written before the next word, so none lead, trail or repeat.
class TextBuilder {
public:
    void request(Break b) {
        if (b > pending_) pending_ = b;
    }
    // A <br>: a line break, and a second one in a row ("<br><br>", as
    // older news sites and feeds separate paragraphs) a paragraph's.
    void line_break() { pending_ = pending_ >= Break::line && !text_.empty() ? Break::paragraph : Break::line; }
    void add(std::string_view text, bool preformatted) {
        for (std::size_t i = 0; i < text.size(); ++i) {
            const char c = text[i];
            if (c == '\n' && preformatted) {
                request(Break::line);
            } else if (is_space(c)) {
                request(Break::space);
            } else if (c == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0') {
                request(Break::space);  // &nbsp;
                ++i;
            } else {
                flush();
                text_ += c;
            }
        }
    }
    std::string take() { return std::move(text_); }

private:
    void flush() {
        if (!text_.empty()) {
            switch (pending_) {
                case Break::none: break;
                case Break::space: text_ += ' '; break;
                case Break::line: text_ += '\n'; break;
                case Break::paragraph: text_ += "\n\n"; break;
            }
        }
        pending_ = Break::none;
    }

    std::string text_;
    Break pending_ = Break::none;
};

std::string_view attribute(const GumboElement& element, const char* name) {
    const GumboAttribute* attr = gumbo_get_attribute(&element.attributes, name);
    return attr ? std::string_view(attr->value) : std::string_view();
}

bool has_token(std::string_view list, std::string_view token) {
    std::size_t start = 0;
    while (start < list.size()) {
        std::size_t end = list.find_first_of(" \t\n\r\f", start);
        if (end == std::string_view::npos) end = list.size();
        if (iequals(list.substr(start, end - start), token)) return true;
        start = end + 1;
    }
    return false;
}

// The text of an element such as <title> or <h1>, whitespace collapsed.
std::string text_of(const GumboNode* root) {
    TextBuilder builder;
    std::vector<const GumboNode*> stack{root};
    while (!stack.empty()) {
        const GumboNode* node = stack.back();
        stack.pop_back();
        if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
            node->type == GUMBO_NODE_CDATA) {
            builder.add(node->v.text.text, false);
        } else if (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE) {
            const GumboVector& children = node->v.element.children;
            for (unsigned i = children.length; i-- > 0;)
                stack.push_back(static_cast<const GumboNode*>(children.data[i]));
        }
    }
    return builder.take();
}

// A date candidate and the line it was found on, for the warning.
struct DateSource {
    std::string value;
    std::size_t line = 0;
    bool found = false;
};

void remember(DateSource& source, std::string_view value, const GumboElement& element) {
    if (source.found || trim(value).empty()) return;
    source = {std::string(value), element.start_pos.line, true};
}

void keep_first(std::string& target, std::string_view value) {
    if (target.empty()) target = std::string(value);
}

struct Metadata {
    std::string title, h1, h2, og_title, twitter_title, ld_headline, source_og, source_meta, source_ld, app_name,
        canonical, og_url, base, lang, saved_from;
    // time_published: a <time> marked as the publication date (itemprop,
    // pubdate); times: the others the reader sees, in order.
    DateSource meta_date, published_time, ld_date, time_published;
    std::vector<std::pair<DateSource, const GumboNode*>> times;
    const GumboNode* h1_node = nullptr;
};

// The innermost <article> or <main> around a node, or null.
const GumboNode* article_around(const GumboNode* node) {
    for (const GumboNode* n = node->parent; n; n = n->parent)
        if (n->type == GUMBO_NODE_ELEMENT &&
            (n->v.element.tag == GUMBO_TAG_ARTICLE || n->v.element.tag == GUMBO_TAG_MAIN))
            return n;
    return nullptr;
}

bool is_inside(const GumboNode* node, const GumboNode* ancestor) {
    for (const GumboNode* n = node->parent; n; n = n->parent)
        if (n == ancestor) return true;
    return false;
}

// The article's own <time> before one in a block of other stories beside
// it ("Meer nieuws", which pages often put first): one in the <article>
// or <main> that holds the headline (<h1>), else one in any <article> or
// <main>, else the first the reader sees.
DateSource article_time(const Metadata& meta) {
    const GumboNode* headline_article = meta.h1_node ? article_around(meta.h1_node) : nullptr;
    if (headline_article)
        for (const auto& [date, node] : meta.times)
            if (is_inside(node, headline_article)) return date;
    for (const auto& [date, node] : meta.times)
        if (article_around(node)) return date;
    return meta.times.empty() ? DateSource() : meta.times.front().first;
}

// The raw text of an element's text children (a script's).
std::string raw_text(const GumboNode* node) {
    std::string out;
    const GumboVector& children = node->v.element.children;
    for (unsigned i = 0; i < children.length; ++i) {
        const auto* child = static_cast<const GumboNode*>(children.data[i]);
        if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_WHITESPACE || child->type == GUMBO_NODE_CDATA)
            out += child->v.text.text;
    }
    return out;
}

// A script's text without the wrappers that older pages put around it so
// that browsers of their day would skip it, "//<![CDATA[ … //]]>" (XHTML)
// and "<!-- … -->": JSON has neither, and read with them the JSON-LD and
// its date were lost.
std::string_view without_script_wrappers(std::string_view s) {
    for (bool changed = true; changed;) {
        changed = false;
        s = trim(s);
        for (std::string_view open : {"//<![CDATA[", "/*<![CDATA[*/", "<![CDATA[", "<!--"})
            if (s.substr(0, open.size()) == open) {
                s = trim(s.substr(open.size()));
                changed = true;
            }
        for (std::string_view close : {"//]]>", "/*]]>*/", "]]>", "//-->", "-->"})
            if (s.size() >= close.size() && s.substr(s.size() - close.size()) == close) {
                s = trim(s.substr(0, s.size() - close.size()));
                changed = true;
            }
    }
    return s;
}

// schema.org metadata in a <script type="application/ld+json"> (see
// read_json_ld), kept where the page's other metadata has none.
void read_json_ld_script(const GumboNode* script, Metadata& meta) {
    const JsonLd ld = read_json_ld(without_script_wrappers(raw_text(script)));
    const GumboElement& element = script->v.element;
    remember(meta.ld_date, ld.date_published.empty() ? ld.date_created : ld.date_published, element);
    // Sites escape JSON-LD's strings as HTML ("Kim &amp; Trump", "&#039;"):
    // read as the text they stand for, as an attribute's value is.
    keep_first(meta.ld_headline, looks_like_html(ld.headline) ? html_text(ld.headline) : ld.headline);
    keep_first(meta.source_ld, looks_like_html(ld.publisher) ? html_text(ld.publisher) : ld.publisher);
}

// <meta> names and properties of a page's publication date, as Dublin Core,
// Open Graph, schema.org microdata and news sites' own tags write it.
bool is_published_key(std::string_view key) {
    for (std::string_view k : {"article:published_time", "og:article:published_time", "datePublished",
                               "dcterms.date", "dcterms.issued", "dcterms.created", "dc.date", "dc.date.issued",
                               "dc.date.created", "pubdate", "publishdate", "publish-date", "publication_date",
                               "parsely-pub-date", "sailthru.date"})
        if (iequals(key, k)) return true;
    return false;
}

// `hidden`: the element is in a part of the page the reader does not see
// (a header's clock is not the article's date).
// Whether a microdata date on an element of the page's body is another
// item's than the article's: a comment's (itemtype Comment, in or out of
// a comment section) or one in a part of the page the article is not (a
// sidebar's "Meest gelezen" list, a comment section: `hidden`). It dated
// an undated article by its first comment.
bool date_of_another_item(const GumboNode* node, bool hidden) {
    for (const GumboNode* n = node; n; n = n->parent) {
        if (n->type != GUMBO_NODE_ELEMENT) continue;
        const GumboElement& e = n->v.element;
        if (e.tag == GUMBO_TAG_HEAD) return false;
        if (e.tag == GUMBO_TAG_BODY) return hidden;
        if (gumbo_get_attribute(&e.attributes, "itemscope")) {
            const std::string_view type = attribute(e, "itemtype");
            for (std::string_view other : {"Comment", "Review", "Answer", "Question"})
                if (type.ends_with("/" + std::string(other)) || type == other) return true;
        }
    }
    return hidden;
}

void read_metadata(const GumboNode* node, bool hidden, Metadata& meta) {
    const GumboElement& element = node->v.element;
    if (element.tag_namespace != GUMBO_NAMESPACE_HTML) return;
    switch (element.tag) {
        case GUMBO_TAG_HTML:
            if (meta.lang.empty()) meta.lang = normalise_lang(attribute(element, "lang"));
            break;
        case GUMBO_TAG_TITLE:
            if (meta.title.empty()) meta.title = text_of(node);
            break;
        // A consent notice's heading ("Wij vragen je toestemming") is neither.
        case GUMBO_TAG_H1:
            if (meta.h1.empty() && !in_consent_notice(node)) {
                meta.h1 = text_of(node);
                meta.h1_node = node;
            }
            break;
        case GUMBO_TAG_H2:
            if (meta.h2.empty() && !in_consent_notice(node)) meta.h2 = text_of(node);
            break;
        case GUMBO_TAG_TIME: {
            // Without a datetime attribute the element's text is its value
            // (HTML's rule), when it reads as a date: "<time>2019-03-12</time>",
            // not a masthead's clock, "<time>10:32</time>".
            std::string value(attribute(element, "datetime"));
            if (trim(value).empty() && !gumbo_get_attribute(&element.attributes, "datetime"))
                if (std::string text = text_of(node); normalise_date(trim(text))) value = trim(text);
            if (iequals(attribute(element, "itemprop"), "datePublished") ||
                gumbo_get_attribute(&element.attributes, "pubdate")) {
                if (!date_of_another_item(node, hidden)) remember(meta.time_published, value, element);
            }
            else if (!hidden && !trim(value).empty())
                meta.times.push_back({{value, element.start_pos.line, true}, node});
            break;
        }
        case GUMBO_TAG_BASE:
            keep_first(meta.base, trim(attribute(element, "href")));
            break;
        case GUMBO_TAG_LINK:
            if (meta.canonical.empty() && has_token(attribute(element, "rel"), "canonical"))
                meta.canonical = std::string(trim(attribute(element, "href")));
            break;
        case GUMBO_TAG_SCRIPT:
            if (iequals(trim(attribute(element, "type")), "application/ld+json")) read_json_ld_script(node, meta);
            break;
        case GUMBO_TAG_META: {
            const std::string_view content = trim(attribute(element, "content"));
            for (const char* key_attr : {"name", "property", "itemprop"}) {
                const std::string_view key = attribute(element, key_attr);
                if (iequals(key, "date")) remember(meta.meta_date, content, element);
                else if (is_published_key(key))
                    remember(meta.published_time, content, element);
                else if (iequals(key, "og:site_name")) keep_first(meta.source_og, content);
                else if (iequals(key, "og:title")) keep_first(meta.og_title, content);
                else if (iequals(key, "twitter:title")) keep_first(meta.twitter_title, content);
                else if (iequals(key, "source")) keep_first(meta.source_meta, content);
                else if (iequals(key, "application-name")) keep_first(meta.app_name, content);
                else if (iequals(key, "og:url")) keep_first(meta.og_url, content);
            }
            break;
        }
        default:
            // Microdata's date on another element: its content attribute, as
            // sites write it beside the text ("<span itemprop="datePublished"
            // content="2020-06-12">12 juni 2020</span>"), else its text.
            if (has_token(attribute(element, "itemprop"), "datePublished") && !date_of_another_item(node, hidden)) {
                std::string value(trim(attribute(element, "content")));
                if (value.empty())
                    if (std::string text = text_of(node); normalise_date(trim(text))) value = trim(text);
                remember(meta.time_published, value, element);
            }
            break;
    }
}

// A page title without the site's name at its start: "NOS Nieuws - Kop"
// or "de Volkskrant: Kop" -> "Kop" when the page names its site so (a
// separator |, -, –, —, · or : after it; "Noord-Korea" stays whole when
// the site is "Noord").
std::optional<std::string> without_leading_site_name(std::string_view t, std::string_view name) {
    if (t.size() <= name.size() || !iequals(t.substr(0, name.size()), name)) return std::nullopt;
    std::string_view rest = t.substr(name.size());
    if (rest.starts_with(": ")) return std::string(trim(rest.substr(2)));
    if (!is_space(rest.front())) return std::nullopt;
    rest = trim(rest);
    for (std::string_view sep : {"|", "-", "\u2013", "\u2014", "\u00b7"})
        if (rest.size() > sep.size() + 1 && rest.starts_with(sep) && is_space(rest[sep.size()]))
            return std::string(trim(rest.substr(sep.size())));
    return std::nullopt;
}

// A page title without the site's name at its end: "Kop | NOS" -> "Kop"
// when the page's source is NOS (a separator |, -, –, — or · with spaces
// around it: "Noord-Korea" stays whole when the source is "Korea"), or
// else at its start.
std::string without_site_name(const std::string& title, const std::string& site) {
    const std::string_view t = trim(title), name = trim(site);
    if (name.empty() || t.size() <= name.size()) return title;
    if (!iequals(t.substr(t.size() - name.size()), name))
        return without_leading_site_name(t, name).value_or(title);
    const std::string_view head = t.substr(0, t.size() - name.size());
    if (!is_space(head.back())) return title;
    const std::string_view rest = trim(head);
    for (std::string_view sep : {"|", "-", "\u2013", "\u2014", "\u00b7"})
        if (rest.size() > sep.size() + 1 && rest.substr(rest.size() - sep.size()) == sep &&
            is_space(rest[rest.size() - sep.size() - 1]))
            return std::string(trim(rest.substr(0, rest.size() - sep.size())));
    return title;
}

// The separators pages put between a title's parts, spaces around them.
constexpr std::string_view title_separators[] = {" | ", " - ", " \u2013 ", " \u2014 ", " \u00b7 "};

// A title without `part` where that is its first or last part, beside a
// separator ("Kop - Dagblad van het Noorden", "Leeuwarder Courant | Kop").
std::optional<std::string_view> without_end_part(std::string_view t, std::string_view part) {
    if (part.empty()) return std::nullopt;
    for (std::string_view sep : title_separators) {
        if (t.size() <= part.size() + sep.size()) continue;
        if (iequals(t.substr(0, part.size()), part) && t.substr(part.size(), sep.size()) == sep)
            return trim(t.substr(part.size() + sep.size()));
        const std::size_t at = t.size() - part.size() - sep.size();
        if (iequals(t.substr(at + sep.size()), part) && t.substr(at, sep.size()) == sep) return trim(t.substr(0, at));
    }
    return std::nullopt;
}

std::size_t word_count(std::string_view s) {
    std::size_t words = 0;
    bool in_word = false;
    for (const char c : s) {
        if (!is_space(c) && !in_word) ++words;
        in_word = !is_space(c);
    }
    return words;
}

// Whether text reads as a name, as sites write theirs: four words at
// most, each of four letters or more capitalised ("Dagblad van het
// Noorden", "de Volkskrant"), where Dutch headlines capitalise only their
// first word and names.
bool reads_as_name(std::string_view s) {
    const std::size_t words = word_count(s);
    if (words == 0 || words > 4) return false;
    std::size_t start = 0;
    while (start < s.size()) {
        std::size_t end = s.find(' ', start);
        if (end == std::string_view::npos) end = s.size();
        const std::string_view word = s.substr(start, end - start);
        if (word.size() >= 4 && !(word[0] >= 'A' && word[0] <= 'Z')) return false;
        start = end + 1;
    }
    return true;
}

// An <h1> marked as the site's logo: by a class or id that says so, on it,
// in it or around it, or by a link to the site's home page in it.
bool marked_as_logo(const GumboNode* h1) {
    const auto says_logo = [](const GumboNode* n) {
        return n->type == GUMBO_NODE_ELEMENT &&
               (to_lower_ascii(attribute(n->v.element, "class")).find("logo") != std::string::npos ||
                to_lower_ascii(attribute(n->v.element, "id")).find("logo") != std::string::npos ||
                (n->v.element.tag == GUMBO_TAG_A && trim(attribute(n->v.element, "href")) == "/"));
    };
    if (h1->parent && says_logo(h1->parent)) return true;
    std::vector<const GumboNode*> stack{h1};
    while (!stack.empty()) {
        const GumboNode* n = stack.back();
        stack.pop_back();
        if (n->type != GUMBO_NODE_ELEMENT) continue;
        if (says_logo(n)) return true;
        const GumboVector& children = n->v.element.children;
        for (unsigned i = 0; i < children.length; ++i) stack.push_back(static_cast<const GumboNode*>(children.data[i]));
    }
    return false;
}

// The page's headline, as a masthead's <h1> is not: the first <h1> in an
// <article> or <main>, else the first one not marked as the site's logo
// (see marked_as_logo), else null; never one in a consent notice.
const GumboNode* headline_h1(const GumboNode* root) {
    const GumboNode* outside = nullptr;
    std::vector<const GumboNode*> stack{root};
    while (!stack.empty()) {
        const GumboNode* n = stack.back();
        stack.pop_back();
        if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_DOCUMENT) continue;
        if (n->type == GUMBO_NODE_ELEMENT && n->v.element.tag == GUMBO_TAG_H1 && !in_consent_notice(n)) {
            if (article_around(n)) return n;
            if (!outside && !marked_as_logo(n)) outside = n;
        }
        const GumboVector& children = n->type == GUMBO_NODE_DOCUMENT ? n->v.document.children : n->v.element.children;
        for (unsigned i = children.length; i-- > 0;) stack.push_back(static_cast<const GumboNode*>(children.data[i]));
    }
    return outside;
}

// What the page says of its headline and its site, for page_title.
struct TitleSources {
    std::string title, h1, h2;
    bool h1_marked_as_logo = false;
    std::vector<std::string> site_names;  // og:site_name, application-name, the source and JSON-LD publisher
};

// The title without the <h1> where that is the site's name beside the
// headline ("Kop - Dagblad van het Noorden" with <h1 id="logo">Dagblad van
// het Noorden</h1>): a name the page gives its site, an <h1> marked as the
// logo, one beside the page's first <h2> (when that is no name itself),
// or one that reads as a name beside a headline of words that does not.
// Else nothing: an <h1> equal to a title's part is mostly its headline
// ("Kop | NOS").
std::optional<std::string> without_logo_h1(const TitleSources& page) {
    const std::string_view t = trim(page.title), h = trim(page.h1);
    const std::optional<std::string_view> rest = without_end_part(t, h);
    const bool named = std::any_of(page.site_names.begin(), page.site_names.end(),
                                   [&](const std::string& name) { return iequals(trim(name), h); });
    if (!named && !rest) return std::nullopt;
    if (named || page.h1_marked_as_logo || (iequals(*rest, trim(page.h2)) && !reads_as_name(*rest)) ||
        (reads_as_name(h) && word_count(*rest) >= 3 && !reads_as_name(*rest))) {
        if (rest) return std::string(*rest);
        // A title that is the site's name alone: the headline is the <h2>.
        return iequals(t, h) && !trim(page.h2).empty() ? std::string(trim(page.h2)) : std::string(t);
    }
    return std::nullopt;
}

// Where a title's last separator is, as (head, last part, separator).
struct LastPart {
    std::string_view head, last, separator;
};
std::optional<LastPart> last_part(std::string_view t) {
    std::optional<LastPart> found;
    for (std::string_view sep : title_separators)
        if (const std::size_t at = t.rfind(sep); at != std::string_view::npos && (!found || at > found->head.size()))
            found = LastPart{t.substr(0, at), t.substr(at + sep.size()), sep};
    return found;
}

// How many words the headline before a title's other parts has: its first
// part up to a " | ", the separators in it not counted, as a headline may
// hold " - " or " – " itself ("Ajax - Feyenoord eindigt in 2-2 - nu.nl").
std::size_t headline_words(std::string_view head) {
    const std::string_view first = trim(head.substr(0, head.find(" | ")));
    std::size_t words = 0;
    for (std::size_t start = 0; start < first.size();) {
        const std::size_t end = std::min(first.find(' ', start), first.size());
        const std::string_view word = first.substr(start, end - start);
        if (!word.empty() && word != "-" && word != "\u2013" && word != "\u2014" && word != "\u00b7") ++words;
        start = end + 1;
    }
    return words;
}

// A headline of words before a title's other parts: two words or more
// ("Kim praat | NOS", not "Kim | NOS" or "Kim - NOS").
bool headline_of_words(std::string_view head) { return headline_words(head) >= 2; }

// An abbreviation in capitals or a domain, as sites name themselves
// ("NOS", "NRC", "nu.nl"), not a name that could be a headline's.
bool capitals_or_domain(std::string_view s) {
    const bool capitals = s.size() >= 2 && s.size() <= 6 &&
                          std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    const bool domain = s.find('.') != std::string_view::npos && s.find(' ') == std::string_view::npos;
    return capitals || domain;
}

// A newspaper's name: De or Het and one or two capitalised words ("Het
// Parool", "de Volkskrant", "Het Financieele Dagblad").
bool newspaper_name(std::string_view s) {
    const std::size_t space = s.find(' ');
    if (space == std::string_view::npos) return false;
    const std::string_view article = s.substr(0, space), name = s.substr(space + 1);
    if (!(iequals(article, "de") || iequals(article, "het")) || word_count(name) > 2) return false;
    for (std::size_t start = 0; start <= name.size();) {
        const std::size_t end = std::min(name.find(' ', start), name.size());
        if (end == start || name[start] < 'A' || name[start] > 'Z') return false;
        start = end + 1;
    }
    return true;
}

// A broadcaster's name: its abbreviation in capitals and one capitalised
// word ("RTL Nieuws", "VRT NWS", "RTV Oost"), not "VS dreigt".
bool broadcaster_name(std::string_view s) {
    const std::size_t space = s.find(' ');
    if (space == std::string_view::npos || word_count(s) != 2) return false;
    const std::string_view abbreviation = s.substr(0, space), word = trim(s.substr(space + 1));
    return abbreviation.find('.') == std::string_view::npos && capitals_or_domain(abbreviation) && !word.empty() &&
           word[0] >= 'A' && word[0] <= 'Z';
}

// Whether text mentions a name as a word of its own or a domain ("… het
// eerst op NU.nl" mentions NU), not inside another word.
bool mentions(std::string_view text, std::string_view name) {
    const std::string lower_text = to_lower_ascii(text), lower_name = to_lower_ascii(name);
    const auto alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
    for (std::size_t at = lower_text.find(lower_name); at != std::string::npos;
         at = lower_text.find(lower_name, at + 1)) {
        const std::size_t after = at + lower_name.size();
        if ((at == 0 || !alnum(lower_text[at - 1])) && (after == lower_text.size() || !alnum(lower_text[after])))
            return true;
    }
    return false;
}

// A title without a section between its headline and the site's name just
// taken off after `separator` ("Kop in drie woorden - Utrecht" from "… -
// Utrecht - AD.nl"): one capitalised word after the same separator and a
// headline of three words or more. A separator " | " is left to
// page_title, which keeps a title's longest part.
std::string without_section(std::string_view t, std::string_view separator) {
    const std::optional<LastPart> part = last_part(t);
    if (!part || part->separator == " | " || part->separator != separator) return std::string(t);
    const std::string_view last = trim(part->last);
    if (last.find(' ') == std::string_view::npos && !last.empty() && last[0] >= 'A' && last[0] <= 'Z' &&
        word_count(part->head) >= 3 && part->head.find(part->separator) == std::string_view::npos)
        return std::string(trim(part->head));
    return std::string(t);
}

// A title without the names the page gives its site at its end ("Kop |
// NOS" with og:site_name NOS), and a section before them.
std::string without_site_names(const std::string& title, const std::vector<std::string>& names) {
    for (const std::string& name : names) {
        const std::string shorter = without_site_name(title, name);
        if (shorter == title) continue;
        if (!trim(title).starts_with(trim(shorter))) return shorter;  // the name was at its start
        const std::string_view tail = trim(title).substr(trim(shorter).size());
        for (std::string_view sep : title_separators)
            if (tail.substr(0, sep.size()) == sep) return without_section(shorter, sep);
        return shorter;
    }
    return title;
}

// A title and the site's name taken off it ("" when none).
struct TitleAndSite {
    std::string title, site;
};

// A title without a last part that reads as a site's name, when the page
// does not name its site, after any separator (|, -, –, — or ·): an
// abbreviation in capitals or a domain after a headline of words ("Kim
// praat | NOS", "Kop - nu.nl", "Ajax - Feyenoord eindigt in 2-2 - nu.nl"),
// a newspaper's or a broadcaster's name after a headline of three words or
// more ("… - Het Parool", "… - RTL Nieuws"), or a last " | " part that is
// such a name and its slogan ("Kop | NU - Het laatste nieuws het eerst op
// NU.nl"). Only the last part, and nothing else: a headline may hold " - "
// itself ("Kim Jong-un - de man achter de bom"), and its words count whole,
// " - " and all.
TitleAndSite split_recognisable_site(const std::string& title) {
    const std::string_view t = trim(title);
    if (const std::size_t bar = t.rfind(" | "); bar != std::string_view::npos) {
        const std::string_view tail = t.substr(bar + 3);
        if (const std::optional<LastPart> slogan = last_part(tail); slogan && slogan->separator != " | ") {
            std::string_view name = tail;
            for (std::string_view sep : title_separators) name = name.substr(0, name.find(sep));
            if (capitals_or_domain(trim(name)) && mentions(tail.substr(name.size()), trim(name)) &&
                !trim(t.substr(0, bar)).empty())
                return {std::string(trim(t.substr(0, bar))), std::string(trim(name))};
        }
    }
    const std::optional<LastPart> part = last_part(t);
    if (!part) return {std::string(t), ""};
    const std::string_view last = trim(part->last);
    const bool headline_of_three = headline_words(part->head) >= 3;
    if ((capitals_or_domain(last) && headline_of_words(part->head)) ||
        ((newspaper_name(last) || broadcaster_name(last)) && headline_of_three))
        return {without_section(trim(part->head), part->separator), std::string(last)};
    return {std::string(t), ""};
}

std::string without_recognisable_site(const std::string& title) { return split_recognisable_site(title).title; }

// A page's <title> (its site's name taken off), or its <h1> where that is
// the headline and the title is not: a title that holds the headline and
// more ("Kop | Binnenland | AD.nl"), runs several parts together with " | ",
// or is one word ("Home", "NOS"). An <h1> of one word is the site's logo.
// Without a usable <h1>, a title of parts ("Brand in loods | Binnenland")
// is its longest part, the headline, when that has three words or more.
std::string page_title(const TitleSources& page) {
    const std::optional<std::string> logo_free = without_logo_h1(page);
    if (logo_free) return page_title({*logo_free, "", "", false, {}});
    const std::string_view h = trim(page.h1);
    if (h.find(' ') != std::string_view::npos) {
        const std::string_view whole = trim(page.title);
        const bool holds_headline =
            to_lower_ascii(whole).find(to_lower_ascii(h)) != std::string::npos && whole.size() > h.size();
        if (holds_headline || whole.find(" | ") != std::string_view::npos ||
            whole.find(' ') == std::string_view::npos)
            return std::string(h);
    }
    const std::string without_site = without_recognisable_site(page.title);
    const std::string_view t = trim(without_site);
    std::string_view longest, rest = t;
    while (!rest.empty()) {
        const std::size_t bar = rest.find(" | ");
        const std::string_view part = trim(rest.substr(0, bar));
        if (part.size() > longest.size()) longest = part;
        rest = bar == std::string_view::npos ? std::string_view() : rest.substr(bar + 3);
    }
    // A headline has words: "Kim | Trump" is no headline and its parts.
    if (longest.size() == t.size() || std::count(longest.begin(), longest.end(), ' ') < 2) return std::string(t);
    return std::string(longest);
}

struct OutputDeleter {
    void operator()(GumboOutput* output) const { gumbo_destroy_output(&kGumboDefaultOptions, output); }
};

// Deeper than this, elements are no page's: gumbo takes time that grows
// with the square of the depth (40,000 nested <div>s 2.3 s, 200,000 167 s).
constexpr std::size_t max_html_depth = 10000;

// The lower-case name of the tag at t[i] ('<' then a letter), and where it ends.
std::string tag_name(std::string_view t, std::size_t i) {
    std::string name;
    for (std::size_t k = i; k < t.size() && std::isalnum(static_cast<unsigned char>(t[k])) && name.size() < 16; ++k)
        name += static_cast<char>(std::tolower(static_cast<unsigned char>(t[k])));
    return name;
}

// Elements with no end tag, or one a page may leave out (the parser
// closes them itself): they add no depth.
bool adds_no_depth(const std::string& name) {
    static const std::set<std::string, std::less<>> names = {
        "area", "base", "br",  "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track",
        "wbr",  "p",    "li",  "dt",  "dd",    "tr", "td",  "th",    "option", "optgroup", "colgroup", "tbody",
        "thead", "tfoot", "rb", "rt", "rp",    "html", "head", "body"};
    return names.count(name) > 0;
}

// How deep a page's elements nest, by its start and end tags (an upper
// bound of gumbo's tree for pages of sense; comments are skipped).
std::size_t nesting_estimate(std::string_view t) {
    std::size_t depth = 0, deepest = 0;
    for (std::size_t i = t.find('<'); i != std::string_view::npos && i + 1 < t.size(); i = t.find('<', i + 1)) {
        if (t.compare(i, 4, "<!--") == 0) {
            i = t.find("-->", i + 4);
            if (i == std::string_view::npos) break;
        } else if (t[i + 1] == '/') {
            if (depth > 0 && !adds_no_depth(tag_name(t, i + 2))) --depth;
        } else if (std::isalpha(static_cast<unsigned char>(t[i + 1]))) {
            const std::size_t close = t.find('>', i);
            const bool self_closed = close != std::string_view::npos && close > i && t[close - 1] == '/';
            if (!self_closed && !adds_no_depth(tag_name(t, i + 1))) deepest = std::max(deepest, ++depth);
        }
    }
    return deepest;
}

// The page without its tags but <title> and <meta> (those of its head that
// give the article's title, date and source), each other tag a line break,
// and without the contents of <script>, <style> and <template>: text
// gumbo reads in a time that grows with its length.
std::string flattened(std::string_view t) {
    std::string out;
    out.reserve(t.size());
    for (std::size_t i = 0; i < t.size();) {
        if (t[i] != '<' || i + 1 >= t.size() || !(std::isalpha(static_cast<unsigned char>(t[i + 1])) ||
                                                 t[i + 1] == '/' || t[i + 1] == '!')) {
            out += t[i++];
            continue;
        }
        const bool closing = t[i + 1] == '/';
        const std::string name = tag_name(t, i + (closing ? 2 : 1));
        const std::size_t end = t.compare(i, 4, "<!--") == 0 ? t.find("-->", i) : t.find('>', i);
        if (end == std::string_view::npos) break;
        const std::size_t after = end + (t.compare(i, 4, "<!--") == 0 ? 3 : 1);
        if (name == "title" || name == "meta") {
            out.append(t.substr(i, after - i));
        } else if (!closing && (name == "script" || name == "style" || name == "template")) {
            const std::size_t stop = [&] {
                for (std::size_t k = t.find("</", after); k != std::string_view::npos; k = t.find("</", k + 2))
                    if (tag_name(t, k + 2) == name) return k;
                return t.size();
            }();
            const std::size_t stop_end = t.find('>', stop);
            i = stop_end == std::string_view::npos ? t.size() : stop_end + 1;
            continue;
        } else {
            out += '\n';
        }
        i = after;
    }
    return out;
}

}  // namespace

void parse_html(std::string_view text, const std::string& rel_path, ParseResult& out) {
    std::string flat;
    if (const std::size_t depth = nesting_estimate(text); depth > max_html_depth) {
        flat = flattened(text);
        text = flat;
        out.warnings.push_back({0, "elements nested " + std::to_string(depth) + " deep (more than " +
                                       std::to_string(max_html_depth) +
                                       "): read without its markup, its paragraphs run together"});
    }
    GumboOptions options = kGumboDefaultOptions;
    options.max_errors = 0;  // we never report gumbo's complaints; don't collect them
    const std::unique_ptr<GumboOutput, OutputDeleter> output(
        gumbo_parse_with_options(&options, text.data(), text.size()));

    Metadata meta;
    TextBuilder body;
    const GumboNode* const headline = headline_h1(output->document);

    // An explicit stack instead of recursion; a closing frame puts the
    // element's break after its content.
    struct Frame {
        const GumboNode* node;
        bool hidden;
        int preformatted;
        bool closing;
        bool in_article;  // inside <article> or <main>: a <header> there is the article's own
    };
    std::vector<Frame> stack{{output->document, false, 0, false, false}};
    while (!stack.empty()) {
        const Frame frame = stack.back();
        stack.pop_back();
        const GumboNode* node = frame.node;
        if (frame.closing) {
            body.request(break_for(node->v.element.tag));
            continue;
        }
        switch (node->type) {
            case GUMBO_NODE_TEXT:
            case GUMBO_NODE_WHITESPACE:
            case GUMBO_NODE_CDATA:
                if (!frame.hidden) body.add(node->v.text.text, frame.preformatted > 0);
                break;
            case GUMBO_NODE_DOCUMENT: {
                const GumboVector& children = node->v.document.children;
                for (unsigned i = children.length; i-- > 0;)
                    stack.push_back({static_cast<const GumboNode*>(children.data[i]), false, 0, false, false});
                break;
            }
            case GUMBO_NODE_ELEMENT:
            case GUMBO_NODE_TEMPLATE: {
                const GumboElement& element = node->v.element;
                // A <header> in an article, or one that holds its headline (a page without
                // <article> or <main>), has its headline, lead and date, not the site's masthead.
                const bool masthead = is_banner(element) && !frame.in_article && !holds_article(node, headline);
                const bool hidden = frame.hidden || node->type == GUMBO_NODE_TEMPLATE ||
                                    (is_hidden(element.tag) && !is_article_aside(node)) || is_form_label(node) ||
                                    masthead || hidden_by_attributes(element) ||
                                    is_named_page_part(node, frame.in_article, headline);
                read_metadata(node, hidden, meta);
                const int pre = frame.preformatted + (element.tag == GUMBO_TAG_PRE ? 1 : 0);
                const bool in_article =
                    frame.in_article || element.tag == GUMBO_TAG_ARTICLE || element.tag == GUMBO_TAG_MAIN;
                if (!hidden && element.tag == GUMBO_TAG_BR) {
                    body.line_break();
                } else if (!hidden) {
                    body.request(break_for(element.tag));
                    stack.push_back({node, hidden, pre, true, in_article});
                }
                const GumboVector& children = element.children;
                for (unsigned i = children.length; i-- > 0;)
                    stack.push_back({static_cast<const GumboNode*>(children.data[i]), hidden, pre, false, in_article});
                break;
            }
            case GUMBO_NODE_COMMENT: {
                // "<!-- saved from url=(0045)https://nos.nl/... -->", which a
                // browser's "Save page as" puts at the top: the page's address.
                const std::string_view comment = trim(node->v.text.text);
                constexpr std::string_view mark = "saved from url=(";
                if (meta.saved_from.empty() && comment.rfind(mark, 0) == 0)
                    if (const std::size_t close = comment.find(')', mark.size()); close != std::string_view::npos)
                        meta.saved_from = std::string(trim(comment.substr(close + 1)));
                break;
            }
        }
    }

    // gumbo's text is valid UTF-8 except where it decodes a character
    // reference wrongly (see repair_utf8): each field is checked on the way out.
    Article article;
    article.id = article.path = rel_path;
    // Else the site's name that its <title> ends in ("Kop - Het Parool").
    article.source = repair_utf8(!meta.source_og.empty()     ? meta.source_og
                                 : !meta.source_meta.empty() ? meta.source_meta
                                 : !meta.source_ld.empty()   ? meta.source_ld
                                                             : split_recognisable_site(meta.title).site);
    std::vector<std::string> site_names;  // as the page names its site, in order of trust
    for (const std::string* name : {&meta.source_og, &meta.app_name, &meta.source_meta, &meta.source_ld})
        if (!trim(*name).empty()) site_names.push_back(*name);
    const TitleSources title_sources{without_site_names(meta.title, site_names), meta.h1, meta.h2,
                                     meta.h1_node && marked_as_logo(meta.h1_node), site_names};
    // An og:title is mostly the headline alone; one that ends in the site's
    // name loses it, and one that repeats the <title> word for word loses
    // what the title would ("Kop - NRC").
    std::string og_title = without_site_names(meta.og_title, site_names);
    if (iequals(trim(meta.og_title), trim(meta.title))) og_title = without_recognisable_site(og_title);
    // A headline that is only the site's name (og:title "NU.nl" beside
    // og:site_name "NU.nl", on a site's every page) names no article: the
    // next one is asked.
    const auto names_article = [&](const std::string& candidate) {
        return !trim(candidate).empty() &&
               std::none_of(site_names.begin(), site_names.end(),
                            [&](const std::string& name) { return iequals(trim(candidate), trim(name)); });
    };
    // The headline as the page gives it (Open Graph, JSON-LD), else <title>
    // without the site's name that pages add to it ("Kop | NOS"), else <h1>.
    // A <title> that is only the site's name ("Trouw") gives way to the
    // page's headings, as an empty one does.
    const auto headings = [&] {
        TitleSources without_title = title_sources;
        without_title.title.clear();
        std::string heading = page_title(without_title);
        if (trim(heading).empty()) heading = names_article(meta.h1) || meta.h2.empty() ? meta.h1 : meta.h2;
        return trim(heading).empty() ? meta.title : heading;
    };
    std::string title = names_article(meta.og_title)        ? og_title
                        : names_article(meta.ld_headline)   ? meta.ld_headline
                        : names_article(meta.twitter_title) ? without_site_names(meta.twitter_title, site_names)
                        : names_article(meta.title)         ? page_title(title_sources)
                                                            : headings();
    article.title = repair_utf8(std::string(trim(title)));
    DateSource time_element = article_time(meta);
    for (const DateSource* date :
         {&meta.meta_date, &meta.published_time, &meta.ld_date, &meta.time_published, &time_element}) {
        if (date->found) {
            set_date(article, repair_utf8(date->value), date->line, out);
            break;
        }
    }
    // A canonical link may be relative ("/nieuws/123"): made absolute against
    // the page's <base> or its Open Graph URL, else left out for the
    // file's own link.
    const std::string base = !meta.base.empty() && meta.base.find("://") != std::string::npos ? meta.base : meta.og_url;
    std::string url = resolve_url(meta.canonical, base);
    if (url.empty()) url = resolve_url(meta.og_url, meta.base);
    if (url.empty()) url = resolve_url(meta.saved_from, "");
    article.url = repair_utf8(url);
    article.lang = repair_utf8(meta.lang);
    article.body = repair_utf8(body.take());
    add_article(std::move(article), 0, out);
}

// Whether a field's text is HTML (the "content" of a WordPress or NewsAPI
// export, "<p>Eerste alinea.</p><p>…"): a tag that pages are made of, or
// a character reference ("caf&eacute;", "&#8217;"). "a < b" and "AT&T"
// are text.
bool looks_like_html(std::string_view s) {
    for (std::size_t at = s.find('<'); at != std::string_view::npos; at = s.find('<', at + 1)) {
        std::size_t i = at + 1;
        if (i < s.size() && s[i] == '/') ++i;
        std::size_t end = i;
        while (end < s.size() && std::isalnum(static_cast<unsigned char>(s[end]))) ++end;
        if (end == i || end >= s.size() || (s[end] != '>' && s[end] != ' ' && s[end] != '/')) continue;
        // Attributes are name=value ("<a href=…>", "<br />"): "a<b en c>d",
        // a formula in a plain text, is no <b> tag.
        if (s[end] == ' ') {
            const std::size_t close = s.find('>', end);
            if (close == std::string_view::npos) continue;
            const std::string_view attributes = trim(s.substr(end, close - end));
            if (!attributes.empty() && attributes != "/" && attributes.find('=') == std::string_view::npos) continue;
        }
        const std::string name = to_lower_ascii(s.substr(i, end - i));
        for (std::string_view tag : {"p", "br", "div", "span", "a", "b", "i", "em", "strong", "li", "ul", "ol", "h1",
                                     "h2", "h3", "h4", "h5", "h6", "img", "figure", "figcaption", "blockquote",
                                     "table", "tr", "td", "script", "style", "iframe", "section", "article", "u",
                                     "sup", "sub", "hr", "pre", "code", "noscript", "picture", "source", "video"})
            if (name == tag) return true;
    }
    for (std::size_t at = s.find('&'); at != std::string_view::npos; at = s.find('&', at + 1)) {
        const std::size_t semi = s.find(';', at);
        if (semi == std::string_view::npos || semi - at < 3 || semi - at > 10) continue;
        const std::string_view name = s.substr(at + 1, semi - at - 1);
        const bool numeric = name[0] == '#' && name.find_first_not_of("0123456789xX", 1) == std::string_view::npos;
        const bool named = std::all_of(name.begin(), name.end(),
                                       [](char c) { return std::isalnum(static_cast<unsigned char>(c)); });
        if (numeric || named) return true;
    }
    return false;
}

std::string decode_reference(std::string_view reference) {
    if (reference.size() < 3 || reference.front() != '&' || reference.back() != ';') return {};
    GumboOptions options = kGumboDefaultOptions;
    options.max_errors = 0;
    const std::unique_ptr<GumboOutput, OutputDeleter> output(
        gumbo_parse_with_options(&options, reference.data(), reference.size()));
    const std::string text = repair_utf8(text_of(output->root));
    return text == reference ? std::string() : text;
}

std::string html_text(std::string_view html) {
    ParseResult page;
    parse_html(html, "", page);
    return page.articles.empty() ? std::string() : page.articles.front().body;
}

}  // namespace knipsel::detail
