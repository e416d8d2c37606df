//! The fields a query may name (`title:cocoa`, `date:2024-03`, `source:bbc`), one row each: the
//! one table the query parser reads (searcher/query_builder.cpp), beside the prefixes it uses
//! (schema.hpp).
//!
//!   field    prefix     kind       value
//!   -------  ---------  ---------  --------------------------------------------------------
//!   title    S          free text  words, stemmed as the body's; positioned
//!   date     D, M, Y    boolean    YYYY-MM-DD (a D term), YYYY-MM (M), YYYY (Y); and
//!                                  FROM..TO over kSlotDate, either end open
//!   year     Y          boolean    as written (YYYY)
//!   source   XS         boolean    lower-cased (source_term())
//!   outlet   XO         boolean    lower-cased (outlet_term())
//!   lang     L          boolean    lower-cased ISO 639-1 code (language_term())
//!
//! A new field is a row here, its terms built in schema.hpp and added by the indexer
//! (document_builder.cpp); a new way of parsing values is a FieldValues case in the query parser.
//! Entry point: kQueryFields.
#pragma once

#include <array>
#include <optional>
#include <string_view>

#include <xapian.h>

#include "schema.hpp"

namespace gazette::schema {

/// How a field's value is read from a query.
enum class FieldValues {
    words,       // free text: words stemmed and matched as the body's are, under the prefix
    verbatim,    // one boolean term: the prefix and the value as written
    lower_case,  // one boolean term: the prefix and the value lower-cased (field_term())
    date,        // a day, a month or a year: date_term(), month_term() or year_term()
};

struct QueryField {
    std::string_view name;    // as typed before the colon
    std::string_view prefix;  // the term prefix its terms carry (date: the day's)
    FieldValues values;
    /// The value slot `name:FROM..TO` ranges over, when the field takes ranges.
    std::optional<Xapian::valueno> range_slot;

    bool boolean() const { return values != FieldValues::words; }
};

inline constexpr std::array kQueryFields{
    QueryField{"title", kPrefixTitle, FieldValues::words, std::nullopt},
    QueryField{"date", kPrefixDate, FieldValues::date, kSlotDate},
    QueryField{"year", kPrefixYear, FieldValues::verbatim, std::nullopt},
    QueryField{"source", kPrefixSource, FieldValues::lower_case, std::nullopt},
    QueryField{"outlet", kPrefixOutlet, FieldValues::lower_case, std::nullopt},
    QueryField{"lang", kPrefixLanguage, FieldValues::lower_case, std::nullopt},
    QueryField{"story", kPrefixStory, FieldValues::verbatim, std::nullopt},
};

/// The row of field `name`, or null when no field has that name.
constexpr const QueryField* find_query_field(std::string_view name) {
    for (const QueryField& field : kQueryFields) {
        if (field.name == name) return &field;
    }
    return nullptr;
}

}  // namespace gazette::schema
