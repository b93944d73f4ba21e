#include "views/config_model.h"

#include <QFont>

namespace plexus::views {

ConfigModel::ConfigModel(QObject* parent) : QAbstractTableModel(parent) {}

void ConfigModel::setEntries(const QList<plexus::monitor::ConfigEntry>& entries) {
    beginResetModel();
    m_entries = entries;
    m_changes.clear();
    endResetModel();
    emit changesChanged(false);
}

int ConfigModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_entries.size()); }
int ConfigModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : NB_COLUMNS; }

QVariant ConfigModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const auto& e = m_entries[index.row()];
    const bool edited = m_changes.contains(e.name);
    if (role == Qt::DisplayRole || role == Qt::EditRole) {
        switch (index.column()) {
        case Name: return e.name;
        case Value:
            if (edited) return m_changes.value(e.name);
            if (e.sensitive) return role == Qt::EditRole ? QString() : tr("(hidden)");
            return e.isNull ? QString() : e.value;
        case Source: return edited ? tr("edited") : e.source;
        }
    }
    if (role == Qt::FontRole && (!e.isDefault || edited)) {
        QFont f;
        f.setBold(true);
        return f;
    }
    if (role == Qt::ToolTipRole && e.readOnly) return tr("Read-only on this broker");
    return {};
}

bool ConfigModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (role != Qt::EditRole || index.column() != Value || !(flags(index) & Qt::ItemIsEditable)) return false;
    const auto& e = m_entries[index.row()];
    const QString v = value.toString().trimmed();
    if (v == e.value && !e.sensitive) m_changes.remove(e.name);
    else m_changes.insert(e.name, v);
    emit dataChanged(this->index(index.row(), 0), this->index(index.row(), NB_COLUMNS - 1));
    emit changesChanged(!m_changes.isEmpty());
    return true;
}

Qt::ItemFlags ConfigModel::flags(const QModelIndex& index) const {
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == Value && !m_entries[index.row()].readOnly) f |= Qt::ItemIsEditable;
    return f;
}

QVariant ConfigModel::headerData(int section, Qt::Orientation o, int role) const {
    if (o != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case Name: return tr("Config");
    case Value: return tr("Value");
    case Source: return tr("Source");
    }
    return {};
}

}  // namespace plexus::views
