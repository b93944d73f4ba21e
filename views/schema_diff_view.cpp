#include "views/schema_diff_view.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSplitter>
#include <QVBoxLayout>
#include <algorithm>
#include <memory>
#include <optional>

#include "monitor/registry_client.h"
#include "views/schema_common.h"
#include "views/subject_model.h"

namespace plexus::views {

using plexus::monitor::RegistryClient;
using plexus::monitor::RegistryResult;
using plexus::monitor::RegistrySchema;

SchemaDiffView::SchemaDiffView(QWidget* parent) : QWidget(parent) {
    auto* l = new QVBoxLayout(this);
    auto* row = new QHBoxLayout;
    auto* oldLabel = new QLabel(tr("&Old:"), this);
    m_old = new QComboBox(this);
    oldLabel->setBuddy(m_old);
    auto* newLabel = new QLabel(tr("Ne&w:"), this);
    m_new = new QComboBox(this);
    newLabel->setBuddy(m_new);
    m_summary = new QLabel(this);
    row->addWidget(oldLabel);
    row->addWidget(m_old);
    row->addSpacing(12);
    row->addWidget(newLabel);
    row->addWidget(m_new);
    row->addSpacing(12);
    row->addWidget(m_summary, 1);
    l->addLayout(row);
    auto* panes = new QSplitter(Qt::Horizontal, this);
    m_oldText = codeView(panes, true);
    m_newText = codeView(panes, true);
    panes->addWidget(m_oldText);
    panes->addWidget(m_newText);
    l->addWidget(panes, 1);
    // Both panes have the same rows (gaps fill the missing side), so one
    // scroll position fits both.
    auto sync = [](QScrollBar* a, QScrollBar* b) {
        connect(a, &QScrollBar::valueChanged, b, [b](int v) {
            if (b->value() != v) b->setValue(v);
        });
    };
    sync(m_oldText->verticalScrollBar(), m_newText->verticalScrollBar());
    sync(m_newText->verticalScrollBar(), m_oldText->verticalScrollBar());
    sync(m_oldText->horizontalScrollBar(), m_newText->horizontalScrollBar());
    sync(m_newText->horizontalScrollBar(), m_oldText->horizontalScrollBar());
    connect(m_old, &QComboBox::currentIndexChanged, this, &SchemaDiffView::updateDiff);
    connect(m_new, &QComboBox::currentIndexChanged, this, &SchemaDiffView::updateDiff);
    updateDiff();
}

SchemaDiffView::~SchemaDiffView() = default;

void SchemaDiffView::setClient(RegistryClient* client) { m_client = client; }

void SchemaDiffView::setVersions(const VersionModel& versions) {
    const QSignalBlocker b1(m_old), b2(m_new);
    m_subject = versions.subject();
    m_old->clear();
    m_new->clear();
    for (int r = 0; r < versions.rowCount(); ++r) {
        const QString label = versions.index(r).data().toString();
        m_old->addItem(label, versions.versionAt(r));
        m_new->addItem(label, versions.versionAt(r));
    }
    // Rows are newest first: compare the one before the newest with the newest.
    m_new->setCurrentIndex(versions.rowCount() > 0 ? 0 : -1);
    m_old->setCurrentIndex(versions.rowCount() > 1 ? 1 : (versions.rowCount() > 0 ? 0 : -1));
    updateDiff();
}

QString SchemaDiffView::summary() const { return m_summary->text(); }

void SchemaDiffView::updateDiff() {
    const quint64 generation = ++m_generation;
    const QString subject = m_subject;
    const int oldVersion = m_old->currentData().isValid() ? m_old->currentData().toInt() : -1;
    const int newVersion = m_new->currentData().isValid() ? m_new->currentData().toInt() : -1;
    if (subject.isEmpty() || oldVersion < 0 || newVersion < 0) {
        m_rows.clear();
        m_oldText->clear();
        m_newText->clear();
        m_summary->setText(subject.isEmpty() ? tr("Select a subject to compare its versions.") : QString());
        return;
    }
    if (!m_client) return;
    m_summary->setText(tr("Loading…"));
    struct Pair {
        std::optional<RegistrySchema> older, newer;
    };
    auto pair = std::make_shared<Pair>();
    auto arrived = [this, generation, pair, subject, oldVersion, newVersion] {
        if (generation != m_generation || !pair->older || !pair->newer) return;
        const QStringList a = prettySchema(pair->older->type, pair->older->schema).split(u'\n');
        const QStringList b = prettySchema(pair->newer->type, pair->newer->schema).split(u'\n');
        m_rows = diffLines(a, b);
        const int width = int(QString::number(std::max(a.size(), b.size())).size());
        QStringList left, right;
        for (const auto& row : m_rows) {
            const QString gap = QString(width, u' ') + QStringLiteral("   ");
            left << (row.left >= 0 ? QStringLiteral("%1 │ %2").arg(row.left + 1, width).arg(a[row.left]) : gap);
            right << (row.right >= 0 ? QStringLiteral("%1 │ %2").arg(row.right + 1, width).arg(b[row.right]) : gap);
        }
        m_oldText->setPlainText(left.join(u'\n'));
        m_newText->setPlainText(right.join(u'\n'));
        const QPalette p = palette();
        const QColor base = p.color(QPalette::Base);
        const double amount = isDarkPalette(p) ? 0.35 : 0.22;
        const QColor removed = tinted(base, QColor(0xe0, 0x40, 0x40), amount);
        const QColor added = tinted(base, QColor(0x30, 0xb0, 0x50), amount);
        const QColor changed = tinted(base, QColor(0xe0, 0xa0, 0x20), amount);
        const QColor gapColor = tinted(base, p.color(QPalette::Text), 0.06);
        QList<QTextEdit::ExtraSelection> ls, rs;
        for (int i = 0; i < m_rows.size(); ++i) {
            switch (m_rows[i].kind) {
            case DiffRow::Kind::Same: break;
            case DiffRow::Kind::Removed:
                ls << lineMark(m_oldText, i, removed);
                rs << lineMark(m_newText, i, gapColor);
                break;
            case DiffRow::Kind::Added:
                ls << lineMark(m_oldText, i, gapColor);
                rs << lineMark(m_newText, i, added);
                break;
            case DiffRow::Kind::Changed:
                ls << lineMark(m_oldText, i, changed);
                rs << lineMark(m_newText, i, changed);
                break;
            }
        }
        m_oldText->setExtraSelections(ls);
        m_newText->setExtraSelections(rs);
        const DiffStats st = diffStats(m_rows);
        m_summary->setText(oldVersion == newVersion
                               ? tr("The same version on both sides.")
                               : tr("Version %1 → %2: %3 changed, %4 added, %5 removed, %6 unchanged.")
                                     .arg(oldVersion)
                                     .arg(newVersion)
                                     .arg(st.changed)
                                     .arg(st.added)
                                     .arg(st.removed)
                                     .arg(st.same));
        m_summary->setToolTip(tr("Changed lines are amber, added green, removed red (subject %1).").arg(subject));
        emit diffUpdated();
    };
    auto fetch = [this, subject, generation, pair, arrived](int version, bool older) {
        m_client->getVersion(subject, version, true, this,
                             [this, generation, pair, arrived, older, version](const RegistryResult<RegistrySchema>& r) {
                                 if (generation != m_generation) return;
                                 if (!r.ok()) {
                                     m_summary->setText(tr("Could not read version %1: %2").arg(version).arg(r.error.text()));
                                     return;
                                 }
                                 (older ? pair->older : pair->newer) = r.value;
                                 arrived();
                             });
    };
    fetch(oldVersion, true);
    fetch(newVersion, false);
}

}  // namespace plexus::views
