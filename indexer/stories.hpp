//! The story pass: after a run's articles are written, each new article joins the story of an
//! earlier one that reports the same thing, or stays alone (docs/stories.md).
//!
//! Entry point: assign_stories(). New articles are taken in order of date, then article key (so
//! the same input gives the same stories however the threads spread it over shards), and each
//! is compared with the articles already assigned:
//! - a copy: the same exact-copy key (XE), or a SimHash at most StoryOptions::max_copy_bits
//!   apart, found through its four 16-bit bands (XN terms: two fingerprints that close share
//!   a band); dated or not;
//! - else, for a dated article, a report of the same event: among the articles dated within
//!   StoryOptions::window_days that share at least two of its rarest lead stems, one of them an
//!   anchor (a stem few articles of the window hold), the one whose
//!   lead is most similar (cosine of idf weights), if at least StoryOptions::min_similarity.
//! The article joins the best such article's story, if the story's first report is within the
//! window too (so a story never drifts from day to day). Only candidates' postings of rare
//! terms are read: the pass is linear in the new articles, never quadratic in the archive.
//!
//! An article in a story of two or more gets its id in kSlotStory and an XT term; an article
//! alone has neither. The pass records the last docid it assigned per shard (kStoriesKey) and
//! commits each shard, its stories and mark in one transaction (a failed write leaves the shard
//! as the pass found it).
#pragma once

#include <atomic>
#include <cstdint>
#include <vector>

#include <xapian.h>

namespace gazette {

struct StoryOptions {
    /// A story's reports are dated within this many days of its first report.
    int window_days = 3;
    /// SimHashes at most this many bits apart are copies (at most 3: the bands find no more).
    int max_copy_bits = 3;
    /// Least cosine similarity of two leads for reports of the same event.
    double min_similarity = 0.4;
    /// The rarest lead stems an article is looked up by, and the most articles a stem may
    /// have to be one of them (a commoner stem says little about the event).
    std::size_t probe_terms = 8;
    /// A report of the same event shares one of the article's rarest few probes: a name or
    /// place, not only the vocabulary of its kind of story (the markets, the weather).
    std::size_t anchor_terms = 3;
    /// An anchor is held by at most this many articles of the window.
    std::size_t max_anchor_reports = 15;
    Xapian::doccount max_probe_df = 300;
};

struct StorySummary {
    std::uint64_t articles = 0;  // new articles the pass looked at
    std::uint64_t copies = 0;    // of them, joined a story as a copy
    std::uint64_t events = 0;    // joined a story as a report of the same event
};

/// Assigns the articles each shard holds after its kStoriesKey mark, writes their stories and
/// commits every shard. When `stop` becomes true, commits what it assigned without moving the
/// marks (the next run goes on from there). Throws Xapian::Error.
StorySummary assign_stories(const std::vector<Xapian::WritableDatabase*>& shards,
                            const StoryOptions& options = {},
                            const std::atomic<bool>* stop = nullptr);

/// Marks every article of `db` (a database just compacted from shards every article of which
/// was assigned) as assigned.
void mark_stories_assigned(Xapian::WritableDatabase& db);

}  // namespace gazette
