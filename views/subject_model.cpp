#include "views/subject_model.h"

#include <QApplication>
#include <QFont>
#include <QPalette>
#include <algorithm>

namespace plexus::views {

namespace {

QVariant deletedLook(int role) {
    if (role == Qt::ForegroundRole) return QApplication::palette().brush(QPalette::Disabled, QPalette::Text);
    if (role == Qt::FontRole) {
        QFont f;
        f.setItalic(true);
        return f;
    }
    return {};
}

}  // namespace

SubjectModel::SubjectModel(QObject* parent) : QAbstractListModel(parent) {}

void SubjectModel::setSubjects(const QStringList& live, const QStringList& all) {
    QList<Row> rows;
    QStringList names = all;
    for (const auto& s : live)
        if (!names.contains(s)) names.push_back(s);
    names.sort();
    for (const auto& s : names) rows.push_back({s, !live.contains(s)});
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

void SubjectModel::clear() {
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

int SubjectModel::rowOf(const QString& subject) const {
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].name == subject) return i;
    return -1;
}

QString SubjectModel::subjectAt(int row) const { return row >= 0 && row < m_rows.size() ? m_rows[row].name : QString(); }
bool SubjectModel::isDeleted(int row) const { return row >= 0 && row < m_rows.size() && m_rows[row].deleted; }

int SubjectModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }

QVariant SubjectModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= m_rows.size() || index.column() != 0) return {};
    const Row& r = m_rows[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        return r.deleted ? tr("%1 (deleted)").arg(r.name) : r.name;
    case Qt::ToolTipRole:
        return r.deleted ? tr("Subject '%1' is soft-deleted: its versions can still be read with ?deleted=true, and a hard "
                              "delete removes them for good.")
                               .arg(r.name)
                         : r.name;
    case NameRole:
        return r.name;
    case DeletedRole:
        return r.deleted;
    case Qt::ForegroundRole:
    case Qt::FontRole:
        return r.deleted ? deletedLook(role) : QVariant();
    default:
        return {};
    }
}

QVariant SubjectModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole && section == 0) return tr("Subject");
    return {};
}

SubjectFilterModel::SubjectFilterModel(QObject* parent) : QSortFilterProxyModel(parent) {
    setFilterCaseSensitivity(Qt::CaseInsensitive);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setFilterRole(NameRole);
    setSortRole(NameRole);
}

void SubjectFilterModel::setShowDeleted(bool on) {
    if (on == m_showDeleted) return;
    m_showDeleted = on;
    invalidateFilter();
}

bool SubjectFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
    const QModelIndex i = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!m_showDeleted && i.data(DeletedRole).toBool()) return false;
    return QSortFilterProxyModel::filterAcceptsRow(sourceRow, sourceParent);
}

VersionModel::VersionModel(QObject* parent) : QAbstractListModel(parent) {}

void VersionModel::setVersions(const QString& subject, const QList<int>& live, const QList<int>& all) {
    QList<int> vs = all;
    for (int v : live)
        if (!vs.contains(v)) vs.push_back(v);
    std::sort(vs.begin(), vs.end(), std::greater<int>());  // newest first
    QList<Row> rows;
    for (int v : vs) rows.push_back({v, !live.contains(v)});
    beginResetModel();
    m_subject = subject;
    m_rows = std::move(rows);
    endResetModel();
}

void VersionModel::clear() {
    beginResetModel();
    m_subject.clear();
    m_rows.clear();
    endResetModel();
}

int VersionModel::rowOf(int version) const {
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].version == version) return i;
    return -1;
}

int VersionModel::versionAt(int row) const { return row >= 0 && row < m_rows.size() ? m_rows[row].version : -1; }
bool VersionModel::isDeleted(int row) const { return row >= 0 && row < m_rows.size() && m_rows[row].deleted; }

QList<int> VersionModel::versions() const {
    QList<int> out;
    for (const auto& r : m_rows) out.push_back(r.version);
    return out;
}

int VersionModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }

QVariant VersionModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= m_rows.size() || index.column() != 0) return {};
    const Row& r = m_rows[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        return r.deleted ? tr("Version %1 (deleted)").arg(r.version) : tr("Version %1").arg(r.version);
    case Qt::ToolTipRole:
        return r.deleted ? tr("Soft-deleted: readable with ?deleted=true until a hard delete.") : QVariant();
    case VersionRole:
        return r.version;
    case DeletedRole:
        return r.deleted;
    case Qt::ForegroundRole:
    case Qt::FontRole:
        return r.deleted ? deletedLook(role) : QVariant();
    default:
        return {};
    }
}

QVariant VersionModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole && section == 0) return tr("Version");
    return {};
}

}  // namespace plexus::views
