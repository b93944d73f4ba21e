#include "views/message_model.h"

#include "views/schema_decoder.h"

#include "views/format.h"

namespace plexus::views {

using plexus::monitor::Record;

MessageModel::MessageModel(QObject* parent) : QAbstractTableModel(parent) {}

void MessageModel::read(plexus::monitor::MessageReader* reader, const plexus::monitor::ReadSpec& spec) {
    clear();
    m_reader = reader;
    m_atEnd = false;
    m_conns << connect(reader, &plexus::monitor::MessageReader::opened, this,
                       [this](const QList<plexus::monitor::PartitionRange>&, qint64 total) {
                           m_total = total;
                           emit opened(total);
                       });
    m_conns << connect(reader, &plexus::monitor::MessageReader::pageReady, this, &MessageModel::onPage);
    m_conns << connect(reader, &plexus::monitor::MessageReader::failed, this, [this](const QString& message) {
        m_fetching = false;
        m_atEnd = true;  // no retry loop from the view; the page offers "Read" again
        emit failed(message);
    });
    reader->open(spec);
    m_fetching = true;
    reader->fetchPage(m_pageSize);
}

void MessageModel::clear() {
    for (const auto& c : m_conns) disconnect(c);
    m_conns.clear();
    m_reader = nullptr;
    m_fetching = false;
    m_atEnd = true;
    m_total = -1;
    if (m_rows.isEmpty()) return;
    beginResetModel();
    m_rows.clear();
    m_decodedPreviews.clear();
    endResetModel();
}

void MessageModel::appendRecords(const QList<Record>& records) {
    if (records.isEmpty()) return;
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + records.size()) - 1);
    m_rows += records;
    endInsertRows();
}

void MessageModel::onPage(const QList<Record>& records, bool atEnd) {
    m_fetching = false;
    m_atEnd = atEnd;
    appendRecords(records);
    emit pageLoaded(int(records.size()), atEnd);
}

const Record* MessageModel::recordAt(int row) const { return row >= 0 && row < m_rows.size() ? &m_rows[row] : nullptr; }

int MessageModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }
int MessageModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : NB_COLUMNS; }

bool MessageModel::canFetchMore(const QModelIndex& parent) const {
    return !parent.isValid() && m_reader && !m_atEnd && !m_fetching;
}

void MessageModel::fetchMore(const QModelIndex& parent) {
    if (!canFetchMore(parent)) return;
    m_fetching = true;
    m_reader->fetchPage(m_pageSize);
}

QString MessageModel::preview(const QByteArray& bytes, bool isNull, int max) {
    if (isNull) return QStringLiteral("null");
    const QByteArray head = bytes.left(max * 4);
    QString s = QString::fromUtf8(head);
    int bad = 0;
    for (QChar c : s)
        if (c == QChar::ReplacementCharacter || (c.unicode() < 0x20 && c != u'\n' && c != u'\r' && c != u'\t')) ++bad;
    if (!s.isEmpty() && bad * 10 > s.size()) {
        return QStringLiteral("0x") + QString::fromLatin1(bytes.left(max / 2).toHex()) +
               (bytes.size() > max / 2 ? QStringLiteral("…") : QString());
    }
    for (auto& c : s)
        if (c.unicode() < 0x20) c = u' ';
    s = s.simplified();
    if (s.size() > max || bytes.size() > head.size()) s = s.left(max) + QStringLiteral("…");
    return s;
}

void MessageModel::setDecoder(SchemaDecoder* decoder) {
    if (m_decoder) disconnect(m_decoder, nullptr, this, nullptr);
    m_decoder = decoder;
    auto repaint = [this] {
        m_decodedPreviews.clear();
        if (!m_rows.isEmpty()) emit dataChanged(index(0, Key), index(int(m_rows.size()) - 1, Value), {Qt::DisplayRole});
    };
    if (m_decoder) connect(m_decoder, &SchemaDecoder::schemaReady, this, repaint);
    repaint();
}

QString MessageModel::keyOrValuePreview(int row, bool key) const {
    const Record& r = m_rows[row];
    const QByteArray& bytes = key ? r.key : r.value;
    const bool isNull = key ? r.keyNull : r.valueNull;
    const int max = key ? 60 : 200;
    constexpr qsizetype kMaxDecodedInTable = 64 * 1024;  // larger values are decoded in the detail pane only
    if (isNull || !m_decoder || bytes.size() > kMaxDecodedInTable) return preview(bytes, isNull, max);
    // Decoded once per cell: views ask for the display text on every paint.
    const quint64 cacheKey = (quint64(row) << 1) | (key ? 1u : 0u);
    if (auto it = m_decodedPreviews.constFind(cacheKey); it != m_decodedPreviews.constEnd()) return *it;
    const SchemaDecoder::Result d = m_decoder->decode(bytes);
    if (d.state == SchemaDecoder::State::NotFramed || d.state == SchemaDecoder::State::Failed) {
        const QString plain = preview(bytes, isNull, max);
        m_decodedPreviews.insert(cacheKey, plain);
        return plain;
    }
    if (d.state == SchemaDecoder::State::Pending) return preview(bytes, isNull, max);  // asked again on schemaReady
    const QString text = d.json.size() > max ? d.json.left(max) + QStringLiteral("…") : d.json;
    m_decodedPreviews.insert(cacheKey, text);
    return text;
}

QVariant MessageModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const Record& r = m_rows[index.row()];
    if (role == RecordRole) return QVariant::fromValue(r);
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Partition: return r.partition;
        case Offset: return r.offset;
        case Timestamp: return formatTimestamp(r.timestampMs);
        case Key: return keyOrValuePreview(index.row(), true);
        case Value: return keyOrValuePreview(index.row(), false);
        case Headers: return int(r.headers.size());
        case Size: return formatBytes(r.size());
        }
    }
    if (role == Qt::TextAlignmentRole && (index.column() == Offset || index.column() == Size || index.column() == Headers))
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant MessageModel::headerData(int section, Qt::Orientation o, int role) const {
    if (o != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case Partition: return tr("Partition");
    case Offset: return tr("Offset");
    case Timestamp: return tr("Timestamp");
    case Key: return tr("Key");
    case Value: return tr("Value");
    case Headers: return tr("Headers");
    case Size: return tr("Size");
    }
    return {};
}

}  // namespace plexus::views
