#include "views/produce_dialog.h"

#include <QFontDatabase>
#include <QPushButton>

#include "ui_produce_dialog.h"

namespace plexus::views {

ProduceDialog::ProduceDialog(const QMap<QString, int>& topics, const QString& selected, QWidget* parent)
    : QDialog(parent), m_ui(std::make_unique<Ui::ProduceDialog>()), m_topics(topics) {
    m_ui->setupUi(this);
    m_ui->topic->addItems(topics.keys());
    if (!selected.isEmpty()) m_ui->topic->setCurrentText(selected);
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_ui->value->setFont(mono);
    m_ui->headers->setFont(mono);
    m_ui->headers->setPlaceholderText(QStringLiteral("content-type=application/fhir+json"));
    auto updatePartitions = [this] {
        m_ui->partition->setMaximum(std::max(0, m_topics.value(m_ui->topic->currentText(), 1) - 1));
        validate();
    };
    connect(m_ui->topic, &QComboBox::currentTextChanged, this, updatePartitions);
    connect(m_ui->headers, &QPlainTextEdit::textChanged, this, &ProduceDialog::validate);
    connect(m_ui->buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_ui->buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    updatePartitions();
}

ProduceDialog::~ProduceDialog() = default;

void ProduceDialog::setKey(const QString& key) { m_ui->key->setText(key); }
void ProduceDialog::setValue(const QString& value) { m_ui->value->setPlainText(value); }
void ProduceDialog::setHeadersText(const QString& text) { m_ui->headers->setPlainText(text); }
void ProduceDialog::setPartition(int partition) { m_ui->partition->setValue(partition); }

plexus::monitor::ProduceRequest ProduceDialog::request() const {
    plexus::monitor::ProduceRequest r;
    r.topic = m_ui->topic->currentText();
    r.partition = m_ui->partition->value();
    r.key = m_ui->key->text().toUtf8();
    r.keyNull = m_ui->key->text().isEmpty();
    r.value = m_ui->value->toPlainText().toUtf8();
    r.valueNull = false;
    const auto lines = m_ui->headers->toPlainText().split(u'\n', Qt::SkipEmptyParts);
    for (const auto& line : lines) {
        const auto eq = line.indexOf(u'=');
        if (eq <= 0) continue;
        r.headers.push_back({line.left(eq).trimmed(), line.mid(eq + 1).toUtf8()});
    }
    return r;
}

QString ProduceDialog::problem() const {
    if (m_ui->topic->currentText().isEmpty()) return tr("There is no topic to produce to.");
    const auto lines = m_ui->headers->toPlainText().split(u'\n', Qt::SkipEmptyParts);
    for (int i = 0; i < lines.size(); ++i) {
        if (lines[i].trimmed().isEmpty()) continue;
        if (lines[i].indexOf(u'=') <= 0) return tr("Header line %1 needs the form name=value.").arg(i + 1);
    }
    return {};
}

void ProduceDialog::validate() {
    const QString p = problem();
    m_ui->problem->setText(p);
    m_ui->buttons->button(QDialogButtonBox::Ok)->setEnabled(p.isEmpty());
}

}  // namespace plexus::views
