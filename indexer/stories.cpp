//! The story pass; see stories.hpp.
#include "stories.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "date.hpp"
#include "schema.hpp"
#include "text.hpp"

namespace gazette {
namespace {

constexpr long kUndated = std::numeric_limits<long>::min();
/// A band shared by more articles than this is a text too common to tell copies by (an empty
/// template, a signature): its postings are not read.
constexpr Xapian::doccount kMaxBandArticles = 2000;
/// Weights are idf over at least this many articles, so a small database does not make every
/// word look rare.
constexpr double kMinCollectionSize = 10000;
/// A lead of fewer stems (a table of figures, a one-line brief) says too little to tell one
/// event from another.
constexpr std::size_t kMinLeadStems = 4;
/// Headlines sharing this share of the shorter one's stems are alike (siblings()).
constexpr double kSiblingOverlap = 0.4;

long day_of(const std::string& compact) {
    const auto date = Date::from_iso(compact);
    return date ? date->days_since_epoch() : kUndated;
}

/// A kSlotLead value read back: "title stems | the body's other stems | the title's figures".
struct Lead {
    std::vector<std::string> title;
    std::vector<std::string> all;  // the title's stems and the body's
    std::vector<std::string> figures;

    explicit Lead(const std::string& value) {
        int part = 0;
        for (const std::string_view view : split_words(value)) {
            std::string word(view);
            if (word == "|") {
                ++part;
            } else if (part == 2) {
                figures.push_back(std::move(word));
            } else {
                if (part == 0) title.push_back(word);
                all.push_back(std::move(word));
            }
        }
    }

    bool has(const std::string& stem) const { return std::find(all.begin(), all.end(), stem) != all.end(); }
};

/// True when both titles give figures and share none: two reports of a kind (a market's
/// forecast of two days, two funds' payouts), not one event.
bool figures_differ(const Lead& a, const Lead& b) {
    if (a.figures.empty() || b.figures.empty()) return false;
    return std::none_of(a.figures.begin(), a.figures.end(), [&](const std::string& f) {
        return std::find(b.figures.begin(), b.figures.end(), f) != b.figures.end();
    });
}

/// True for the headlines of two reports of a kind: alike (at least kSiblingOverlap of the
/// shorter one's stems shared), yet each naming something the other article does not mention
/// at all (two funds' payouts, two cities' hog markets, two companies cutting crude prices).
/// Reports of one event in headlines that much alike name the same things.
bool siblings(const Lead& a, const Lead& b) {
    // Two headlines alone (a feed of headlines, wire flashes) name little beyond themselves: no
    // telling siblings from one event's headlines in other words.
    if (a.all.size() == a.title.size() || b.all.size() == b.title.size()) return false;
    std::size_t shared = 0;
    for (const std::string& stem : a.title) shared += std::find(b.title.begin(), b.title.end(), stem) != b.title.end();
    const std::size_t shorter = std::min(a.title.size(), b.title.size());
    if (shorter == 0 || static_cast<double>(shared) < kSiblingOverlap * static_cast<double>(shorter)) return false;
    const auto names_more = [](const Lead& x, const Lead& y) {
        return std::any_of(x.title.begin(), x.title.end(), [&](const std::string& stem) { return !y.has(stem); });
    };
    return names_more(a, b) && names_more(b, a);
}

std::string story_term(const std::string& story) { return std::string(schema::kPrefixStory) + story; }

std::optional<std::uint64_t> parse_hash(const std::string& fingerprint) {
    if (fingerprint.size() != 16) return std::nullopt;
    try {
        return std::stoull(fingerprint, nullptr, 16);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

/// The article a new one may join, and how good a match it is (higher is better).
struct Link {
    Xapian::docid did = 0;
    std::string story;  // the story it is in, or its own key when alone
    double score = 0;
};

/// Better than `best`: a higher score, then the smaller story id (the same choice whatever the
/// order candidates come in).
bool better(const Link& candidate, const std::optional<Link>& best) {
    if (!best) return true;
    if (candidate.score != best->score) return candidate.score > best->score;
    return candidate.story < best->story;
}

class StoryPass {
  public:
    StoryPass(const std::vector<Xapian::WritableDatabase*>& shards, const StoryOptions& options)
        : shards_(shards), options_(options) {
        for (Xapian::WritableDatabase* shard : shards_) all_.add_database(*shard);
        collection_ = std::max<double>(all_.get_doccount(), kMinCollectionSize);
        days_.assign(all_.get_lastdocid() + 1, kUndated);
        for (auto it = all_.valuestream_begin(schema::kSlotDate); it != all_.valuestream_end(schema::kSlotDate); ++it) {
            days_[it.get_docid()] = day_of(*it);
        }
    }

    /// The new articles, in the order the pass takes them.
    std::vector<Xapian::docid> new_articles() {
        struct New {
            long day;
            std::string key;
            Xapian::docid did;
        };
        std::vector<New> found;
        const auto n = static_cast<Xapian::docid>(shards_.size());
        for (Xapian::docid s = 0; s < n; ++s) {
            const Xapian::docid mark = assigned_mark(*shards_[s]);
            Xapian::PostingIterator it = shards_[s]->postlist_begin("");
            if (mark > 0) it.skip_to(mark + 1);
            for (; it != shards_[s]->postlist_end(""); ++it) {
                const Xapian::docid did = (*it - 1) * n + s + 1;
                const Xapian::Document doc = all_.get_document(did, Xapian::DOC_ASSUME_VALID);
                found.push_back({days_[did], doc.get_value(schema::kSlotArticle), did});
            }
        }
        // Undated articles after the dated ones; then by key, never by docid.
        std::sort(found.begin(), found.end(), [](const New& a, const New& b) {
            const bool a_dated = a.day != kUndated;
            const bool b_dated = b.day != kUndated;
            if (a_dated != b_dated) return a_dated;
            if (a.day != b.day) return a.day < b.day;
            return a.key < b.key;
        });
        std::vector<Xapian::docid> order;
        for (const New& item : found) {
            place_.emplace(item.did, static_cast<std::uint32_t>(order.size()));
            order.push_back(item.did);
        }
        return order;
    }

    /// Assigns the article `did`, the `index`th new one; returns what it joined.
    std::optional<Link> assign(Xapian::docid did, std::uint32_t index) {
        current_ = index;
        const Xapian::Document doc = all_.get_document(did, Xapian::DOC_ASSUME_VALID);
        if (!doc.get_value(schema::kSlotStory).empty()) return std::nullopt;  // an earlier pass's
        std::optional<Link> link = find_copy(did, doc);
        if (link) {
            link->score = -1;  // a copy, told apart from an event in the summary
        } else if (days_[did] != kUndated) {
            link = find_event(did, doc);
        }
        if (!link) return std::nullopt;
        if (story_of(link->did).empty()) write_story(link->did, link->story);
        write_story(did, link->story);
        auto [first, added] = first_day_.emplace(link->story, days_[did]);
        if (!added && days_[did] != kUndated) first->second = std::min(first->second, days_[did]);
        return link;
    }

    void commit(bool finished) {
        for (Xapian::WritableDatabase* shard : shards_) {
            if (finished) {
                shard->set_metadata(std::string(schema::kStoriesKey),
                                    std::to_string(shard->get_lastdocid()));
            }
            shard->commit_transaction();
        }
    }

  private:
    static Xapian::docid assigned_mark(const Xapian::Database& shard) {
        const std::string mark = shard.get_metadata(std::string(schema::kStoriesKey));
        try {
            return mark.empty() ? 0 : static_cast<Xapian::docid>(std::stoul(mark));
        } catch (const std::exception&) {
            return 0;  // unreadable: every article is looked at again (assigned ones are kept)
        }
    }

    /// True for an article the pass may join: an old one, or a new one already taken.
    bool taken(Xapian::docid did) const {
        const auto it = place_.find(did);
        return it == place_.end() || it->second < current_;
    }

    std::string story_of(Xapian::docid did) const {
        const auto it = written_.find(did);
        if (it != written_.end()) return it->second;
        return all_.get_document(did, Xapian::DOC_ASSUME_VALID).get_value(schema::kSlotStory);
    }

    /// The story `did` is in, as a Link: its own key when it is alone.
    Link link_to(Xapian::docid did, double score) const {
        std::string story = story_of(did);
        if (story.empty()) story = all_.get_document(did, Xapian::DOC_ASSUME_VALID).get_value(schema::kSlotArticle);
        return {did, std::move(story), score};
    }

    /// The day of the first dated report of `story` (kUndated when none is dated).
    long first_day(const std::string& story) {
        const auto it = first_day_.find(story);
        if (it != first_day_.end()) return it->second;
        long first = kUndated;
        const std::string term = story_term(story);
        for (auto p = all_.postlist_begin(term); p != all_.postlist_end(term); ++p) {
            const long day = days_[*p];
            if (day != kUndated && (first == kUndated || day < first)) first = day;
        }
        if (first == kUndated) {
            // An article alone: its story is its key, the day its own.
            const std::string id_term = schema::id_term_of_key(story);
            for (auto p = all_.postlist_begin(id_term); p != all_.postlist_end(id_term); ++p) first = days_[*p];
        }
        first_day_.emplace(story, first);
        return first;
    }

    /// True when an article of day `day` may join `link`'s story: both undated, or within the
    /// window of the story's first report and of the article matched.
    bool within_window(long day, const Link& link) {
        const long other = days_[link.did];
        if (day == kUndated || other == kUndated) return true;
        if (std::labs(day - other) > options_.window_days) return false;
        const long first = first_day(link.story);
        return first == kUndated || std::labs(day - first) <= options_.window_days;
    }

    std::optional<Link> find_copy(Xapian::docid did, const Xapian::Document& doc) {
        const std::string fingerprint = doc.get_value(schema::kSlotFingerprint);
        if (fingerprint.empty()) return std::nullopt;
        const long day = days_[did];
        std::optional<Link> best;
        if (fingerprint[0] == '=') {
            const std::string term = std::string(schema::kPrefixExactCopy) + fingerprint.substr(1);
            for (auto p = all_.postlist_begin(term); p != all_.postlist_end(term); ++p) {
                if (*p == did || !taken(*p)) continue;
                Link candidate = link_to(*p, 64);
                if (within_window(day, candidate) && better(candidate, best)) best = std::move(candidate);
            }
            return best;
        }
        const auto hash = parse_hash(fingerprint);
        if (!hash) return std::nullopt;
        std::unordered_set<Xapian::docid> seen;
        for (int band = 0; band < 4; ++band) {
            const std::string term = fmt_band(band, *hash);
            if (all_.get_termfreq(term) > kMaxBandArticles) continue;
            for (auto p = all_.postlist_begin(term); p != all_.postlist_end(term); ++p) {
                if (*p == did || !taken(*p) || !seen.insert(*p).second) continue;
                const auto other = parse_hash(all_.get_document(*p, Xapian::DOC_ASSUME_VALID)
                                                  .get_value(schema::kSlotFingerprint));
                if (!other) continue;
                const int bits = std::popcount(*hash ^ *other);
                if (bits > options_.max_copy_bits) continue;
                Link candidate = link_to(*p, 64 - bits);
                if (within_window(day, candidate) && better(candidate, best)) best = std::move(candidate);
            }
        }
        return best;
    }

    static std::string fmt_band(int band, std::uint64_t hash) {
        static constexpr char kHex[] = "0123456789abcdef";
        std::string term(schema::kPrefixBand);
        term += static_cast<char>('0' + band);
        const auto bits = static_cast<unsigned>((hash >> (16 * band)) & 0xffffU);
        for (int shift = 12; shift >= 0; shift -= 4) term += kHex[(bits >> shift) & 0xfU];
        return term;
    }

    double idf(const std::string& term) {
        auto [it, added] = idf_.emplace(term, 0.0);
        if (added) {
            if (idf_.size() > kMaxCachedTerms) {  // bounded memory on a big archive
                idf_.clear();
                it = idf_.emplace(term, 0.0).first;
            }
            const double df = std::max<Xapian::doccount>(all_.get_termfreq(term), 1);
            it->second = std::log(collection_ / df);
        }
        return it->second;
    }

    /// The rarest of `terms` (by how many articles have them), at most probe_terms of them
    /// and only those in 2..max_probe_df articles.
    std::vector<std::string> probes(const std::vector<std::string>& terms) {
        std::vector<std::pair<Xapian::doccount, std::string>> rare;
        for (const std::string& term : terms) {
            const Xapian::doccount df = all_.get_termfreq(term);
            if (df >= 2 && df <= options_.max_probe_df) rare.emplace_back(df, term);
        }
        std::sort(rare.begin(), rare.end());
        if (rare.size() > options_.probe_terms) rare.resize(options_.probe_terms);
        std::vector<std::string> out;
        for (auto& [df, term] : rare) out.push_back(std::move(term));
        return out;
    }

    /// Cosine of the idf-weighted stems of two leads.
    double similarity(const std::unordered_map<std::string, double>& weights, double norm,
                      const std::vector<std::string>& other_lead) {
        double dot = 0;
        double other_norm = 0;
        for (const std::string& term : other_lead) {
            const double w = idf(term);
            other_norm += w * w;
            const auto it = weights.find(term);
            if (it != weights.end()) dot += w * it->second;
        }
        return norm > 0 && other_norm > 0 ? dot / std::sqrt(norm * other_norm) : 0;
    }

    std::optional<Link> find_event(Xapian::docid did, const Xapian::Document& doc) {
        const Lead own(doc.get_value(schema::kSlotLead));
        // An untitled article (a table of figures) joins a story only as a copy.
        if (own.all.size() < kMinLeadStems || own.title.empty()) return std::nullopt;
        const std::vector<std::string>& lead = own.all;
        const std::vector<std::string> rare = probes(lead);
        if (rare.size() < 2) return std::nullopt;
        const long day = days_[did];
        // The articles in the window holding each probe.
        std::vector<std::vector<Xapian::docid>> holders(rare.size());
        for (std::size_t i = 0; i < rare.size(); ++i) {
            for (auto p = all_.postlist_begin(rare[i]); p != all_.postlist_end(rare[i]); ++p) {
                const long other = days_[*p];
                if (*p == did || other == kUndated || std::labs(other - day) > options_.window_days) continue;
                if (taken(*p)) holders[i].push_back(*p);
            }
        }
        // The anchors: the probes fewest articles of the window hold, and not too many (a word
        // many reports of the days share is the vocabulary of a kind of story, a market or the
        // weather, not the name of an event).
        std::vector<std::size_t> anchors;
        for (std::size_t i = 0; i < rare.size(); ++i) {
            if (!holders[i].empty() && holders[i].size() <= options_.max_anchor_reports) anchors.push_back(i);
        }
        std::stable_sort(anchors.begin(), anchors.end(),
                         [&](std::size_t a, std::size_t b) { return holders[a].size() < holders[b].size(); });
        if (anchors.size() > options_.anchor_terms) anchors.resize(options_.anchor_terms);
        struct Shared {
            int count = 0;
            bool anchored = false;
        };
        std::unordered_map<Xapian::docid, Shared> shared;
        for (std::size_t i = 0; i < rare.size(); ++i) {
            const bool anchor = std::find(anchors.begin(), anchors.end(), i) != anchors.end();
            for (const Xapian::docid p : holders[i]) {
                Shared& s = shared[p];
                ++s.count;
                s.anchored |= anchor;
            }
        }
        std::unordered_map<std::string, double> weights;
        double norm = 0;
        for (const std::string& term : lead) {
            const double w = idf(term);
            weights.emplace(term, w);
            norm += w * w;
        }
        std::optional<Link> best;
        for (const auto& [candidate_did, sharing] : shared) {
            if (sharing.count < 2 || !sharing.anchored) continue;
            const Xapian::Document other = all_.get_document(candidate_did, Xapian::DOC_ASSUME_VALID);
            const Lead theirs(other.get_value(schema::kSlotLead));
            if (theirs.title.empty() || figures_differ(own, theirs) || siblings(own, theirs)) continue;
            const double score = similarity(weights, norm, theirs.all);
            if (score < options_.min_similarity) continue;
            Link candidate = link_to(candidate_did, score);
            if (within_window(day, candidate) && better(candidate, best)) best = std::move(candidate);
        }
        return best;
    }

    void write_story(Xapian::docid did, const std::string& story) {
        const auto n = static_cast<Xapian::docid>(shards_.size());
        Xapian::WritableDatabase& shard = *shards_[(did - 1) % n];
        const Xapian::docid local = (did - 1) / n + 1;
        Xapian::Document doc = shard.get_document(local);
        doc.add_value(schema::kSlotStory, story);
        doc.add_boolean_term(story_term(story));
        shard.replace_document(local, doc);
        written_[did] = story;
    }

    static constexpr std::size_t kMaxCachedTerms = 1'000'000;

    const std::vector<Xapian::WritableDatabase*>& shards_;
    const StoryOptions& options_;
    Xapian::Database all_;
    double collection_ = kMinCollectionSize;
    std::vector<long> days_;  // by docid of all_
    std::unordered_map<Xapian::docid, std::uint32_t> place_;  // new articles' places in the pass
    std::uint32_t current_ = 0;
    std::unordered_map<Xapian::docid, std::string> written_;  // stories this pass wrote
    std::unordered_map<std::string, long> first_day_;
    std::unordered_map<std::string, double> idf_;
};

}  // namespace

StorySummary assign_stories(const std::vector<Xapian::WritableDatabase*>& shards,
                            const StoryOptions& options, const std::atomic<bool>* stop) {
    StorySummary summary;
    if (shards.empty()) return summary;
    // A shard's stories and its mark are committed together or not at all: a write that fails
    // (a full disk) leaves the shard as the pass found it, never half assigned.
    for (Xapian::WritableDatabase* shard : shards) shard->begin_transaction();
    StoryPass pass(shards, options);
    const std::vector<Xapian::docid> order = pass.new_articles();
    bool finished = true;
    for (std::uint32_t i = 0; i < order.size(); ++i) {
        if (stop != nullptr && stop->load()) {
            finished = false;
            break;
        }
        ++summary.articles;
        if (const auto link = pass.assign(order[i], i)) {
            ++(link->score < 0 ? summary.copies : summary.events);
        }
    }
    pass.commit(finished);
    return summary;
}

void mark_stories_assigned(Xapian::WritableDatabase& db) {
    db.set_metadata(std::string(schema::kStoriesKey), std::to_string(db.get_lastdocid()));
    db.commit();
}

}  // namespace gazette
