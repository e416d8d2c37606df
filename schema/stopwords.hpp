//! Stopword lists per language, read from Debian's liblingua-stopwords-perl package, which
//! carries the Snowball project's lists (English, German, French, Spanish and eleven more).
//!
//! Entry point: load_stopper(). Gazette removes stopwords from queries only; documents keep
//! every word, so phrases such as "the who" still match.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace gazette {

/// Where the lists live unless a caller names another folder.
inline constexpr std::string_view kStopwordDir = "/usr/share/perl5/Lingua/StopWords";

/// The stopwords for an ISO 639-1 code ("en"); empty when there is no list for it (or the
/// package is not installed).
std::vector<std::string> load_stopwords(std::string_view language_code,
                                        const std::string& folder = std::string(kStopwordDir));

/// A stopper holding `words`, or null when there are none.
std::unique_ptr<Xapian::SimpleStopper> make_stopper(const std::vector<std::string>& words);

/// The words of a Lingua::StopWords module's `qw( ... )` list.
std::vector<std::string> parse_stopword_module(const std::string& source);

}  // namespace gazette
