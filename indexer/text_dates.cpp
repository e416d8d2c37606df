//! Dates inferred from an article's text: publication cues only; see dates.hpp.
//!
//! Two cues say when an article appeared: a dateline opening one of its first three paragraphs
//! ("BEIJING, March 13 (Xinhua) --", "NEW YORK, March 3, 2024 /PRNewswire/ --") and a lead
//! phrase in the first sentence of one of its first two paragraphs saying when the reported
//! thing happened ("According to CCTV, on March 13th, Li Qiang ..."). The first cue found
//! decides; nothing else in the text dates an article.
//!
//! A lead phrase is passed over when its sentence shows the day to be about something else: a
//! birth, an anniversary or history ("born", "anniversary", "ago", "since"), a plan ("will",
//! "is set to", "scheduled"), the start or end of a span ("until", "beginning on", "due on"),
//! a quoted message ("On 2 Apr 1993, x@y wrote:", a line starting with ">"), a quotation or an
//! aside in brackets. So is one that states a year: news style leaves out the current year,
//! so "on 5 April 1920" is another year's day.
//!
//! A dateline may state its year. A cue without one takes it from, in turn: a full date of the
//! same day in a paragraph before it (a photo caption's "March 13, 2024"); the file's context
//! (the date the file's previous article got from its source or path, when the day lies within
//! 45 days of it); for a lead phrase, the latest year the article speaks of, when it speaks of
//! it as going on ("have shown growth in 2024") and never says "last year". Years that are
//! targets, terms or history ("by 2020", "due 1999", "fiscal 1988", "since 1948", "2004 to
//! 2008") do not count. When the user states the period the archive's articles appeared in
//! (`--period 1987`), a dateline's day without a year takes the one year of the period that
//! holds it (none when the period holds that day in several years), after the file's context;
//! an inferred date outside the period is no date. A weekday that does not fit the day, or a day after the reference day
//! (the run's "today"), gives no date. Relative days ("on Tuesday") are never resolved: the day
//! an archive is indexed says nothing about when its articles appeared.
//!
//! Entry point: date_from_text().
#include <algorithm>
#include <cstdlib>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "date_tokens.hpp"
#include "dates.hpp"

namespace gazette {
namespace {

using namespace detail;

/// Older years in news text are history being told.
constexpr int kMinYear = 1800;
/// A day without a year is put in the file context's year when it lies this close to it.
constexpr long kContextDays = 45;
/// Datelines open one of the first paragraphs (after a photo caption, say); lead phrases stand
/// in the first sentence of one of the first two (a speech may be one long paragraph).
constexpr std::size_t kDatelineParagraphs = 3;
constexpr std::size_t kLeadParagraphs = 2;

// ---------------------------------------------------------------------------------------------
// Sentences and the words around a date

// Abbreviations whose full stop does not end a sentence ("Mr. Li", "Feb. 26", "U.S.").
constexpr std::string_view kAbbreviations[] = {
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "gen", "gov", "sen", "rep", "prof", "no", "co",
    "corp", "inc", "ltd", "vs", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "mon", "tue", "wed", "thu", "fri", "sat", "sun"};

bool ends_sentence(Tokens t, std::size_t k) {
    if (t[k].kind != Kind::punct) return false;
    if (t[k].text == "!" || t[k].text == "?") return true;
    if (t[k].text != ".") return false;
    if (k + 1 < t.size() && !t[k + 1].spaced) return false;
    if (k == 0 || t[k - 1].kind != Kind::word) return true;
    const std::string_view word = t[k - 1].text;
    return word.size() > 1 && !is_one_of(word, kAbbreviations);
}

struct Span {
    std::size_t begin = 0;
    std::size_t end = 0;
};

/// The sentence holding t[i].
Span sentence_of(Tokens t, std::size_t i) {
    Span span{i, i};
    while (span.begin > 0 && !ends_sentence(t, span.begin - 1)) --span.begin;
    while (span.end < t.size() && !ends_sentence(t, span.end)) ++span.end;
    return span;
}

// Words and marks that make a sentence the attribution or header line of a quoted message
// ("On Fri, 16 Apr 1993, x@y wrote:", "Date: 4 Apr 1993"): its date is that message's.
constexpr std::string_view kMessageWords[] = {"wrote", "writes", "write", "posted", "article",
                                              "date", "dated", "sent", "received"};

// Words that make a date in their sentence a birth, an anniversary or history being told.
constexpr std::string_view kHistoryWords[] = {
    "born", "birth", "births", "birthday", "née", "né", "nacido", "nacida", "geboren",
    "anniversary", "anniversaries", "anniversaire", "aniversario", "jahrestag", "commemorate",
    "commemorates", "commemorated", "commemorating", "commemoration", "ago", "history",
    "historic", "founded", "since", "originally"};

// Words that make a date in their sentence a plan or a forecast.
constexpr std::string_view kFutureWords[] = {"will", "shall", "ll", "scheduled", "expected",
                                             "planned", "plans", "plan", "deadline", "upcoming",
                                             "forecast", "forecasts", "next", "tomorrow"};

// Words before "to" that make a plan of what follows: "is set to leave on 28 January".
constexpr std::string_view kFutureBeforeTo[] = {"set", "is", "are", "due", "going", "about",
                                                "expected", "plans", "planned", "scheduled"};

// Words that, right before a date or a year, make it the end or start of a span, a term or a
// deadline: "since March 13", "beginning on April 1st", "due on 3 February", "by 2020".
constexpr std::string_view kSpanWords[] = {
    "since", "until", "till", "from", "beginning", "starting", "before", "by", "due",
    "through", "effective", "between", "expires", "expiring", "maturing", "matures", "ending",
    "fiscal", "fy", "next"};

constexpr std::size_t kWordsAfterDate = 3;  // words after a date that still describe it

bool future_at(Tokens t, std::size_t k) {
    if (is_word_in(t, k, kFutureWords)) return true;
    return k > 0 && is_kind(t, k, Kind::word) && iequals(t[k].text, "to") &&
           is_word_in(t, k - 1, kFutureBeforeTo);
}

/// What the sentence around t[begin, end) shows about the date or year there.
struct Surroundings {
    bool message = false;  // a quoted message's attribution or header line
    bool history = false;
    bool future = false;
    bool span = false;  // a span word right before it
};

Surroundings surroundings(Tokens t, std::size_t begin, std::size_t end) {
    Surroundings found;
    const Span sentence = sentence_of(t, begin);
    const std::size_t near_end = std::min(sentence.end, end + kWordsAfterDate);
    for (std::size_t k = sentence.begin; k < sentence.end; ++k) {
        found.message = found.message || is_punct(t, k, "@") || is_word_in(t, k, kMessageWords);
        found.history = found.history || is_word_in(t, k, kHistoryWords);
        // A plan later in the sentence is often another clause's: "rose on Monday and will
        // rise again".
        found.future = found.future || (k < near_end && future_at(t, k));
    }
    for (std::size_t k = begin; k > sentence.begin && k + 2 > begin; --k) {
        found.span = found.span || is_word_in(t, k - 1, kSpanWords);
    }
    return found;
}

/// True when the words of the date's sentence say the date at [begin, end) is about something
/// else than what the article reports.
bool about_something_else(Tokens t, std::size_t begin, std::size_t end) {
    const Surroundings around = surroundings(t, begin, end);
    return around.message || around.history || around.future || around.span;
}

bool is_quote_mark(Tokens t, std::size_t k) {
    return is_punct(t, k, "\"") || is_punct(t, k, "\u201c") || is_punct(t, k, "\u201d") ||
           is_punct(t, k, "\u00ab") || is_punct(t, k, "\u00bb");
}

/// True when t[i] stands inside a quotation: an odd number of quote marks before it.
bool quoted(Tokens t, std::size_t i) {
    std::size_t marks = 0;
    for (std::size_t k = 0; k < i; ++k) marks += is_quote_mark(t, k) ? 1 : 0;
    return marks % 2 == 1;
}

// ---------------------------------------------------------------------------------------------
// The years an article speaks of

bool is_currency(std::string_view mark) {
    return mark == "$" || mark == "#" || mark == "\u00a3" || mark == "\u20ac" ||
           mark == "\u00a5";
}

// Words after which four digits are a clock time, as sports fixtures write it: "1945 GMT".
constexpr std::string_view kClockWords[] = {"gmt", "utc", "bst", "cet", "est", "edt",
                                            "pst", "pdt", "hrs", "hours"};

/// A four-digit number at t[i] that reads as a year: not money, not a clock time, not part of
/// a bigger number.
bool is_year_mention(Tokens t, std::size_t i) {
    if (!is_number_of(t, i, 4, 4) || continues_number_before(t, i)) return false;
    if (i > 0 && !t[i].spaced && t[i - 1].kind == Kind::punct && is_currency(t[i - 1].text)) {
        return false;
    }
    if (continues_number(t, i + 1) || glued_ascii_word(t, i + 1)) return false;
    return !is_word_in(t, i + 1, kClockWords);
}

/// A year the article speaks of as its own time: a year mention that is not the end of a range
/// ("2004-2008", "2004 to 2008"), a target or term ("by 2020", "fiscal 1988"), history ("since
/// 1948") or a plan ("will open in 2008").
bool is_own_year(Tokens t, std::size_t i) {
    if (!is_year_mention(t, i)) return false;
    if (i > 1 && (is_punct(t, i - 1, "-") || iequals(t[i - 1].text, "to")) &&
        is_number_of(t, i - 2, 4, 4)) {
        return false;
    }
    const Surroundings around = surroundings(t, i, i + 1);
    return !around.history && !around.future && !around.span;
}

constexpr std::string_view kYearWords[] = {"year", "year's"};
constexpr std::string_view kPerfectWords[] = {"has", "have"};

bool ends_clause(Tokens t, std::size_t k) {
    return is_punct(t, k, ",") || is_punct(t, k, ";") || is_punct(t, k, ":");
}

/// True when the clause before the year at t[i] speaks in the present perfect ("have shown
/// growth in 2024"): the year is still going on.
bool perfect_before(Tokens t, std::size_t i) {
    const Span sentence = sentence_of(t, i);
    for (std::size_t k = i; k > sentence.begin && !ends_clause(t, k - 1); --k) {
        if (is_word_in(t, k - 1, kPerfectWords)) return true;
    }
    return false;
}

/// The years from kMinYear to the reference year that the title and text speak of as theirs.
struct YearsMentioned {
    int latest = 0;          // the latest, 0 when there is none
    int latest_ongoing = 0;  // the latest in a present perfect sentence, 0 when none
    /// The text says "last year": it speaks from a year after one it may name.
    bool last_year = false;
};

YearsMentioned years_mentioned(const std::string& title, const std::vector<Paragraph>& paragraphs,
                               int now) {
    std::vector<Token> tokens;
    YearsMentioned years;
    const auto scan = [&](std::string_view text) {
        tokenize(text, tokens);
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            if (i > 0 && is_word_in(tokens, i, kYearWords) && iequals(tokens[i - 1].text, "last")) {
                years.last_year = true;
            }
            if (!is_own_year(tokens, i)) continue;
            const int year = digits_value(tokens[i].text);
            if (year < kMinYear || year > now) continue;
            years.latest = std::max(years.latest, year);
            if (perfect_before(tokens, i)) years.latest_ongoing = std::max(years.latest_ongoing, year);
        }
    };
    scan(title);
    for (const Paragraph& paragraph : paragraphs) scan(paragraph.text);
    return years;
}

// ---------------------------------------------------------------------------------------------
// Cues

/// A day the text gives: month and day, the year when stated, the weekday when named.
struct Cue {
    int month = 0;
    int day = 0;
    int year = 0;      // 0 when the text leaves it out
    int weekday = -1;  // 0 for Monday, -1 when not named
    bool dateline = false;
    std::size_t next = 0;       // the token after it
    std::size_t paragraph = 0;  // the head paragraph it stands in
};

std::optional<Cue> month_day_with_optional_year(Tokens t, std::size_t i) {
    const auto md = any_month_day_at(t, i, Mode::text);
    if (!md) return std::nullopt;
    if (const auto year = year_after(t, md->next, Mode::text)) {
        return Cue{md->month, md->day, year->value, -1, false, year->next, 0};
    }
    return Cue{md->month, md->day, 0, -1, false, md->next, 0};
}

// The dash that ends a dateline's head: "--", an en or em dash, or a spaced hyphen (a hyphen
// inside a word, as in "WINSTON-SALEM", is part of the place).
bool is_dateline_dash(Tokens t, std::size_t i) {
    if (is_punct(t, i, "\u2013") || is_punct(t, i, "\u2014")) return true;
    return is_punct(t, i, "-") && (t[i].spaced || is_punct(t, i + 1, "-"));
}

// Where a dateline's place and agency end: the dash after "BEIJING, March 13 (Xinhua)". The
// head before it may hold capitalized place words, punctuation, one date and agency names in
// brackets or slashes; a lower-case word or a stray number means this is an ordinary sentence.
struct DatelineHead {
    std::size_t dash = 0;
    int place_words = 0;
    bool agency = false;  // a bracketed name: "(Reuters)"
    std::optional<Cue> date;
};

constexpr std::size_t kDatelineTokens = 30;

std::optional<DatelineHead> dateline_head(Tokens t) {
    DatelineHead head;
    int depth = 0;
    bool slashed = false;
    for (std::size_t i = 0; i < t.size() && i < kDatelineTokens;) {
        if (is_dateline_dash(t, i)) {
            head.dash = i;
            return head;
        }
        if (is_punct(t, i, "(") || is_punct(t, i, "[")) ++depth;
        if ((is_punct(t, i, ")") || is_punct(t, i, "]")) && depth > 0) --depth;
        if (is_punct(t, i, "/")) slashed = !slashed;  // "/PRNewswire/"
        head.agency = head.agency || ((depth > 0 || slashed) && t[i].kind == Kind::word);
        const bool outside = depth == 0 && !slashed && t[i].kind != Kind::punct;
        if (outside && !head.date && head.place_words > 0) {
            if (auto date = month_day_with_optional_year(t, i)) {
                head.date = date;
                i = date->next;
                continue;
            }
        }
        if (outside && (head.date || t[i].kind != Kind::word || !is_ascii_upper(t[i].text.front()))) {
            return std::nullopt;
        }
        if (outside) ++head.place_words;
        ++i;
    }
    return std::nullopt;
}

// "BEIJING, March 13 (Xinhua) --", "WASHINGTON, Feb 26 -", "LONDON (Reuters) - March 13, 2024".
// A date after the dash counts only after an agency's name: "RAPTURE - OCTOBER 28, 1992" is a
// heading.
std::optional<Cue> dateline(Tokens t) {
    if (t.empty() || t[0].kind != Kind::word || !is_ascii_upper(t[0].text.front())) return std::nullopt;
    const auto head = dateline_head(t);
    if (!head || head->place_words == 0) return std::nullopt;
    std::optional<Cue> cue = head->date;
    if (!cue && head->agency) {
        std::size_t after = head->dash + 1;
        while (is_dash(t, after)) ++after;
        cue = month_day_with_optional_year(t, after);
    }
    if (cue) cue->dateline = true;
    return cue;
}

// "on the 13th of March".
constexpr std::string_view kArticles[] = {"the"};

/// A lead phrase at t[i]: "on March 13th", "on 13 March 2024", "on Wednesday, March 13", "le
/// 13 mars", "el 13 de marzo", "am 13. März". A clock time after it ("on Tue, 13 Apr 1993
/// 02:32:13 GMT") makes it a message's timestamp, not a phrase.
std::optional<Cue> lead_phrase_at(Tokens t, std::size_t i) {
    if (!is_word_in(t, i, kDayPrepositions)) return std::nullopt;
    std::size_t j = i + 1;
    if (is_word_in(t, j, kArticles)) ++j;
    const int weekday = weekday_at(t, j, Mode::text);
    if (weekday >= 0) j = skip_punct(t, skip_punct(t, j + 1, "."), ",");
    auto cue = month_day_with_optional_year(t, j);
    if (!cue || skip_time(t, cue->next) != cue->next) return std::nullopt;
    cue->weekday = weekday;
    return cue;
}

/// True when t[i] stands inside parentheses or brackets: an aside or a citation.
bool bracketed(Tokens t, std::size_t i) {
    int depth = 0;
    for (std::size_t k = 0; k < i; ++k) {
        if (is_punct(t, k, "(") || is_punct(t, k, "[")) ++depth;
        if ((is_punct(t, k, ")") || is_punct(t, k, "]")) && depth > 0) --depth;
    }
    return depth > 0;
}

/// The first lead phrase in the first sentence of `t`, when it is about the reported news.
std::optional<Cue> lead_phrase(Tokens t) {
    for (std::size_t i = 0; i < t.size() && !ends_sentence(t, i); ++i) {
        auto cue = lead_phrase_at(t, i);
        if (!cue) continue;
        if (!quoted(t, i) && !bracketed(t, i) && !about_something_else(t, i, cue->next)) return cue;
        i = cue->next - 1;
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Years for a cue

/// The first paragraphs, tokenized once: cues are looked for only here.
struct ArticleHead {
    std::vector<std::vector<Token>> paragraphs;
};

ArticleHead tokenize_head(const std::vector<Paragraph>& paragraphs) {
    ArticleHead head;
    const std::size_t count = std::min(paragraphs.size(), kDatelineParagraphs);
    head.paragraphs.resize(count);
    for (std::size_t p = 0; p < count; ++p) {
        // A quoted line ("> On 2 Apr, Ann wrote") is another message's.
        if (!paragraphs[p].text.starts_with('>')) tokenize(paragraphs[p].text, head.paragraphs[p]);
    }
    return head;
}

/// The year of a full date of the cue's day in a paragraph before the cue's (a photo caption:
/// "... in Beijing, March 13, 2024. (Xinhua/Liu Bin)"), 0 if there is none. Full dates after
/// the cue are terms, anniversaries and plans ("warrants exercisable between Feb 26, 1988 and
/// Feb 26, 1992", "when he retires on April 1, 1988").
int year_of_same_day(const ArticleHead& head, const Cue& cue) {
    for (std::size_t p = 0; p < cue.paragraph; ++p) {
        const Tokens tokens{head.paragraphs[p]};
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            const auto found = full_date_at(tokens, i, Mode::text);
            if (!found || found->date.month != cue.month || found->date.day != cue.day) continue;
            if (!quoted(tokens, i) && !about_something_else(tokens, i, found->next)) {
                return found->date.year;
            }
        }
    }
    return 0;
}

/// The cue's day in the year that puts it nearest `around`, if within `days` of it.
std::optional<Date> nearest(const Cue& cue, const Date& around, long days) {
    for (const int year : {around.year, around.year - 1, around.year + 1}) {
        const Date date{year, cue.month, cue.day};
        if (date.valid() && std::labs(days_between(date, around)) <= days) return date;
    }
    return std::nullopt;
}

bool weekday_fits(const Cue& cue, const Date& date) {
    if (cue.weekday < 0) return true;
    // 1970-01-01 was a Thursday (3).
    const long days = date.days_since_epoch();
    return static_cast<int>(((days % 7) + 7 + 3) % 7) == cue.weekday;
}

/// What a cue's year may come from besides itself.
struct Evidence {
    const ArticleHead& head;
    const TextDateContext& context;
    const std::function<YearsMentioned()>& years;  // scans the whole text: asked only when needed
};

std::optional<Date> with_stated_year(const Cue& cue, const TextDateContext& context) {
    // News style leaves out the current year ("on March 13"): a lead phrase that states one
    // speaks of another year's day (history, a term, a plan, a message quoted).
    if (!cue.dateline) return std::nullopt;
    const Date date{cue.year, cue.month, cue.day};
    if (!date.valid() || cue.year < kMinYear || days_between(context.reference, date) > 1) {
        return std::nullopt;
    }
    return date;
}

/// The cue's day in the one year of `period` that holds it; nullopt when none or several do.
std::optional<Date> only_year_in(const Cue& cue, const DatePeriod& period) {
    std::optional<Date> found;
    for (int year = period.from.year; year <= period.until.year; ++year) {
        const Date date{year, cue.month, cue.day};
        if (!date.valid() || !period.contains(date)) continue;
        if (found) return std::nullopt;
        found = date;
    }
    return found;
}

std::optional<Date> with_inferred_year(const Cue& cue, const Evidence& evidence) {
    const Date& reference = evidence.context.reference;
    if (const int year = year_of_same_day(evidence.head, cue); year >= kMinYear) {
        const Date date{year, cue.month, cue.day};
        if (date.valid() && days_between(reference, date) <= 1) return date;
    }
    if (evidence.context.file_context) {
        if (auto date = nearest(cue, *evidence.context.file_context, kContextDays)) {
            return *date;
        }
    }
    // A dateline's day is the day of publication, so the period's year is its year; a lead
    // phrase's day may be a coming event's ("tickets for May 29"), so the period alone does
    // not date it.
    if (const auto& period = evidence.context.period; period && cue.dateline) {
        const auto date = only_year_in(cue, *period);
        if (date && days_between(reference, *date) <= 1) return date;
    }
    if (cue.dateline) return std::nullopt;
    // A lead phrase's day takes the year the article speaks of as going on, when that is the
    // latest it speaks of: "on March 13th, Li ..." and later "have shown growth in 2024".
    const YearsMentioned years = evidence.years();
    if (years.latest_ongoing == 0 || years.latest_ongoing != years.latest || years.last_year) {
        return std::nullopt;
    }
    const Date date{years.latest_ongoing, cue.month, cue.day};
    if (!date.valid() || days_between(date, reference) < 0) return std::nullopt;
    return date;
}

std::optional<Date> resolve(const Cue& cue, const Evidence& evidence) {
    auto found = cue.year != 0 ? with_stated_year(cue, evidence.context)
                               : with_inferred_year(cue, evidence);
    if (found && !weekday_fits(cue, *found)) return std::nullopt;
    // A day outside the stated period contradicts what the user knows of the archive.
    const auto& period = evidence.context.period;
    if (found && period && !period->contains(*found)) return std::nullopt;
    return found;
}

}  // namespace

std::optional<Date> date_from_text(const std::string& title,
                                   const std::vector<Paragraph>& paragraphs,
                                   const TextDateContext& context) {
    const ArticleHead head = tokenize_head(paragraphs);
    std::optional<YearsMentioned> scanned;
    const std::function<YearsMentioned()> years = [&] {
        if (!scanned) scanned = years_mentioned(title, paragraphs, context.reference.year);
        return *scanned;
    };
    const Evidence evidence{head, context, years};
    for (std::size_t p = 0; p < head.paragraphs.size(); ++p) {
        if (auto cue = dateline(head.paragraphs[p])) {
            cue->paragraph = p;
            return resolve(*cue, evidence);
        }
    }
    for (std::size_t p = 0; p < head.paragraphs.size() && p < kLeadParagraphs; ++p) {
        if (auto cue = lead_phrase(head.paragraphs[p])) {
            cue->paragraph = p;
            return resolve(*cue, evidence);
        }
    }
    return std::nullopt;
}

}  // namespace gazette
