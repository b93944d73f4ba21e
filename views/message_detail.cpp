#include "views/message_detail.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QStringDecoder>
#include <QTableWidget>
#include <QVBoxLayout>

#include "views/format.h"
#include "views/schema_decoder.h"

namespace plexus::views {

MessageDetail::MessageDetail(QWidget* parent) : QWidget(parent) {
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    auto* l = new QVBoxLayout(this);
    l->setContentsMargins(0, 0, 0, 0);
    m_where = new QLabel(this);
    m_where->setTextInteractionFlags(Qt::TextSelectableByMouse);
    l->addWidget(m_where);
    l->addWidget(new QLabel(tr("Key"), this));
    m_key = new QPlainTextEdit(this);
    m_key->setReadOnly(true);
    m_key->setFont(mono);
    m_key->setMaximumHeight(m_key->fontMetrics().height() * 3 + 12);
    l->addWidget(m_key);
    l->addWidget(new QLabel(tr("Headers"), this));
    m_headers = new QTableWidget(0, 2, this);
    m_headers->setHorizontalHeaderLabels({tr("Name"), tr("Value")});
    m_headers->horizontalHeader()->setStretchLastSection(true);
    m_headers->verticalHeader()->hide();
    m_headers->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_headers->setMaximumHeight(130);
    m_headers->verticalHeader()->setDefaultSectionSize(m_headers->fontMetrics().height() + 6);
    l->addWidget(m_headers);
    auto* row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("Value"), this));
    row->addStretch(1);
    m_mode = new QComboBox(this);
    m_mode->addItem(tr("Auto"), int(Mode::Auto));
    m_mode->addItem(tr("JSON"), int(Mode::Json));
    m_mode->addItem(tr("Text"), int(Mode::Text));
    m_mode->addItem(tr("Hex"), int(Mode::Hex));
    m_mode->addItem(tr("Schema"), int(Mode::Schema));
    row->addWidget(m_mode);
    l->addLayout(row);
    m_schema = new QLabel(this);
    m_schema->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_schema->setWordWrap(true);
    m_schema->hide();
    l->addWidget(m_schema);
    m_value = new QPlainTextEdit(this);
    m_value->setReadOnly(true);
    m_value->setFont(mono);
    m_value->setLineWrapMode(QPlainTextEdit::NoWrap);
    l->addWidget(m_value, 1);
    connect(m_mode, &QComboBox::currentIndexChanged, this, &MessageDetail::refresh);
    clear();
}

void MessageDetail::setRecord(const plexus::monitor::Record& record) {
    m_record = record;
    m_has = true;
    refresh();
}

void MessageDetail::clear() {
    m_has = false;
    m_record = {};
    refresh();
}

void MessageDetail::setDecoder(SchemaDecoder* decoder) {
    if (m_decoder) disconnect(m_decoder, nullptr, this, nullptr);
    m_decoder = decoder;
    if (m_decoder)
        connect(m_decoder, &SchemaDecoder::schemaReady, this, [this](int) {
            if (m_has) refresh();
        });
    refresh();
}

QString MessageDetail::schemaText() const { return m_schema->text(); }

void MessageDetail::setMode(Mode mode) { m_mode->setCurrentIndex(m_mode->findData(int(mode))); }
QString MessageDetail::valueText() const { return m_value->toPlainText(); }
QString MessageDetail::keyText() const { return m_key->toPlainText(); }
int MessageDetail::headerCount() const { return m_headers->rowCount(); }

QString MessageDetail::hexDump(const QByteArray& bytes) {
    QString out;
    for (qsizetype i = 0; i < bytes.size(); i += 16) {
        const QByteArray line = bytes.mid(i, 16);
        QString hex, ascii;
        for (qsizetype j = 0; j < 16; ++j) {
            if (j < line.size()) {
                const auto c = static_cast<unsigned char>(line[j]);
                hex += QStringLiteral("%1 ").arg(c, 2, 16, QLatin1Char('0'));
                ascii += (c >= 0x20 && c < 0x7f) ? QChar(c) : QChar(u'.');
            } else {
                hex += QStringLiteral("   ");
            }
            if (j == 7) hex += u' ';
        }
        out += QStringLiteral("%1  %2 %3\n").arg(i, 8, 16, QLatin1Char('0')).arg(hex, ascii);
    }
    return out;
}

QString MessageDetail::render(const QByteArray& bytes, bool isNull, Mode mode) {
    if (isNull) return QStringLiteral("null");
    if (mode == Mode::Hex) return hexDump(bytes);
    if (mode == Mode::Auto || mode == Mode::Json) {
        QJsonParseError err;
        const QJsonDocument doc = QJsonDocument::fromJson(bytes, &err);
        if (err.error == QJsonParseError::NoError && !doc.isNull()) return QString::fromUtf8(doc.toJson(QJsonDocument::Indented));
        if (mode == Mode::Json) return tr("Not JSON: %1 at byte %2").arg(err.errorString()).arg(err.offset);
    }
    QStringDecoder dec(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = dec.decode(bytes);
    if (dec.hasError() && mode == Mode::Auto) return hexDump(bytes);
    // HL7 v2 separates segments with carriage returns; show one per line.
    text.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    text.replace(u'\r', u'\n');
    return text;
}

void MessageDetail::refresh() {
    if (!m_has) {
        m_where->setText(tr("Select a message to see it here."));
        m_key->clear();
        m_headers->setRowCount(0);
        m_value->clear();
        return;
    }
    const auto& r = m_record;
    m_where->setText(tr("Partition %1 · offset %2 · %3 · %4")
                         .arg(r.partition)
                         .arg(r.offset)
                         .arg(formatTimestamp(r.timestampMs), formatBytes(r.size())));
    m_schema->clear();
    m_key->setPlainText(renderValue(r.key, r.keyNull, Mode::Text, true));
    m_headers->setRowCount(int(r.headers.size()));
    for (int i = 0; i < r.headers.size(); ++i) {
        m_headers->setItem(i, 0, new QTableWidgetItem(r.headers[i].first));
        m_headers->setItem(i, 1, new QTableWidgetItem(render(r.headers[i].second, false, Mode::Text)));
    }
    m_value->setPlainText(renderValue(r.value, r.valueNull, static_cast<Mode>(m_mode->currentData().toInt()), false));
    m_schema->setVisible(!m_schema->text().isEmpty());
}

QString MessageDetail::renderValue(const QByteArray& bytes, bool isNull, Mode mode, bool isKey) {
    const bool schemaMode = mode == Mode::Schema;
    if (isNull || !(mode == Mode::Auto || schemaMode || (isKey && m_decoder))) return render(bytes, isNull, mode);
    const SchemaDecoder::Result d = m_decoder ? m_decoder->decode(bytes, isKey ? -1 : 4) : SchemaDecoder::Result{};
    if (d.state == SchemaDecoder::State::NotFramed) {
        if (schemaMode) return tr("Not framed with a schema id (magic byte 0 and a 4-byte id).");
        return render(bytes, false, isKey ? Mode::Text : mode);
    }
    const QString what = isKey ? tr("Key") : tr("Value");
    QString line;
    switch (d.state) {
    case SchemaDecoder::State::Pending: line = tr("%1: fetching schema id %2…").arg(what).arg(d.schemaId); break;
    case SchemaDecoder::State::Decoded: line = tr("%1: schema id %2 · %3").arg(what).arg(d.schemaId).arg(d.schemaType); break;
    default: line = tr("%1: %2").arg(what, d.error); break;
    }
    m_schema->setText(m_schema->text().isEmpty() ? line : m_schema->text() + QLatin1Char('\n') + line);
    if (d.state != SchemaDecoder::State::Decoded) return hexDump(bytes);
    return d.json;  // keys in schema order (QJsonDocument would sort them)
}

}  // namespace plexus::views
