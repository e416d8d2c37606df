//! The HTML reader: one article per web page, parsed with gumbo (the HTML5 parsing algorithm,
//! so unclosed and misnested tags are read the way browsers read them).
//!
//! Entry point: make_html_reader(). The title is og:title, else <title> (without a trailing
//! " | Site name" when og:site_name names the site), else the first <h1>. The date is
//! article:published_time, else JSON-LD datePublished, else another publication-date meta tag,
//! else the first <time datetime> (the article's own before the page's). The body is the text of
//! the <article> (the largest one when a page has several), else <main>, else <body>: its
//! paragraphs, headings and list items, or, when it has none, all its text cut at block
//! elements. Scripts, styles, navigation, headers, footers, asides and forms are left out;
//! gumbo decodes entities. og:site_name is the outlet.
//!
//! Pathological nesting is cut before parsing: gumbo's tree building is quadratic in the depth
//! of open elements (100,000 nested <div>s take minutes and gigabytes), so tags that would open
//! deeper than kMaxDepth levels are dropped, their text kept (see limit_nesting()). The tree is
//! walked with explicit stacks, never by recursion.
#include <algorithm>
#include <cctype>
#include <optional>
#include <unordered_map>
#include <utility>

#include <gumbo.h>
#include <nlohmann/json.hpp>

#include "dates.hpp"
#include "readers.hpp"

namespace gazette::detail {
namespace {

/// A page larger than this is not an article: it is skipped.
constexpr std::size_t kMaxPage = std::size_t{64} << 20;
/// Real pages nest a few dozen levels; browsers themselves stop nesting at 512.
constexpr std::size_t kMaxDepth = 256;

// ---------------------------------------------------------------------------------------------
// Cutting pathological nesting, on the raw text

bool is_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == ':' || c == '_';
}

bool one_of(std::string_view name, std::initializer_list<std::string_view> names) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

bool is_void(std::string_view name) {
    return one_of(
        name, {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
               "source", "track", "wbr", "keygen", "basefont", "bgsound", "frame", "image"});
}

bool is_raw_text(std::string_view name) {
    return one_of(name, {"script", "style", "textarea", "title", "xmp", "iframe", "noembed",
                         "noframes", "noscript"});
}

/// Elements whose start tag closes an open element of the same group (<li> an open <li>).
int sibling_group(std::string_view name) {
    if (one_of(name, {"p"})) return 1;
    if (one_of(name, {"li"})) return 2;
    if (one_of(name, {"dt", "dd"})) return 3;
    if (one_of(name, {"td", "th"})) return 4;
    if (one_of(name, {"tr"})) return 5;
    if (one_of(name, {"option", "optgroup"})) return 6;
    if (one_of(name, {"thead", "tbody", "tfoot"})) return 7;
    if (one_of(name, {"rb", "rt", "rp"})) return 8;
    if (one_of(name, {"h1", "h2", "h3", "h4", "h5", "h6"})) return 9;
    return 0;
}

/// Block start tags close an open <p>.
bool closes_p(std::string_view name) {
    return one_of(name, {"address", "article", "aside",  "blockquote", "div", "dl", "fieldset",
                         "figure",  "footer",  "form",   "h1",         "h2",  "h3", "h4",
                         "h5",      "h6",      "header", "main",       "nav", "ol", "p",
                         "pre",     "section", "table",  "ul",         "li"});
}

/// Where the end tag "</name" (any case) of a raw text element starts, from `from` on; npos if
/// there is none.
std::size_t find_end_tag(std::string_view html, std::size_t from, std::string_view name) {
    for (auto at = html.find("</", from); at != std::string_view::npos;
         at = html.find("</", at + 2)) {
        if (ascii_lower(html.substr(at + 2, name.size())) == name) return at;
    }
    return std::string_view::npos;
}

/// The end of the tag starting at html[at] ('<'), past quoted attribute values; npos if none.
std::size_t tag_end(std::string_view html, std::size_t at) {
    char quote = 0;
    for (std::size_t i = at + 1; i < html.size(); ++i) {
        const char c = html[i];
        if (quote != 0) {
            if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
            // Only a quote right after "=" (and spaces) opens an attribute value.
            std::size_t k = i;
            while (k > at && (html[k - 1] == ' ' || html[k - 1] == '\t' || html[k - 1] == '\n')) {
                --k;
            }
            if (html[k - 1] == '=') quote = c;
        } else if (c == '>') {
            return i;
        }
    }
    return std::string_view::npos;
}

/// The open elements of a page as limit_nesting() tracks them, and the tags it drops.
class NestingLimiter {
  public:
    explicit NestingLimiter(std::size_t max_depth) : max_depth_(max_depth) {}

    /// An end tag `name` spanning [begin, next): dropped when its start tag was, else it closes
    /// the elements opened since that start tag.
    void close(const std::string& name, std::size_t begin, std::size_t next) {
        if (auto it = dropped_.find(name); it != dropped_.end() && it->second > 0) {
            --it->second;
            cuts_.emplace_back(begin, next);
        } else if (open_count_[name] > 0) {
            while (open_.back() != name) pop();
            pop();
        }
    }

    /// A start tag `name` (not void, not raw text) spanning [begin, next): it closes an open
    /// sibling of its group and an open <p> it ends, and is dropped when it would open too deep.
    void open(const std::string& name, std::size_t begin, std::size_t next) {
        const int group = sibling_group(name);
        if (!open_.empty() && group != 0 && sibling_group(open_.back()) == group) pop();
        if (!open_.empty() && open_.back() == "p" && closes_p(name)) pop();
        // At the limit a paragraph, heading or list item may still open one level deeper: it
        // closes the next one of its kind, so the text at the bottom keeps its paragraphs.
        const bool paragraph = group == 1 || group == 2 || group == 3 || group == 9;
        if (open_.size() > max_depth_ || (open_.size() == max_depth_ && !paragraph)) {
            ++dropped_[name];
            cuts_.emplace_back(begin, next);
        } else {
            open_.push_back(name);
            ++open_count_[name];
        }
    }

    /// The ranges of the dropped tags, in order.
    const std::vector<std::pair<std::size_t, std::size_t>>& cuts() const { return cuts_; }

  private:
    void pop() {
        --open_count_[open_.back()];
        open_.pop_back();
    }

    std::size_t max_depth_;
    std::vector<std::string> open_;
    std::unordered_map<std::string, std::size_t> open_count_;
    std::unordered_map<std::string, std::size_t> dropped_;
    std::vector<std::pair<std::size_t, std::size_t>> cuts_;
};

/// Where the markup at html[i] ('<') that is no element ends: a comment, a declaration or a
/// processing instruction; npos for a tag.
std::size_t skip_non_element(std::string_view html, std::size_t i) {
    if (html.substr(i, 4) == "<!--") {
        const auto end = html.find("-->", i + 4);
        return end == std::string_view::npos ? html.size() : end + 3;
    }
    if (html[i + 1] == '!' || html[i + 1] == '?') {
        const auto end = html.find('>', i);
        return end == std::string_view::npos ? html.size() : end + 1;
    }
    return std::string_view::npos;
}

/// `html` without the ranges `cuts`, each replaced by the line breaks it held.
std::string without(std::string_view html, const std::vector<std::pair<std::size_t, std::size_t>>& cuts) {
    std::string out;
    out.reserve(html.size());
    std::size_t from = 0;
    for (const auto& [begin, end] : cuts) {
        out.append(html, from, begin - from);
        const auto cut = html.substr(begin, end - begin);
        out.append(static_cast<std::size_t>(std::count(cut.begin(), cut.end(), '\n')), '\n');
        from = end;
    }
    out.append(html, from);
    return out;
}

/// Drops the tags of `html` that would open an element deeper than `max_depth` levels, with
/// their end tags, keeping their text and line breaks. Open elements are tracked the simple way
/// (void elements, raw text, same-group siblings and block tags closing <p>), which overcounts
/// depth rather than undercounting it. Returns nullopt when nothing was dropped; else the
/// offset of the first dropped tag in `cut_at`.
std::optional<std::string> limit_nesting(std::string_view html, std::size_t max_depth,
                                         std::size_t& cut_at) {
    NestingLimiter limiter(max_depth);
    std::size_t i = 0;
    while ((i = html.find('<', i)) != std::string_view::npos && i + 1 < html.size()) {
        if (const auto after = skip_non_element(html, i); after != std::string_view::npos) {
            i = after;
            continue;
        }
        const bool closing = html[i + 1] == '/';
        const std::size_t name_at = i + (closing ? 2 : 1);
        if (name_at >= html.size() || !is_ascii_alpha(html[name_at])) {
            ++i;
            continue;
        }
        std::size_t name_end = name_at;
        while (name_end < html.size() && is_name_char(html[name_end])) ++name_end;
        const auto name = ascii_lower(html.substr(name_at, name_end - name_at));
        const auto end = tag_end(html, i);
        if (end == std::string_view::npos) break;
        const std::size_t next = end + 1;
        if (closing) {
            limiter.close(name, i, next);
        } else if (is_raw_text(name)) {
            // Their content is text, not tags; the end tag is left for the next round.
            const auto close = find_end_tag(html, next, name);
            i = close == std::string_view::npos ? html.size() : close;
            continue;
        } else if (!is_void(name) && html[end - 1] != '/') {
            limiter.open(name, i, next);
        }
        i = next;
    }
    if (limiter.cuts().empty()) return std::nullopt;
    cut_at = limiter.cuts().front().first;
    return without(html, limiter.cuts());
}

// ---------------------------------------------------------------------------------------------
// The parsed tree

bool is_element(const GumboNode* node) {
    return node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE;
}

GumboTag tag_of(const GumboNode* node) {
    return is_element(node) ? node->v.element.tag : GUMBO_TAG_UNKNOWN;
}

bool is_html(const GumboNode* node) {
    return is_element(node) && node->v.element.tag_namespace == GUMBO_NAMESPACE_HTML;
}

std::string_view attribute(const GumboNode* node, const char* name) {
    if (!is_element(node)) return {};
    const GumboAttribute* attr = gumbo_get_attribute(&node->v.element.attributes, name);
    return attr != nullptr && attr->value != nullptr ? std::string_view(attr->value)
                                                     : std::string_view();
}

bool is_text(const GumboNode* node) {
    return node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA ||
           node->type == GUMBO_NODE_WHITESPACE;
}

/// Elements whose content is never article text.
bool is_dropped(const GumboNode* node) {
    if (!is_element(node)) return false;
    if (!is_html(node)) return true;  // svg and math
    switch (node->v.element.tag) {
        case GUMBO_TAG_SCRIPT:
        case GUMBO_TAG_STYLE:
        case GUMBO_TAG_NAV:
        case GUMBO_TAG_HEADER:
        case GUMBO_TAG_FOOTER:
        case GUMBO_TAG_ASIDE:
        case GUMBO_TAG_FORM:
        case GUMBO_TAG_NOSCRIPT:
        case GUMBO_TAG_TEMPLATE:
        case GUMBO_TAG_IFRAME:
        case GUMBO_TAG_BUTTON:
        case GUMBO_TAG_SELECT:
        case GUMBO_TAG_TEXTAREA:
        case GUMBO_TAG_OBJECT:
        case GUMBO_TAG_EMBED:
        case GUMBO_TAG_CANVAS:
        case GUMBO_TAG_AUDIO:
        case GUMBO_TAG_VIDEO:
        case GUMBO_TAG_HEAD:
        case GUMBO_TAG_TITLE:
            return true;
        default:
            return false;
    }
}

/// The elements that make the paragraphs of an article.
bool is_paragraph(GumboTag tag) {
    switch (tag) {
        case GUMBO_TAG_P:
        case GUMBO_TAG_H1:
        case GUMBO_TAG_H2:
        case GUMBO_TAG_H3:
        case GUMBO_TAG_H4:
        case GUMBO_TAG_H5:
        case GUMBO_TAG_H6:
        case GUMBO_TAG_LI:
        case GUMBO_TAG_DT:
        case GUMBO_TAG_DD:
        case GUMBO_TAG_BLOCKQUOTE:
        case GUMBO_TAG_PRE:
        case GUMBO_TAG_FIGCAPTION:
            return true;
        default:
            return false;
    }
}

/// Elements that end the text before them and start new text: paragraph boundaries.
bool is_block(GumboTag tag) {
    if (is_paragraph(tag)) return true;
    switch (tag) {
        case GUMBO_TAG_DIV:
        case GUMBO_TAG_SECTION:
        case GUMBO_TAG_ARTICLE:
        case GUMBO_TAG_MAIN:
        case GUMBO_TAG_BODY:
        case GUMBO_TAG_UL:
        case GUMBO_TAG_OL:
        case GUMBO_TAG_DL:
        case GUMBO_TAG_TABLE:
        case GUMBO_TAG_TR:
        case GUMBO_TAG_TD:
        case GUMBO_TAG_TH:
        case GUMBO_TAG_CAPTION:
        case GUMBO_TAG_BR:
        case GUMBO_TAG_HR:
        case GUMBO_TAG_ADDRESS:
        case GUMBO_TAG_FIGURE:
        case GUMBO_TAG_DETAILS:
        case GUMBO_TAG_SUMMARY:
        case GUMBO_TAG_CENTER:
            return true;
        default:
            return false;
    }
}

/// Visits `root` and everything under it in document order, without recursion. `enter` is
/// called on every node and returns whether to descend; `leave` on every element entered.
template <typename Enter, typename Leave>
void walk(const GumboNode* root, Enter enter, Leave leave) {
    std::vector<std::pair<const GumboNode*, bool>> stack{{root, false}};
    while (!stack.empty()) {
        const auto [node, leaving] = stack.back();
        stack.pop_back();
        if (leaving) {
            leave(node);
            continue;
        }
        if (!enter(node)) continue;
        if (!is_element(node) && node->type != GUMBO_NODE_DOCUMENT) continue;
        const GumboVector& children = node->type == GUMBO_NODE_DOCUMENT ? node->v.document.children
                                                                        : node->v.element.children;
        stack.emplace_back(node, true);
        for (unsigned k = children.length; k > 0; --k) {
            stack.emplace_back(static_cast<const GumboNode*>(children.data[k - 1]), false);
        }
    }
}

/// All the text under `node`, scripts and the like left out.
std::string text_of(const GumboNode* node) {
    std::string raw;
    walk(
        node,
        [&](const GumboNode* n) {
            if (is_text(n)) raw += n->v.text.text;
            if (is_block(tag_of(n))) raw += ' ';
            return n == node || !is_dropped(n);
        },
        [](const GumboNode*) {});
    return clean_text(raw);
}

std::uint32_t line_of(const GumboNode* node) {
    if (is_text(node)) return node->v.text.start_pos.line;
    if (is_element(node)) return node->v.element.start_pos.line;
    return 0;
}

/// Gathers the text of an element into paragraphs; see the file comment.
class BodyCollector {
  public:
    /// Paragraph elements only when `paragraphs_only`, else all text.
    std::vector<Paragraph> collect(const GumboNode* root, bool paragraphs_only) {
        int inside = 0;  // paragraph elements open around the current node
        walk(
            root,
            [&](const GumboNode* node) {
                if (is_text(node)) {
                    if (!paragraphs_only || inside > 0) add(node);
                    return false;
                }
                if (!is_element(node)) return false;
                if (node != root && is_dropped(node)) return false;
                const auto tag = tag_of(node);
                if (is_block(tag)) flush();
                if (is_paragraph(tag)) ++inside;
                return true;
            },
            [&](const GumboNode* node) {
                const auto tag = tag_of(node);
                if (is_block(tag)) flush();
                if (is_paragraph(tag)) --inside;
            });
        flush();
        return body_.finish();
    }

  private:
    void add(const GumboNode* node) {
        const std::string_view text = node->v.text.text;
        if (trim(text_).empty() && !trim(text).empty()) line_ = node->v.text.start_pos.line;
        text_ += text;
    }

    void flush() {
        if (!trim(text_).empty()) {
            body_.add(text_, line_);
            body_.close();
        }
        text_.clear();
    }

    ParagraphBuilder body_;
    std::string text_;
    std::uint32_t line_ = 0;
};

/// A date value and where it was found.
struct DateCandidate {
    std::string value;
    std::uint32_t line = 0;
};

/// The first "datePublished" string in a JSON-LD block (objects, arrays and @graph alike).
std::optional<std::string> json_ld_date(std::string_view text) {
    const auto json = nlohmann::json::parse(text, nullptr, false);
    if (json.is_discarded()) return std::nullopt;
    std::vector<const nlohmann::json*> stack{&json};
    while (!stack.empty()) {
        const auto* value = stack.back();
        stack.pop_back();
        if (value->is_object()) {
            if (const auto it = value->find("datePublished");
                it != value->end() && it->is_string()) {
                return it->get<std::string>();
            }
        }
        if (value->is_structured()) {
            std::vector<const nlohmann::json*> children;
            for (const auto& child : *value) children.push_back(&child);
            stack.insert(stack.end(), children.rbegin(), children.rend());
        }
    }
    return std::nullopt;
}

/// An element other than <meta> with itemprop="datePublished" and a machine-readable value.
bool itemprop_date(const GumboNode* node) {
    return tag_of(node) != GUMBO_TAG_META &&
           ascii_lower(attribute(node, "itemprop")) == "datepublished" &&
           (!attribute(node, "datetime").empty() || !attribute(node, "content").empty());
}

/// What the page says about itself, gathered in one walk.
struct PageFacts {
    std::string og_title;
    std::string site_name;
    const GumboNode* title = nullptr;
    const GumboNode* h1 = nullptr;
    const GumboNode* main = nullptr;
    const GumboNode* body = nullptr;
    std::vector<const GumboNode*> articles;  // outermost <article>s outside dropped elements
    std::vector<const GumboNode*> times;     // <time datetime> outside dropped elements
    std::vector<DateCandidate> published;    // article:published_time and its spellings
    std::vector<DateCandidate> json_ld;      // JSON-LD datePublished
    std::vector<DateCandidate> other_dates;  // itemprop=datePublished, name=date, DC.date...
};

/// What a <meta> says: og:title, og:site_name, or a publication date.
void note_meta(const GumboNode* node, PageFacts& facts) {
    const auto content = std::string(attribute(node, "content"));
    auto key = ascii_lower(attribute(node, "property"));
    if (key.empty()) key = ascii_lower(attribute(node, "name"));
    const auto itemprop = ascii_lower(attribute(node, "itemprop"));
    const DateCandidate found{content, line_of(node)};
    if (key == "og:title" && facts.og_title.empty()) facts.og_title = clean_text(content);
    if (key == "og:site_name" && facts.site_name.empty()) facts.site_name = clean_text(content);
    if (key == "article:published_time" || key == "og:published_time" ||
        key == "published_time") {
        facts.published.push_back(found);
    } else if (itemprop == "datepublished" || key == "date" || key == "pubdate" ||
               key == "publishdate" || key == "publish-date" || key == "dc.date" ||
               key == "dc.date.issued" || key == "dcterms.date" || key == "dcterms.issued" ||
               key == "sailthru.date") {
        facts.other_dates.push_back(found);
    }
}

/// The datePublished of a JSON-LD <script>, if it has one.
void note_json_ld(const GumboNode* node, PageFacts& facts) {
    const auto type = ascii_lower(attribute(node, "type"));
    if (type.find("ld+json") == std::string::npos || node->v.element.children.length == 0) return;
    const auto* text = static_cast<const GumboNode*>(node->v.element.children.data[0]);
    if (!is_text(text)) return;
    if (auto date = json_ld_date(text->v.text.text)) {
        facts.json_ld.push_back(DateCandidate{*date, line_of(node)});
    }
}

/// An element of the page outside dropped elements: the first <h1>, <main> and <body>, the
/// outermost <article>s (`articles` are open around it), <time>s and itemprop dates.
void note_element(const GumboNode* node, GumboTag tag, int articles, PageFacts& facts) {
    if (tag == GUMBO_TAG_H1 && facts.h1 == nullptr) facts.h1 = node;
    if (tag == GUMBO_TAG_MAIN && facts.main == nullptr) facts.main = node;
    if (tag == GUMBO_TAG_BODY && facts.body == nullptr) facts.body = node;
    if (tag == GUMBO_TAG_ARTICLE && articles == 0) facts.articles.push_back(node);
    if (tag == GUMBO_TAG_TIME && !attribute(node, "datetime").empty()) facts.times.push_back(node);
    if (itemprop_date(node)) {
        const auto datetime = attribute(node, "datetime");
        facts.other_dates.push_back(DateCandidate{
            std::string(datetime.empty() ? attribute(node, "content") : datetime), line_of(node)});
    }
}

PageFacts gather(const GumboNode* document) {
    PageFacts facts;
    int dropped = 0;   // dropped elements open around the current node
    int articles = 0;  // <article>s open around the current node
    walk(
        document,
        [&](const GumboNode* node) {
            if (!is_element(node)) return node->type == GUMBO_NODE_DOCUMENT;
            const auto tag = tag_of(node);
            const bool html = is_html(node);
            if (html && tag == GUMBO_TAG_META) {
                note_meta(node, facts);
            } else if (html && tag == GUMBO_TAG_SCRIPT) {
                note_json_ld(node, facts);
            } else if (html && tag == GUMBO_TAG_TITLE && facts.title == nullptr) {
                facts.title = node;
            } else if (html && dropped == 0) {
                note_element(node, tag, articles, facts);
            }
            if (is_dropped(node)) ++dropped;
            if (tag == GUMBO_TAG_ARTICLE) ++articles;
            return true;
        },
        [&](const GumboNode* node) {
            if (is_dropped(node)) --dropped;
            if (tag_of(node) == GUMBO_TAG_ARTICLE) --articles;
        });
    return facts;
}

bool contains(const GumboNode* ancestor, const GumboNode* node) {
    for (; node != nullptr; node = node->parent) {
        if (node == ancestor) return true;
    }
    return false;
}

/// "Headline | Site" (or " - ", " :: ", en and em dashes) without the site's name.
std::string strip_site(const std::string& title, const std::string& site) {
    if (site.empty() || title.size() <= site.size() || !title.ends_with(site)) return title;
    const auto rest = trim(std::string_view(title).substr(0, title.size() - site.size()));
    for (const std::string_view separator : {"|", "-", "\u2013", "\u2014", "::", "\u00b7"}) {
        if (rest.ends_with(separator)) {
            return clean_text(rest.substr(0, rest.size() - separator.size()));
        }
    }
    return title;
}

using GumboTree = std::unique_ptr<GumboOutput, void (*)(GumboOutput*)>;

/// Parses `html`, whose first line is line `first_line` of the input, with tags nested too
/// deeply cut first (and reported, once).
GumboTree parse(std::string& html, const LineReader& lines, std::uint32_t first_line) {
    std::size_t cut_at = 0;
    if (auto limited = limit_nesting(html, kMaxDepth, cut_at)) {
        const auto line =
            std::count(html.begin(), html.begin() + static_cast<std::ptrdiff_t>(cut_at), '\n');
        lines.report(first_line + static_cast<std::uint32_t>(line),
                     "tags nested deeper than " + std::to_string(kMaxDepth) +
                         " levels; the deeper tags are ignored, their text is kept");
        html = std::move(*limited);
    }
    GumboOptions options = kGumboDefaultOptions;
    options.max_errors = 0;  // errors are not reported: keep none of them in memory
    return GumboTree(gumbo_parse_with_options(&options, html.data(), html.size()),
                     [](GumboOutput* out) { gumbo_destroy_output(&kGumboDefaultOptions, out); });
}

/// Moves paragraph lines from the page's own numbering to the input's, and repairs their
/// text: gumbo 0.10 turns a numeric reference beyond any code point ("&#xeeeeeeee") into bytes
/// that are not UTF-8 (fuzz-reader-feed/gumbo-reference-overflow.xml).
void finish_paragraphs(std::vector<Paragraph>& paragraphs, std::uint32_t first_line) {
    for (auto& paragraph : paragraphs) {
        paragraph.line += first_line - 1;
        repair_utf8(paragraph.text);
    }
}

const GumboNode* choose_container(const PageFacts& facts) {
    if (!facts.articles.empty()) {
        // A page of teasers has many <article>s: the story is the one with the most text.
        const GumboNode* best = nullptr;
        std::size_t best_size = 0;
        for (const auto* node : facts.articles) {
            const auto size = text_of(node).size();
            if (best == nullptr || size > best_size) {
                best = node;
                best_size = size;
            }
        }
        if (best_size > 0) return best;
    }
    if (facts.main != nullptr) return facts.main;
    return facts.body;
}

std::string title_of(const PageFacts& facts) {
    if (!facts.og_title.empty()) return facts.og_title;
    if (facts.title != nullptr) {
        std::string raw;
        for (unsigned k = 0; k < facts.title->v.element.children.length; ++k) {
            const auto* child =
                static_cast<const GumboNode*>(facts.title->v.element.children.data[k]);
            if (is_text(child)) raw += child->v.text.text;
        }
        auto title = strip_site(clean_text(raw), facts.site_name);
        if (!title.empty()) return title;
    }
    if (facts.h1 != nullptr) return text_of(facts.h1);
    return {};
}

void read_date(const PageFacts& facts, const GumboNode* container, const LineReader& lines,
               std::uint32_t first_line, Article& article) {
    std::vector<DateCandidate> candidates = facts.published;
    candidates.insert(candidates.end(), facts.json_ld.begin(), facts.json_ld.end());
    candidates.insert(candidates.end(), facts.other_dates.begin(), facts.other_dates.end());
    // The article's own <time> before one elsewhere on the page (today's date in a banner).
    for (const bool inside : {true, false}) {
        for (const auto* time : facts.times) {
            if (container != nullptr && contains(container, time) != inside) continue;
            candidates.push_back(
                DateCandidate{std::string(attribute(time, "datetime")), line_of(time)});
        }
    }
    for (const auto& candidate : candidates) {
        if (const auto date = parse_date(trim(candidate.value))) {
            article.date = *date;
            article.date_source = DateSource::header;
            return;
        }
    }
    // None is readable: say so about the first, which the page meant to be its date.
    if (!candidates.empty()) {
        set_header_date(article, candidates.front().value, lines,
                        first_line - 1 + candidates.front().line);
    }
}

/// Reads the page into `article`; see read_html_page().
bool read_page_facts(const GumboNode* document, const LineReader& lines, std::uint32_t first_line,
                     Article& article) {
    const auto facts = gather(document);
    if (!facts.site_name.empty()) article.outlets.push_back(facts.site_name);

    const GumboNode* container = choose_container(facts);
    article.title = title_of(facts);
    read_date(facts, container, lines, first_line, article);
    if (container != nullptr) {
        // Paragraph elements where the page has them; all its text where it has none
        // besides the headline.
        for (const bool paragraphs_only : {true, false}) {
            article.paragraphs = BodyCollector().collect(container, paragraphs_only);
            // The headline is usually repeated as an <h1>: it is the title, not body.
            if (!article.paragraphs.empty() && article.paragraphs.front().text == article.title) {
                article.paragraphs.erase(article.paragraphs.begin());
            }
            if (!article.paragraphs.empty()) break;
        }
    }
    finish_paragraphs(article.paragraphs, first_line);
    repair_utf8(article.title);
    for (auto& outlet : article.outlets) repair_utf8(outlet);
    return !article.title.empty() || !article.paragraphs.empty();
}

class HtmlReader final : public ArticleReader {
  public:
    explicit HtmlReader(std::unique_ptr<LineReader> lines) : lines_(std::move(lines)) {}

    bool next(Article& article) override {
        if (done_) return false;
        done_ = true;
        std::string html;
        if (!read_page(html)) return false;
        start_article(article, lines_->path(), 1);
        article.id = lines_->path();
        if (!read_html_page(html, *lines_, 1, article)) {
            lines_->report("no title and no text in the page");
            return false;
        }
        return true;
    }

  private:
    bool read_page(std::string& html) {
        std::string line;
        bool too_big = false;
        while (lines_->next(line)) {
            if (too_big) continue;
            if (html.size() + line.size() + 1 > kMaxPage) {
                too_big = true;
                html.clear();
                html.shrink_to_fit();
                continue;
            }
            // Lines are joined with LF so that gumbo's line numbers are the file's.
            html += line;
            html += '\n';
        }
        if (too_big) lines_->report("page larger than 64 MiB skipped");
        return !too_big;
    }

    std::unique_ptr<LineReader> lines_;
    bool done_ = false;
};

}  // namespace

bool read_html_page(std::string& html, const LineReader& lines, std::uint32_t first_line,
                    Article& article) {
    const auto tree = parse(html, lines, first_line);
    return read_page_facts(tree->document, lines, first_line, article);
}

std::vector<Paragraph> html_paragraphs(std::string html, const LineReader& lines,
                                       std::uint32_t first_line) {
    const auto tree = parse(html, lines, first_line);
    const auto facts = gather(tree->document);
    if (facts.body == nullptr) return {};
    auto paragraphs = BodyCollector().collect(facts.body, false);
    finish_paragraphs(paragraphs, first_line);
    return paragraphs;
}

std::unique_ptr<ArticleReader> make_html_reader(std::unique_ptr<LineReader> lines,
                                                const ReaderOptions&) {
    return std::make_unique<HtmlReader>(std::move(lines));
}

}  // namespace gazette::detail
