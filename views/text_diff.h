#pragma once
// diffLines: a line diff for showing two texts side by side (the Schemas
// page compares two versions of a schema with it).
//
// The diff is a longest common subsequence of lines: common leading and
// trailing lines are matched first, the rest by dynamic programming. Within
// each run of differences, removed and added lines are paired in order as
// Changed rows; what is left over is Removed (left only) or Added (right
// only). Reading the rows top to bottom visits every line of both texts once,
// in order.
//
// Pure function: no state, any thread. Cost O(n·m) time and memory for the
// n and m lines that remain after the common prefix and suffix; past
// kMaxDiffCells cells the middle is reported as one changed block instead.
#include <QList>
#include <QStringList>

namespace plexus::views {

/// One row of a side-by-side diff.
struct DiffRow {
    enum class Kind { Same, Removed, Added, Changed };
    Kind kind = Kind::Same;
    int left = -1;   ///< line index in the old text, -1 for Added
    int right = -1;  ///< line index in the new text, -1 for Removed
    bool operator==(const DiffRow&) const = default;
};

/// Counts of a diff, for a summary line.
struct DiffStats {
    int same = 0, removed = 0, added = 0, changed = 0;
};

inline constexpr qsizetype kMaxDiffCells = 16 * 1024 * 1024;

QList<DiffRow> diffLines(const QStringList& oldLines, const QStringList& newLines);
DiffStats diffStats(const QList<DiffRow>& rows);

}  // namespace plexus::views
