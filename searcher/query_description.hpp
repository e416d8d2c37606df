//! The parsed query in readable form: what `--show-query` and `-v` print and batch JSON carries
//! (docs/query-syntax.md, "Seeing the parsed query").
//!
//! Entry point: describe_query(), from a parsed Xapian::Query and the parser that made it.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <xapian.h>

namespace gazette {

/// A query as parsed for one language.
struct ParsedQuery {
    std::string language;  // ISO 639-1 code of the language it was parsed for
    /// The parsed query in Gazette's syntax, with the terms it searches (stems): `elect AND
    /// "tony blair"`, `title:cocoa`, `year:1987`, `date:1987-03-01..1987-03-31`.
    std::string query;
    /// Each free-text term searched and the words of the query that gave it ("elect" from
    /// "elections"); a title term is shown as title:TERM.
    std::vector<std::pair<std::string, std::vector<std::string>>> terms;
    std::vector<std::string> phrases;    // each as its terms in quotes
    std::vector<std::string> filters;    // date:, year:, source:, outlet:, lang: and ranges
    std::vector<std::string> stopwords;  // words dropped as stopwords
};

/// `query` (as parsed by `parser`, its last parse) described for `language`.
ParsedQuery describe_query(const Xapian::Query& query, const Xapian::QueryParser& parser,
                           const std::string& language);

/// `query` in Gazette's query syntax, terms shown as fields (title:, year:, ...) where they are.
std::string render_query(const Xapian::Query& query);

/// The lines --show-query prints: "query (en): ...", then "  terms: ..." and the like, and
/// "  expanded with: ..." when `expansion` is not empty.
std::vector<std::string> describe_lines(const std::vector<ParsedQuery>& parsed,
                                        const std::vector<std::pair<std::string, double>>& expansion);

}  // namespace gazette
