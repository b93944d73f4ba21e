#pragma once
// MessageModel: the Messages page's table. Rows are records: partition,
// offset, timestamp, key, a one-line value preview, header count and size.
//
// Lazy: attach a MessageReader and call read(spec); the model then asks for
// pages only through canFetchMore()/fetchMore(), so a view pulls records as
// it scrolls. fetchMore() returns at once; the page arrives from the
// reader's thread as a queued signal and is appended with beginInsertRows.
// Only one page is in flight at a time. The same model shows search results:
// clear() and appendRecords() without a reader.
//
// With a SchemaDecoder set, keys and values framed with a schema id are
// previewed as their decoded JSON (small ones: up to 64 KiB), and the rows
// are repainted when a schema arrives.
//
// Memory: each loaded row keeps its record (key, value, headers), so a view
// holds what the user has scrolled through, not the topic.
//
// Threading: GUI thread only.
#include <QAbstractTableModel>
#include <QHash>

#include "monitor/kafka_types.h"
#include "monitor/message_reader.h"

namespace plexus::views {

class SchemaDecoder;

class MessageModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Partition, Offset, Timestamp, Key, Value, Headers, Size, NB_COLUMNS };
    /// The whole record (plexus::monitor::Record) of a row, any column.
    static constexpr int RecordRole = Qt::UserRole + 1;

    explicit MessageModel(QObject* parent = nullptr);

    /// Reads `spec` with `reader` (not owned; it must outlive the read).
    /// Clears the rows; the first page is requested at once.
    void read(plexus::monitor::MessageReader* reader, const plexus::monitor::ReadSpec& spec);
    /// Stops lazy loading and removes every row.
    void clear();
    /// Appends rows (search results).
    void appendRecords(const QList<plexus::monitor::Record>& records);

    void setPageSize(int n) { m_pageSize = n; }
    int pageSize() const { return m_pageSize; }
    /// Records in the range being read (from the reader), -1 before it opened.
    qint64 totalInRange() const { return m_total; }
    bool loading() const { return m_fetching; }
    bool atEnd() const { return m_atEnd; }
    const plexus::monitor::Record* recordAt(int row) const;
    /// Previews schema-framed keys and values decoded (not owned; may be null).
    void setDecoder(SchemaDecoder* decoder);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

    /// A one-line preview of a key or value: UTF-8 text with control
    /// characters shown as spaces, or "0x…" hex for binary, cut at `max` chars.
    static QString preview(const QByteArray& bytes, bool isNull, int max = 200);

signals:
    /// The range is known: `total` records will be read.
    void opened(qint64 total);
    /// A page arrived (`count` rows appended).
    void pageLoaded(int count, bool atEnd);
    void failed(const QString& message);

private:
    /// preview() of a row's key or value, or for a framed one the decoder's JSON; cached per cell.
    QString keyOrValuePreview(int row, bool key) const;
    void onPage(const QList<plexus::monitor::Record>& records, bool atEnd);

    plexus::monitor::MessageReader* m_reader = nullptr;
    QList<QMetaObject::Connection> m_conns;
    QList<plexus::monitor::Record> m_rows;
    int m_pageSize = 200;
    qint64 m_total = -1;
    bool m_fetching = false;
    bool m_atEnd = true;
    SchemaDecoder* m_decoder = nullptr;
    mutable QHash<quint64, QString> m_decodedPreviews;  ///< (row << 1 | key) -> preview text, while m_decoder is set
};

}  // namespace plexus::views
