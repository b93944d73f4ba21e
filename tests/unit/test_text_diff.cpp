// views/text_diff: the line diff behind the Schemas page's Diff tab. Pins the
// rows for the cases a schema change produces (a field added, removed or
// changed, texts that share nothing, empty sides) and, on random edits, the
// two properties the side-by-side view relies on: every line of both texts
// appears once and in order, and the Same rows are a longest common
// subsequence (checked against a plain dynamic-programming LCS length).
#include <QRandomGenerator>
#include <QtTest>

#include "views/text_diff.h"

using plexus::views::DiffRow;
using plexus::views::diffLines;
using plexus::views::diffStats;
using Kind = DiffRow::Kind;

namespace {

QStringList lines(const char* text) { return QString::fromUtf8(text).split(u'\n'); }

int lcsLength(const QStringList& a, const QStringList& b) {
    std::vector<std::vector<int>> t(size_t(a.size() + 1), std::vector<int>(size_t(b.size() + 1), 0));
    for (qsizetype i = a.size() - 1; i >= 0; --i)
        for (qsizetype j = b.size() - 1; j >= 0; --j)
            t[size_t(i)][size_t(j)] = a[i] == b[j] ? t[size_t(i + 1)][size_t(j + 1)] + 1
                                                   : std::max(t[size_t(i + 1)][size_t(j)], t[size_t(i)][size_t(j + 1)]);
    return t[0][0];
}

/// Every line of a and b appears exactly once and in order; Same rows pair equal lines.
void checkCoverage(const QStringList& a, const QStringList& b, const QList<DiffRow>& rows) {
    int nextLeft = 0, nextRight = 0;
    for (const auto& r : rows) {
        if (r.left >= 0) QCOMPARE(r.left, nextLeft++);
        if (r.right >= 0) QCOMPARE(r.right, nextRight++);
        switch (r.kind) {
        case Kind::Same: QCOMPARE(a[r.left], b[r.right]); break;
        case Kind::Removed: QVERIFY(r.left >= 0 && r.right < 0); break;
        case Kind::Added: QVERIFY(r.left < 0 && r.right >= 0); break;
        case Kind::Changed: QVERIFY(r.left >= 0 && r.right >= 0); break;
        }
    }
    QCOMPARE(nextLeft, int(a.size()));
    QCOMPARE(nextRight, int(b.size()));
}

}  // namespace

class TestTextDiff : public QObject {
    Q_OBJECT
private slots:
    void identicalTextsAreAllSame() {
        const QStringList a = lines("{\n  \"type\": \"record\"\n}");
        const auto rows = diffLines(a, a);
        QCOMPARE(rows.size(), 3);
        for (int i = 0; i < 3; ++i) QCOMPARE(rows[i], (DiffRow{Kind::Same, i, i}));
    }

    void aFieldAddedInTheMiddle() {
        const QStringList a = lines("{\n  \"fields\": [\n    {\"name\": \"mrn\"}\n  ]\n}");
        const QStringList b = lines("{\n  \"fields\": [\n    {\"name\": \"mrn\"},\n    {\"name\": \"ward\"}\n  ]\n}");
        const auto rows = diffLines(a, b);
        checkCoverage(a, b, rows);
        // "{\"name\": \"mrn\"}" gained a comma: a changed line, then one added.
        const QList<DiffRow> expected = {{Kind::Same, 0, 0},    {Kind::Same, 1, 1},  {Kind::Changed, 2, 2},
                                         {Kind::Added, -1, 3},  {Kind::Same, 3, 4},  {Kind::Same, 4, 5}};
        QCOMPARE(rows, expected);
        const auto st = diffStats(rows);
        QCOMPARE(st.same, 4);
        QCOMPARE(st.changed, 1);
        QCOMPARE(st.added, 1);
        QCOMPARE(st.removed, 0);
    }

    void aLineRemoved() {
        const QStringList a = lines("a\nb\nc\nd");
        const QStringList b = lines("a\nc\nd");
        const QList<DiffRow> expected = {{Kind::Same, 0, 0}, {Kind::Removed, 1, -1}, {Kind::Same, 2, 1}, {Kind::Same, 3, 2}};
        QCOMPARE(diffLines(a, b), expected);
    }

    void changedRunsPairInOrderAndLeaveTheRest() {
        const QStringList a = lines("x\n1\n2\n3\ny");
        const QStringList b = lines("x\nA\ny");
        const QList<DiffRow> expected = {{Kind::Same, 0, 0}, {Kind::Changed, 1, 1}, {Kind::Removed, 2, -1},
                                         {Kind::Removed, 3, -1}, {Kind::Same, 4, 2}};
        QCOMPARE(diffLines(a, b), expected);
    }

    void nothingInCommon() {
        const QStringList a = lines("a\nb");
        const QStringList b = lines("c\nd\ne");
        const QList<DiffRow> expected = {{Kind::Changed, 0, 0}, {Kind::Changed, 1, 1}, {Kind::Added, -1, 2}};
        QCOMPARE(diffLines(a, b), expected);
    }

    void emptySides() {
        QCOMPARE(diffLines({}, {}).size(), 0);
        const QList<DiffRow> added = {{Kind::Added, -1, 0}, {Kind::Added, -1, 1}};
        QCOMPARE(diffLines({}, lines("a\nb")), added);
        const QList<DiffRow> removed = {{Kind::Removed, 0, -1}};
        QCOMPARE(diffLines(lines("a"), {}), removed);
    }

    void moveIsARemoveAndAnAdd() {
        const QStringList a = lines("a\nb\nc");
        const QStringList b = lines("b\nc\na");
        const auto rows = diffLines(a, b);
        checkCoverage(a, b, rows);
        QCOMPARE(diffStats(rows).same, 2);
    }

    void randomEditsKeepEveryLineAndFindALongestCommonSubsequence() {
        QRandomGenerator rng(20261126);
        for (int round = 0; round < 300; ++round) {
            QStringList a;
            const int n = int(rng.bounded(25));
            for (int i = 0; i < n; ++i) a << QString::number(rng.bounded(6));
            QStringList b = a;
            const int edits = int(rng.bounded(8));
            for (int e = 0; e < edits; ++e) {
                const int op = int(rng.bounded(3));
                const qsizetype at = b.isEmpty() ? 0 : qsizetype(rng.bounded(int(b.size())));
                if (op == 0) b.insert(at, QString::number(rng.bounded(6)));
                else if (op == 1 && !b.isEmpty()) b.removeAt(at);
                else if (!b.isEmpty()) b[at] = QString::number(rng.bounded(6));
            }
            const auto rows = diffLines(a, b);
            checkCoverage(a, b, rows);
            if (QTest::currentTestFailed()) return;
            QCOMPARE(diffStats(rows).same, lcsLength(a, b));
        }
    }

    void bigInputsStayLinear() {
        // Past the cell budget the middle becomes one changed block, not an O(n·m) table.
        QStringList a, b;
        for (int i = 0; i < 5000; ++i) {
            a << QStringLiteral("a%1").arg(i);
            b << QStringLiteral("b%1").arg(i);
        }
        a.prepend(QStringLiteral("same"));
        b.prepend(QStringLiteral("same"));
        const auto rows = diffLines(a, b);
        checkCoverage(a, b, rows);
        QCOMPARE(diffStats(rows).changed, 5000);
        QCOMPARE(diffStats(rows).same, 1);
    }
};

QTEST_APPLESS_MAIN(TestTextDiff)
#include "test_text_diff.moc"
