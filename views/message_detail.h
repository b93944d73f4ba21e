#pragma once
// MessageDetail: the Messages page's detail pane for one record: partition,
// offset and timestamp; the key; the headers; and the value shown as pretty
// JSON, text or hex (Auto picks JSON when the value parses, text when it is
// UTF-8, hex otherwise). With a SchemaDecoder set, a key or value framed with
// a schema id (Confluent's wire format) is decoded by its registered schema
// (Avro binary, JSON, Protobuf) and shown as JSON, with the schema id and
// type named above it; that is what Auto and "Schema" show. GUI thread only.
#include <QWidget>

#include "monitor/kafka_types.h"

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QTableWidget;

namespace plexus::views {

class MessageDetail : public QWidget {
    Q_OBJECT
public:
    enum class Mode { Auto, Json, Text, Hex, Schema };
    explicit MessageDetail(QWidget* parent = nullptr);

    /// Decodes schema-framed keys and values (not owned; may be null).
    void setDecoder(class SchemaDecoder* decoder);
    void setRecord(const plexus::monitor::Record& record);
    void clear();
    void setMode(Mode mode);
    /// What the value pane shows now.
    QString valueText() const;
    QString keyText() const;
    int headerCount() const;
    /// The line naming the value's schema ("Schema id 3 · AVRO"), empty when not framed.
    QString schemaText() const;

    /// The value rendered in `mode` (Auto resolved as described above).
    static QString render(const QByteArray& bytes, bool isNull, Mode mode);
    /// Classic hex dump: offset, 16 bytes in hex, ASCII.
    static QString hexDump(const QByteArray& bytes);

private:
    void refresh();
    QString renderValue(const QByteArray& bytes, bool isNull, Mode mode, bool isKey);
    class SchemaDecoder* m_decoder = nullptr;
    plexus::monitor::Record m_record;
    bool m_has = false;
    QLabel* m_where;
    QPlainTextEdit* m_key;
    QTableWidget* m_headers;
    QComboBox* m_mode;
    QLabel* m_schema;
    QPlainTextEdit* m_value;
};

}  // namespace plexus::views
