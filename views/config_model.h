#pragma once
// ConfigModel: a topic's configs (DescribeConfigs) for the topic detail view,
// with the Value column editable for entries the broker does not mark
// read-only. Edits are kept as pending changes until the page applies them
// (changes()) or discards them (setEntries again). Overridden values are bold.
// GUI thread only.
#include <QAbstractTableModel>
#include <QMap>

#include "monitor/kafka_types.h"

namespace plexus::views {

class ConfigModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Value, Source, NB_COLUMNS };
    explicit ConfigModel(QObject* parent = nullptr);

    void setEntries(const QList<plexus::monitor::ConfigEntry>& entries);
    /// Name -> new value of every edited entry.
    QMap<QString, QString> changes() const { return m_changes; }
    bool hasChanges() const { return !m_changes.isEmpty(); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

signals:
    void changesChanged(bool hasChanges);

private:
    QList<plexus::monitor::ConfigEntry> m_entries;
    QMap<QString, QString> m_changes;
};

}  // namespace plexus::views
