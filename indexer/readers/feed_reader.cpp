//! The feed reader: RSS 2.0 (and 0.9x and 1.0) and Atom, one article per item or entry, parsed
//! with libxml2's SAX2 push parser in recovery mode.
//!
//! Entry point: make_feed_reader(). The input's lines go to the parser in chunks; the tree it
//! builds is pruned as it grows: each item (entry) is cut out when its end tag is read and
//! turned into an article, and every other element under the feed or channel is freed once
//! closed, so memory holds one item at a time whatever the size of the feed.
//!
//! An article: the title (Atom's type="html" and RSS titles that carry markup or entity
//! references through the HTML reader's text extraction); the link as docno and the key of the
//! id, "path#link" (else guid or Atom id, else the line); the date from pubDate, published,
//! dc:date or updated, in that order; the body from content:encoded or Atom content, else
//! description or summary, HTML turned into paragraphs by the HTML reader (html_paragraphs());
//! the feed's own title as the outlet.
//!
//! Malformed XML is read the way libxml2 recovers it, and its first error in each item is
//! reported with the line (20 lines per file at most). Before parsing, the input is mended
//! where feeds are most often broken and the intent is plain: a "&" that starts no reference
//! ("AT&T", URLs) is read as text, an undefined entity ("&nbsp;" without a DTD) is passed on
//! as text for the HTML text extraction to decode, and characters XML forbids become spaces.
//! The encoding declaration is not consulted: the line reader has made the input UTF-8.
#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>

#include <algorithm>
#include <array>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <utility>

#include "dates.hpp"
#include "readers.hpp"

namespace gazette::detail {
namespace {

constexpr std::string_view kAtom = "http://www.w3.org/2005/Atom";
constexpr std::string_view kAtom03 = "http://purl.org/atom/ns#";
constexpr std::string_view kRss1 = "http://purl.org/rss/1.0/";
constexpr std::string_view kRss09 = "http://my.netscape.com/rdf/simple/0.9/";
constexpr std::string_view kContent = "http://purl.org/rss/1.0/modules/content/";
constexpr std::string_view kDublinCore = "http://purl.org/dc/elements/1.1/";
/// The parser is fed this much at a time.
constexpr std::size_t kChunk = std::size_t{64} << 10;
/// XML errors reported per file; a badly broken feed would give thousands.
constexpr int kMaxErrors = 20;

// ---------------------------------------------------------------------------------------------
// Mending the input

bool is_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.' || c == ':' || static_cast<unsigned char>(c) >= 0x80;
}

bool is_hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/// The length of the reference "&...;" at the start of `text`, or 0 when it is none; `name`
/// gets an entity's name (empty for a character reference).
std::size_t reference_length(std::string_view text, std::string_view& name) {
    name = {};
    std::size_t i = 1;
    if (i < text.size() && text[i] == '#') {
        ++i;
        const bool hex = i < text.size() && (text[i] == 'x' || text[i] == 'X');
        if (hex) ++i;
        const auto digits = i;
        while (i < text.size() && (hex ? is_hex(text[i]) : (text[i] >= '0' && text[i] <= '9'))) {
            ++i;
        }
        return i > digits && i < text.size() && text[i] == ';' ? i + 1 : 0;
    }
    while (i < text.size() && is_name_char(text[i])) ++i;
    if (i == 1 || i >= text.size() || text[i] != ';') return 0;
    name = text.substr(1, i - 1);
    return i + 1;
}

/// Mends XML text line by line (see the file comment), following enough of its lexical
/// structure that CDATA sections, comments and processing instructions are left as they are.
class XmlMender {
  public:
    /// Appends `line` and a line feed, mended, to `out`.
    void add(std::string_view line, std::string& out) {
        for (std::size_t i = 0; i < line.size();) i = step(line, i, out);
        out += '\n';
    }

  private:
    enum class State { text, tag, comment, cdata, instruction, declaration };

    /// Copies what starts at line[i] and returns where to go on.
    std::size_t step(std::string_view line, std::size_t i, std::string& out) {
        const char c = line[i];
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 && c != '\t') {
            out += ' ';  // a control character: not allowed anywhere in XML
            return i + 1;
        }
        if (line.substr(i, 3) == "\xEF\xBF\xBE" || line.substr(i, 3) == "\xEF\xBF\xBF") {
            out += "\xEF\xBF\xBD";  // U+FFFE and U+FFFF are not XML characters either
            return i + 3;
        }
        switch (state_) {
            case State::text: return in_text(line, i, out);
            case State::tag:
                if (quote_ != 0) {
                    if (c == quote_) quote_ = 0;
                    if (c == '&') return ampersand(line, i, out);
                } else if (c == '"' || c == '\'') {
                    quote_ = c;
                } else if (c == '>') {
                    state_ = State::text;
                }
                break;
            case State::comment: return until(line, i, "-->", out);
            case State::cdata: return until(line, i, "]]>", out);
            case State::instruction: return until(line, i, "?>", out);
            case State::declaration: return in_declaration(line, i, out);
        }
        out += c;
        return i + 1;
    }

    std::size_t in_text(std::string_view line, std::size_t i, std::string& out) {
        const auto rest = line.substr(i);
        if (rest[0] == '&') return ampersand(line, i, out);
        if (rest[0] == '<') {
            std::size_t skip = 1;
            if (rest.starts_with("<!--")) {
                state_ = State::comment;
                skip = 4;
            } else if (rest.starts_with("<![CDATA[")) {
                state_ = State::cdata;
                skip = 9;
            } else if (rest.starts_with("<?")) {
                state_ = State::instruction;
                skip = 2;
            } else if (rest.starts_with("<!")) {
                state_ = State::declaration;
                skip = 2;
            } else {
                state_ = State::tag;
                quote_ = 0;
            }
            out.append(rest.substr(0, skip));
            return i + skip;
        }
        out += rest[0];
        return i + 1;
    }

    /// A "&": kept when it starts a reference XML knows, else escaped as text.
    std::size_t ampersand(std::string_view line, std::size_t i, std::string& out) {
        std::string_view name;
        const auto length = reference_length(line.substr(i), name);
        const bool known = length > 0 && (name.empty() || name == "amp" || name == "lt" ||
                                          name == "gt" || name == "quot" || name == "apos" ||
                                          declared_.count(std::string(name)) > 0);
        out += known ? "&" : "&amp;";
        return i + 1;
    }

    /// Copies up to and including `end`, then back to text.
    std::size_t until(std::string_view line, std::size_t i, std::string_view end,
                      std::string& out) {
        const auto at = line.find(end, i);
        if (at == std::string_view::npos) {
            copy_checked(line.substr(i), out);
            return line.size();
        }
        copy_checked(line.substr(i, at + end.size() - i), out);
        state_ = State::text;
        return at + end.size();
    }

    /// A DOCTYPE and its internal subset: entities it declares are known from then on.
    std::size_t in_declaration(std::string_view line, std::size_t i, std::string& out) {
        const auto rest = line.substr(i);
        if (rest.starts_with("<!ENTITY")) {
            std::size_t k = 8;
            while (k < rest.size() && (rest[k] == ' ' || rest[k] == '\t' || rest[k] == '%')) ++k;
            const auto start = k;
            while (k < rest.size() && is_name_char(rest[k])) ++k;
            if (k > start) declared_.emplace(rest.substr(start, k - start));
        }
        const char c = rest[0];
        if (c == '[') ++brackets_;
        if (c == ']' && brackets_ > 0) --brackets_;
        if (c == '>' && brackets_ == 0) state_ = State::text;
        out += c;
        return i + 1;
    }

    /// Copies `text` with the characters XML forbids replaced, as step() does.
    static void copy_checked(std::string_view text, std::string& out) {
        for (std::size_t i = 0; i < text.size(); ++i) {
            const auto byte = static_cast<unsigned char>(text[i]);
            if (byte < 0x20 && text[i] != '\t') {
                out += ' ';
            } else if (text.substr(i, 3) == "\xEF\xBF\xBE" || text.substr(i, 3) == "\xEF\xBF\xBF") {
                out += "\xEF\xBF\xBD";
                i += 2;
            } else {
                out += text[i];
            }
        }
    }

    State state_ = State::text;
    char quote_ = 0;
    int brackets_ = 0;
    std::set<std::string, std::less<>> declared_;
};

// ---------------------------------------------------------------------------------------------
// The tree

std::string_view name_of(const xmlNode* node) {
    return node->name != nullptr ? reinterpret_cast<const char*>(node->name) : "";
}

std::string_view namespace_of(const xmlNode* node) {
    return node->ns != nullptr && node->ns->href != nullptr
               ? reinterpret_cast<const char*>(node->ns->href)
               : "";
}

/// Namespaces whose elements are the feed's own (not Media RSS, iTunes and the like).
bool is_feed_namespace(std::string_view ns) {
    return ns.empty() || ns == kRss1 || ns == kRss09 || ns == kAtom || ns == kAtom03;
}

bool is_element(const xmlNode* node, std::string_view name) {
    return node->type == XML_ELEMENT_NODE && name_of(node) == name &&
           is_feed_namespace(namespace_of(node));
}

bool is_atom(const xmlNode* node) {
    const auto ns = namespace_of(node);
    return ns == kAtom || ns == kAtom03;
}

bool is_item(const xmlNode* node) { return is_element(node, "item") || is_element(node, "entry"); }

/// True for the feed's title: <channel><title> (RSS) or the root's <title> (Atom).
bool is_feed_title(const xmlNode* node) {
    if (!is_element(node, "title") || node->parent == nullptr) return false;
    const xmlNode* parent = node->parent;
    return is_element(parent, "channel") ||
           (is_element(parent, "feed") && parent->parent != nullptr &&
            parent->parent->type == XML_DOCUMENT_NODE);
}

/// Depth below the document: 1 for the root element.
int depth_of(const xmlNode* node) {
    int depth = 0;
    for (; node != nullptr && node->type != XML_DOCUMENT_NODE; node = node->parent) ++depth;
    return depth;
}

std::string content_of(const xmlNode* node) {
    xmlChar* text = xmlNodeGetContent(node);
    std::string out = text != nullptr ? reinterpret_cast<const char*>(text) : "";
    xmlFree(text);
    return out;
}

std::string attribute(const xmlNode* node, const char* name) {
    xmlChar* value = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
    std::string out = value != nullptr ? reinterpret_cast<const char*>(value) : "";
    xmlFree(value);
    return out;
}

/// The markup of a node's children, for content given as XHTML elements.
std::string inner_markup(xmlNode* node) {
    std::unique_ptr<xmlBuffer, void (*)(xmlBufferPtr)> buffer(xmlBufferCreate(), xmlBufferFree);
    for (xmlNode* child = node->children; child != nullptr; child = child->next) {
        xmlNodeDump(buffer.get(), node->doc, child, 0, 0);
    }
    return reinterpret_cast<const char*>(xmlBufferContent(buffer.get()));
}

bool has_element_child(const xmlNode* node) {
    for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
        if (child->type == XML_ELEMENT_NODE) return true;
    }
    return false;
}

std::uint32_t line_of(const xmlNode* node) {
    const long line = xmlGetLineNo(node);
    return line > 0 ? static_cast<std::uint32_t>(line) : 0;
}

/// True when `text` holds a tag or a reference, which an RSS title is not meant to hold but
/// often does ("Q&amp;A" escaped twice, "<b>Live</b>").
bool looks_like_html(std::string_view text) {
    for (std::size_t i = 0; i + 1 < text.size(); ++i) {
        if (text[i] == '<' && (text[i + 1] == '/' || (text[i + 1] | 0x20) >= 'a') &&
            (text[i + 1] | 0x20) <= 'z') {
            return true;
        }
        std::string_view name;
        if (text[i] == '&' && reference_length(text.substr(i), name) > 0) return true;
    }
    return false;
}

/// What an item's element holds: text, HTML, or nothing readable (binary, elsewhere).
enum class Content { text, html, xhtml, none };

/// The kind of an Atom text construct or content element from its type and src attributes.
Content atom_content(const xmlNode* node) {
    if (!attribute(node, "src").empty()) return Content::none;
    const auto type = ascii_lower(trim(attribute(node, "type")));
    if (type.empty() || type == "text" || type == "text/plain") return Content::text;
    if (type == "html" || type == "text/html") return Content::html;
    if (type == "xhtml" || type == "application/xhtml+xml") return Content::xhtml;
    return type.starts_with("text/") ? Content::text : Content::none;
}

/// The fields of one item, as found among its children.
struct ItemFields {
    xmlNode* title = nullptr;
    std::string link;
    std::string guid;
    std::vector<std::pair<int, xmlNode*>> dates;  // (rank, element): the lowest rank wins
    xmlNode* content = nullptr;                   // content:encoded, Atom content
    xmlNode* summary = nullptr;                   // description, summary
};

/// The rank of a date element: pubDate, published, dc:date, updated, Atom 0.3's issued and
/// modified; -1 for anything else. (dc:date, rank 2, is told by its namespace.)
int date_rank(const xmlNode* node) {
    if (namespace_of(node) == kDublinCore) return name_of(node) == "date" ? 2 : -1;
    if (!is_feed_namespace(namespace_of(node))) return -1;
    static constexpr std::array<std::string_view, 6> kDates = {"pubDate", "published", "",
                                                               "updated", "issued",    "modified"};
    for (std::size_t k = 0; k < kDates.size(); ++k) {
        if (!kDates[k].empty() && name_of(node) == kDates[k]) return static_cast<int>(k);
    }
    return -1;
}

void take_link(xmlNode* node, ItemFields& fields) {
    if (!fields.link.empty()) return;
    const auto href = attribute(node, "href");
    if (href.empty()) {
        fields.link = trim(content_of(node));  // RSS
        return;
    }
    const auto rel_value = attribute(node, "rel");
    const auto rel = trim(rel_value);
    if (rel.empty() || rel == "alternate") fields.link = trim(href);
}

ItemFields fields_of(xmlNode* item) {
    ItemFields fields;
    for (xmlNode* child = item->children; child != nullptr; child = child->next) {
        if (child->type != XML_ELEMENT_NODE) continue;
        if (const int rank = date_rank(child); rank >= 0) {
            fields.dates.emplace_back(rank, child);
        } else if (name_of(child) == "encoded" && namespace_of(child) == kContent) {
            if (fields.content == nullptr) fields.content = child;
        } else if (!is_feed_namespace(namespace_of(child))) {
            continue;
        } else if (name_of(child) == "title") {
            if (fields.title == nullptr) fields.title = child;
        } else if (name_of(child) == "link") {
            take_link(child, fields);
        } else if (name_of(child) == "guid" || name_of(child) == "id") {
            if (fields.guid.empty()) fields.guid = trim(content_of(child));
        } else if (name_of(child) == "content") {
            if (fields.content == nullptr) fields.content = child;
        } else if (name_of(child) == "description" || name_of(child) == "summary") {
            if (fields.summary == nullptr) fields.summary = child;
        }
    }
    std::stable_sort(fields.dates.begin(), fields.dates.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    return fields;
}

// ---------------------------------------------------------------------------------------------
// The reader

class FeedReader final : public ArticleReader {
  public:
    explicit FeedReader(std::unique_ptr<LineReader> lines) : lines_(std::move(lines)) {
        static std::once_flag once;
        std::call_once(once, [] { xmlInitParser(); });
        xmlSAXHandler handler{};
        xmlSAXVersion(&handler, 2);
        handler.startElementNs = on_start;
        handler.endElementNs = on_end;
        handler.characters = on_text;
        handler.cdataBlock = on_text;
        handler.serror = on_error;
        handler.warning = nullptr;
        handler.error = nullptr;
        handler.fatalError = nullptr;
        parser_ = xmlCreatePushParserCtxt(&handler, nullptr, nullptr, 0, lines_->path().c_str());
        if (parser_ == nullptr) throw std::bad_alloc();
        parser_->_private = this;
        xmlCtxtUseOptions(parser_, XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOENT |
                                       XML_PARSE_NOCDATA | XML_PARSE_NOBLANKS |
                                       XML_PARSE_IGNORE_ENC | XML_PARSE_BIG_LINES);
        xmlSwitchEncoding(parser_, XML_CHAR_ENCODING_UTF8);
    }

    ~FeedReader() override {
        if (parser_->myDoc != nullptr) xmlFreeDoc(parser_->myDoc);
        xmlFreeParserCtxt(parser_);
    }

    FeedReader(const FeedReader&) = delete;
    FeedReader& operator=(const FeedReader&) = delete;

    bool next(Article& article) override {
        while (ready_.empty() && !finished_) feed();
        if (ready_.empty()) return false;
        article = std::move(ready_.front());
        ready_.pop_front();
        return true;
    }

  private:
    static FeedReader& self(void* context) {
        return *static_cast<FeedReader*>(static_cast<xmlParserCtxtPtr>(context)->_private);
    }

    static void on_start(void* context, const xmlChar* name, const xmlChar* prefix,
                         const xmlChar* uri, int namespaces, const xmlChar** ns_values,
                         int attributes, int defaulted, const xmlChar** values) {
        xmlSAX2StartElementNs(context, name, prefix, uri, namespaces, ns_values, attributes,
                              defaulted, values);
        auto* node = static_cast<xmlParserCtxtPtr>(context)->node;
        if (node != nullptr && is_item(node)) {
            self(context).error_in_item_ = false;
            ++self(context).items_;
        }
    }

    /// Reads what has ended while it is still in the tree (its namespaces are declared on its
    /// ancestors): an item (wherever it is: recovery may have nested it in the one before) into
    /// an article, the feed's title into the outlet. Then an item, or anything else near the
    /// top, is cut out and freed.
    static void on_end(void* context, const xmlChar* name, const xmlChar* prefix,
                       const xmlChar* uri) {
        auto* parser = static_cast<xmlParserCtxtPtr>(context);
        xmlNode* ended = parser->node;
        xmlSAX2EndElementNs(context, name, prefix, uri);
        if (ended == nullptr || ended->parent == nullptr) return;
        if (ended->parent->type == XML_DOCUMENT_NODE) return;  // the root stays to the end
        auto& reader = self(context);
        const bool item = is_item(ended);
        try {
            if (item) {
                Article article;
                if (reader.read_item(ended, article)) reader.ready_.push_back(std::move(article));
                reader.error_in_item_ = false;
            } else if (reader.outlet_.empty() && is_feed_title(ended)) {
                reader.outlet_ = reader.title_text(ended);
            }
        } catch (...) {
            reader.failure_ = std::current_exception();
            xmlStopParser(parser);
        }
        if (!item && depth_of(ended) > 2) return;
        xmlUnlinkNode(ended);
        // The parser remembers the size of the text node it last appended to, to grow it in
        // place; with the element after it gone, the parent's last child may be another text
        // node, which must be appended to afresh (fuzz-reader-feed/text-after-cut-item.rss).
        parser->nodelen = 0;
        parser->nodemem = 0;
        xmlFreeNode(ended);
    }

    /// Text directly in the feed or channel is no one's: it is dropped, not kept until the end.
    static void on_text(void* context, const xmlChar* text, int length) {
        const auto* node = static_cast<xmlParserCtxtPtr>(context)->node;
        if (node == nullptr || depth_of(node) <= 1 || is_element(node, "channel")) return;
        xmlSAX2Characters(context, text, length);
    }

    static void on_error(void* context, xmlErrorPtr error) {
        if (error == nullptr || error->level < XML_ERR_ERROR) return;
        auto* parser = static_cast<xmlParserCtxtPtr>(error->ctxt);
        if (parser == nullptr) parser = static_cast<xmlParserCtxtPtr>(context);
        if (parser == nullptr || parser->_private == nullptr) return;
        auto& reader = *static_cast<FeedReader*>(parser->_private);
        try {
            reader.error(error);
        } catch (...) {
            reader.failure_ = std::current_exception();
            xmlStopParser(parser);
        }
    }

    void error(xmlErrorPtr error) {
        ++errors_;
        if (error_in_item_ || finishing_ || errors_ > kMaxErrors) return;
        error_in_item_ = true;
        std::string message = error->message != nullptr ? error->message : "unknown error";
        while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
            message.pop_back();
        }
        const auto line = error->line > 0 ? static_cast<std::uint32_t>(error->line) : 0;
        lines_->report(line, "malformed XML (" + clean_text(message) +
                                 "); read on as the parser recovered it");
    }

    /// Gives the parser the next chunk of the input, or the end of it.
    void feed() {
        chunk_.clear();
        std::string line;
        while (chunk_.size() < kChunk && lines_->next(line)) mender_.add(line, chunk_);
        const bool end = chunk_.empty();
        if (end) finishing_ = true;
        xmlParseChunk(parser_, chunk_.data(), static_cast<int>(chunk_.size()), end ? 1 : 0);
        if (failure_) std::rethrow_exception(std::exchange(failure_, nullptr));
        // disableSAX: the parser gave up before the end (two feeds in one file, nesting too
        // deep...), and has said why.
        if (end || parser_->disableSAX != 0) finish();
    }

    void finish() {
        finished_ = true;
        for (const xmlNode* node = parser_->node; node != nullptr; node = node->parent) {
            if (is_item(node)) {
                lines_->report(line_of(node),
                               "item not closed before the end of the file (truncated?); skipped");
                break;
            }
        }
        if (errors_ > kMaxErrors) {
            lines_->report(std::to_string(errors_) + " XML errors in all; the first " +
                           std::to_string(kMaxErrors) + " are reported");
        }
        if (items_ == 0) lines_->report("no items or entries in the feed");
    }

    /// The plain text of a title.
    std::string title_text(xmlNode* node) const {
        const bool rss = !is_atom(node);
        const auto kind = rss ? Content::text : atom_content(node);
        std::string text = kind == Content::xhtml ? inner_markup(node) : content_of(node);
        if (kind == Content::html || kind == Content::xhtml || (rss && looks_like_html(text))) {
            std::string joined;
            for (const auto& paragraph : html_paragraphs(std::move(text), *lines_, 1)) {
                append_clean(joined, paragraph.text);
            }
            return joined;
        }
        return clean_text(text);
    }

    /// The paragraphs of a description or content element: RSS's hold HTML, Atom's say
    /// what they hold.
    std::vector<Paragraph> body_of(xmlNode* node) const {
        const auto line = line_of(node);
        auto kind = is_atom(node) ? atom_content(node) : Content::html;
        if (kind == Content::html && has_element_child(node)) kind = Content::xhtml;
        if (kind == Content::xhtml) return html_paragraphs(inner_markup(node), *lines_, line);
        if (kind == Content::html) return html_paragraphs(content_of(node), *lines_, line);
        if (kind == Content::none) return {};
        // Plain text: paragraphs at blank lines.
        ParagraphBuilder body;
        const auto text = content_of(node);
        std::uint32_t at = line;
        for (std::size_t start = 0; start <= text.size();) {
            auto end = text.find('\n', start);
            if (end == std::string::npos) end = text.size();
            const auto piece = std::string_view(text).substr(start, end - start);
            if (trim(piece).empty()) {
                body.close();
            } else {
                body.add(piece, at);
            }
            ++at;
            start = end + 1;
        }
        return body.finish();
    }

    bool read_item(xmlNode* item, Article& article) const {
        const bool rss = !is_atom(item);
        const auto line = line_of(item);
        start_article(article, lines_->path(), line);
        const auto fields = fields_of(item);
        if (fields.title != nullptr) article.title = title_text(fields.title);
        article.docno = !fields.link.empty() ? fields.link : fields.guid;
        repair_utf8(article.docno);
        article.docno = clean_text(article.docno);
        article.id =
            lines_->path() + "#" + (article.docno.empty() ? std::to_string(line) : article.docno);
        read_date(fields, article);
        if (fields.content != nullptr) article.paragraphs = body_of(fields.content);
        if (article.paragraphs.empty() && fields.summary != nullptr) {
            article.paragraphs = body_of(fields.summary);
        }
        if (!outlet_.empty()) article.outlets.push_back(outlet_);
        if (article.title.empty() && article.paragraphs.empty()) {
            return keep_empty_record(article, *lines_, line,
                                     rss ? "item without title or text"
                                         : "entry without title or text");
        }
        return true;
    }

    void read_date(const ItemFields& fields, Article& article) const {
        for (const auto& [rank, node] : fields.dates) {
            if (const auto date = parse_date(trim(content_of(node)))) {
                article.date = *date;
                article.date_source = DateSource::header;
                return;
            }
        }
        if (!fields.dates.empty()) {
            const auto* first = fields.dates.front().second;
            set_header_date(article, content_of(first), *lines_, line_of(first));
        }
    }

    std::unique_ptr<LineReader> lines_;
    xmlParserCtxtPtr parser_ = nullptr;
    XmlMender mender_;
    std::string chunk_;
    std::deque<Article> ready_;  // read from the chunks parsed so far
    std::string outlet_;
    std::exception_ptr failure_;
    std::uint64_t items_ = 0;
    int errors_ = 0;
    bool error_in_item_ = false;
    bool finishing_ = false;
    bool finished_ = false;
};

}  // namespace

std::unique_ptr<ArticleReader> make_feed_reader(std::unique_ptr<LineReader> lines,
                                                const ReaderOptions&) {
    return std::make_unique<FeedReader>(std::move(lines));
}

}  // namespace gazette::detail
