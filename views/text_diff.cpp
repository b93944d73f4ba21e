#include "views/text_diff.h"

#include <vector>

namespace plexus::views {

namespace {

/// Appends the rows of one run of differences: old lines [a0, a1), new lines [b0, b1).
void emitRun(QList<DiffRow>& rows, qsizetype a0, qsizetype a1, qsizetype b0, qsizetype b1) {
    const qsizetype paired = std::min(a1 - a0, b1 - b0);
    for (qsizetype i = 0; i < paired; ++i) rows.push_back({DiffRow::Kind::Changed, int(a0 + i), int(b0 + i)});
    for (qsizetype i = a0 + paired; i < a1; ++i) rows.push_back({DiffRow::Kind::Removed, int(i), -1});
    for (qsizetype i = b0 + paired; i < b1; ++i) rows.push_back({DiffRow::Kind::Added, -1, int(i)});
}

}  // namespace

QList<DiffRow> diffLines(const QStringList& a, const QStringList& b) {
    QList<DiffRow> rows;
    qsizetype pre = 0;
    while (pre < a.size() && pre < b.size() && a[pre] == b[pre]) ++pre;
    qsizetype suf = 0;
    while (suf < a.size() - pre && suf < b.size() - pre && a[a.size() - 1 - suf] == b[b.size() - 1 - suf]) ++suf;
    for (qsizetype i = 0; i < pre; ++i) rows.push_back({DiffRow::Kind::Same, int(i), int(i)});

    const qsizetype n = a.size() - pre - suf, m = b.size() - pre - suf;
    if (n == 0 || m == 0 || n * m > kMaxDiffCells) {
        emitRun(rows, pre, pre + n, pre, pre + m);
    } else {
        // lcs[i][j]: length of the LCS of a[pre+i..pre+n) and b[pre+j..pre+m).
        const qsizetype w = m + 1;
        std::vector<int> lcs(size_t((n + 1) * w), 0);
        for (qsizetype i = n - 1; i >= 0; --i)
            for (qsizetype j = m - 1; j >= 0; --j)
                lcs[size_t(i * w + j)] = a[pre + i] == b[pre + j]
                                             ? lcs[size_t((i + 1) * w + j + 1)] + 1
                                             : std::max(lcs[size_t((i + 1) * w + j)], lcs[size_t(i * w + j + 1)]);
        qsizetype i = 0, j = 0, runA = 0, runB = 0;
        while (i < n && j < m) {
            if (a[pre + i] == b[pre + j]) {
                emitRun(rows, pre + runA, pre + i, pre + runB, pre + j);
                rows.push_back({DiffRow::Kind::Same, int(pre + i), int(pre + j)});
                ++i;
                ++j;
                runA = i;
                runB = j;
            } else if (lcs[size_t((i + 1) * w + j)] >= lcs[size_t(i * w + j + 1)]) {
                ++i;
            } else {
                ++j;
            }
        }
        emitRun(rows, pre + runA, pre + n, pre + runB, pre + m);
    }
    for (qsizetype k = 0; k < suf; ++k)
        rows.push_back({DiffRow::Kind::Same, int(a.size() - suf + k), int(b.size() - suf + k)});
    return rows;
}

DiffStats diffStats(const QList<DiffRow>& rows) {
    DiffStats s;
    for (const auto& r : rows) {
        switch (r.kind) {
        case DiffRow::Kind::Same: ++s.same; break;
        case DiffRow::Kind::Removed: ++s.removed; break;
        case DiffRow::Kind::Added: ++s.added; break;
        case DiffRow::Kind::Changed: ++s.changed; break;
        }
    }
    return s;
}

}  // namespace plexus::views
