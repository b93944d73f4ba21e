#include "views/create_topic_dialog.h"

#include <QPushButton>
#include <QRegularExpression>
#include <QRegularExpressionValidator>

#include "ui_create_topic_dialog.h"

namespace plexus::views {

CreateTopicDialog::CreateTopicDialog(const QStringList& existing, int brokers, QWidget* parent)
    : QDialog(parent), m_ui(std::make_unique<Ui::CreateTopicDialog>()), m_existing(existing),
      m_brokers(std::max(1, brokers)) {
    m_ui->setupUi(this);
    m_ui->replication->setMaximum(std::max(1, std::min(5, m_brokers)));
    m_ui->retention->addItem(tr("Broker default"), QString());
    m_ui->retention->addItem(tr("1 hour"), QStringLiteral("3600000"));
    m_ui->retention->addItem(tr("1 day"), QStringLiteral("86400000"));
    m_ui->retention->addItem(tr("7 days"), QStringLiteral("604800000"));
    m_ui->retention->addItem(tr("30 days"), QStringLiteral("2592000000"));
    m_ui->retention->addItem(tr("Forever"), QStringLiteral("-1"));
    m_ui->cleanup->addItem(tr("delete (retention)"), QStringLiteral("delete"));
    m_ui->cleanup->addItem(tr("compact (latest per key)"), QStringLiteral("compact"));
    m_ui->cleanup->addItem(tr("compact and delete"), QStringLiteral("compact,delete"));
    m_ui->problem->setStyleSheet(QStringLiteral("color: palette(highlight)"));
    connect(m_ui->name, &QLineEdit::textChanged, this, &CreateTopicDialog::validate);
    connect(m_ui->partitions, &QSpinBox::valueChanged, this, &CreateTopicDialog::validate);
    connect(m_ui->replication, &QSpinBox::valueChanged, this, &CreateTopicDialog::validate);
    connect(m_ui->buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_ui->buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    validate();
}

CreateTopicDialog::~CreateTopicDialog() = default;

QString CreateTopicDialog::topicName() const { return m_ui->name->text().trimmed(); }
int CreateTopicDialog::partitions() const { return m_ui->partitions->value(); }
int CreateTopicDialog::replicationFactor() const { return m_ui->replication->value(); }

QMap<QString, QString> CreateTopicDialog::configs() const {
    QMap<QString, QString> c;
    const QString retention = m_ui->retention->currentData().toString();
    if (!retention.isEmpty()) c.insert(QStringLiteral("retention.ms"), retention);
    const QString cleanup = m_ui->cleanup->currentData().toString();
    if (cleanup != QStringLiteral("delete")) c.insert(QStringLiteral("cleanup.policy"), cleanup);
    return c;
}

QString CreateTopicDialog::nameProblem(const QString& name) {
    if (name.isEmpty()) return tr("Enter a topic name.");
    if (name == QStringLiteral(".") || name == QStringLiteral("..")) return tr("'.' and '..' are not topic names.");
    if (name.size() > 249) return tr("A topic name has at most 249 characters.");
    static const QRegularExpression legal(QStringLiteral("^[a-zA-Z0-9._-]+$"));
    if (!legal.match(name).hasMatch()) return tr("Use only ASCII letters, digits, '.', '_' and '-'.");
    if (name.startsWith(QStringLiteral("__"))) return tr("Names starting with '__' are reserved for internal topics.");
    return {};
}

QString CreateTopicDialog::problem() const {
    const QString name = topicName();
    QString p = nameProblem(name);
    if (!p.isEmpty()) return p;
    if (m_existing.contains(name)) return tr("A topic named '%1' exists already.").arg(name);
    // '.' and '_' collide in metric names, as Kafka warns.
    QString folded = name;
    folded.replace(u'.', u'_');
    for (const auto& e : m_existing) {
        QString f = e;
        f.replace(u'.', u'_');
        if (f == folded) return tr("'%1' collides with '%2': '.' and '_' are the same in metric names.").arg(name, e);
    }
    if (replicationFactor() > m_brokers)
        return tr("Replication factor %1 needs %1 brokers; the cluster has %2.").arg(replicationFactor()).arg(m_brokers);
    return {};
}

void CreateTopicDialog::validate() {
    const QString p = problem();
    m_ui->problem->setText(p);
    m_ui->buttons->button(QDialogButtonBox::Ok)->setEnabled(p.isEmpty());
}

}  // namespace plexus::views
