//! Finding an article's date: parsing the spellings news archives use, and inferring a date
//! from the text or the file name when the header has none.
//!
//! Entry points: parse_date() for a header value, date_from_text() and date_from_filename()
//! for inference. None of them throws or reads the clock; a value that is not a valid calendar
//! day is nullopt.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "article.hpp"
#include "date.hpp"

namespace gazette {

/// Parses a date as headers write it: ISO 8601 ("2024-03-14", "2024-03-14T09:30:00Z"),
/// VMS style ("26-FEB-1987 15:01:01.79"), RFC 2822 in sloppy real-world spellings
/// ("Mon, 29 Mar 1993 11:57:19 GMT", "29 Mar 93 11:57:19", "Monday, 5-Apr-93"),
/// "March 13, 2024", "13 March 2024", "Mar 13 2024", US numeric "01/04/63" (MM/DD/YY) and
/// "2024/03/14". Two-digit years are 19YY when YY >= 30, else 20YY.
std::optional<Date> parse_date(std::string_view text);

/// Infers a date from the first paragraphs of an article: a dateline
/// ("BEIJING, March 13 (Xinhua) --"), a full date anywhere in them ("March 13, 2024"), or a
/// month and day ("on March 13th") with the year taken from the text (the latest plausible
/// year the article mentions). A plausible year is from 1800 to the year after `reference`'s,
/// the day the indexing run started (IndexOptions::reference_date): the same text gets the same
/// date whenever it is indexed with the same reference. nullopt when nothing credible is found.
std::optional<Date> date_from_text(const std::string& title,
                                   const std::vector<Paragraph>& paragraphs,
                                   const Date& reference);

/// Infers a date from a file name or path: "2024-03-14-story.txt", "20240314.txt",
/// "1790_george_washington.txt" (a year alone gives January 1st of it), "news/2024/03/14/x".
std::optional<Date> date_from_filename(std::string_view path);

}  // namespace gazette
