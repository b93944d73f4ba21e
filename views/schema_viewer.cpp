#include "views/schema_viewer.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTextDocument>
#include <QVBoxLayout>
#include <algorithm>

#include "views/schema_common.h"
#include "views/schema_highlighter.h"

namespace plexus::views {

using plexus::monitor::RegistryClient;
using plexus::monitor::RegistryResult;
using plexus::monitor::RegistrySchema;

SchemaViewer::SchemaViewer(QWidget* parent) : QWidget(parent) {
    auto* l = new QVBoxLayout(this);
    m_header = new QLabel(this);
    m_header->setWordWrap(true);
    m_header->setTextFormat(Qt::RichText);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    l->addWidget(m_header);
    auto* row = new QHBoxLayout;
    auto* levelLabel = new QLabel(tr("Co&mpatibility:"), this);
    m_level = new QComboBox(this);
    m_level->setToolTip(tr("The subject's compatibility level; \"global default\" removes the subject's own level"));
    m_level->setSizeAdjustPolicy(QComboBox::AdjustToContents);  // the first entry names the global level once known
    m_level->addItem(tr("(global default)"), QString());
    for (const QString& level : plexus::monitor::compatibilityLevels()) m_level->addItem(level, level);
    levelLabel->setBuddy(m_level);
    m_editShown = new QPushButton(tr("Edi&t as new version"), this);
    m_editShown->setToolTip(tr("Copy this schema into the editor to register a changed version"));
    row->addWidget(levelLabel);
    row->addWidget(m_level);
    row->addStretch(1);
    row->addWidget(m_editShown);
    l->addLayout(row);
    m_schemaText = codeView(this, true);
    l->addWidget(m_schemaText, 1);
    connect(m_level, &QComboBox::activated, this, [this](int index) {
        if (m_settingLevel) return;
        setSubjectLevel(m_level->itemData(index).toString());
    });
    connect(m_editShown, &QPushButton::clicked, this, [this] {
        if (hasSchema()) emit editRequested(m_shown);
    });
    setSubject(QString());
    showVersion(QString(), -1, false);
}

SchemaViewer::~SchemaViewer() = default;

void SchemaViewer::setClient(RegistryClient* client) { m_client = client; }

QString SchemaViewer::headerText() const {
    QTextDocument doc;
    doc.setHtml(m_header->text());
    return doc.toPlainText();
}

void SchemaViewer::showVersion(const QString& subject, int version, bool deleted) {
    m_editShown->setEnabled(false);
    m_wantSubject = subject;
    m_wantVersion = version;
    if (subject.isEmpty() || version < 0) {
        m_shown = RegistrySchema();
        m_shown.version = -1;
        m_header->setText(subject.isEmpty() ? tr("Select a subject to see its schema.") : tr("Select a version."));
        m_schemaText->clear();
        return;
    }
    if (!m_client) return;
    m_client->getVersion(subject, version, true, this, [this, subject, version, deleted](const RegistryResult<RegistrySchema>& r) {
        if (m_wantSubject != subject || m_wantVersion != version) return;
        if (!r.ok()) {
            setStatus(tr("Could not read version %1 of '%2': %3").arg(version).arg(subject, r.error.text()), true);
            return;
        }
        display(r.value, deleted);
    });
}

void SchemaViewer::display(const RegistrySchema& s, bool deleted) {
    m_shown = s;
    QStringList refs;
    for (const auto& r : s.references)
        refs << tr("%1 → %2 version %3").arg(r.name.toHtmlEscaped(), r.subject.toHtmlEscaped()).arg(r.version);
    // One arg() call, so a subject containing "%2" stays as it is.
    m_header->setText(tr("<b>%1</b> &nbsp;·&nbsp; version %2%3 &nbsp;·&nbsp; id %4 &nbsp;·&nbsp; %5<br>References: %6")
                          .arg(s.subject.toHtmlEscaped(), QString::number(s.version),
                               deleted ? tr(" (soft-deleted)") : QString(), QString::number(s.id), s.type.toHtmlEscaped(),
                               refs.isEmpty() ? tr("none") : refs.join(QStringLiteral(", "))));
    setSchemaHighlighter(m_schemaText->document(), s.type, palette());
    m_schemaText->setPlainText(prettySchema(s.type, s.schema));
    m_editShown->setEnabled(true);
    emit schemaShown(s.subject, s.version);
}

// ---- compatibility level

void SchemaViewer::setSubject(const QString& subject) {
    m_subject = subject;
    if (subject != m_wantSubject) {  // a version of another subject still being read is no longer wanted
        m_wantSubject.clear();
        m_wantVersion = -1;
    }
    m_level->setEnabled(!subject.isEmpty());
    if (!subject.isEmpty()) loadLevel(subject);
}

void SchemaViewer::loadLevel(const QString& subject) {
    if (!m_client) return;
    m_client->getConfig(subject, false, this, [this, subject](const RegistryResult<QString>& own) {
        if (m_subject != subject) return;
        if (own.ok()) {
            showLevel(subject, own.value, true, QString());
            // The global level still names the "(global default)" entry.
            m_client->getConfig(QString(), true, this, [this, subject](const RegistryResult<QString>& global) {
                if (m_subject == subject && global.ok()) m_level->setItemText(0, tr("(global default: %1)").arg(global.value));
            });
            return;
        }
        if (own.error.errorCode != kRegistryNoSubjectLevel) {
            setStatus(tr("Could not read the compatibility level of '%1': %2").arg(subject, own.error.text()), true);
            return;
        }
        m_client->getConfig(subject, true, this, [this, subject](const RegistryResult<QString>& global) {
            if (m_subject != subject) return;
            if (!global.ok()) {
                setStatus(tr("Could not read the global compatibility level: %1").arg(global.error.text()), true);
                return;
            }
            showLevel(subject, global.value, false, global.value);
        });
    });
}

void SchemaViewer::showLevel(const QString& subject, const QString& level, bool own, const QString& global) {
    m_settingLevel = true;
    if (!global.isEmpty()) m_level->setItemText(0, tr("(global default: %1)").arg(global));
    m_level->setCurrentIndex(own ? std::max(0, m_level->findData(level)) : 0);
    m_settingLevel = false;
    m_levelInForce = level;
    m_levelOwn = own;
    emit levelShown(subject, level, own);
}

void SchemaViewer::setSubjectLevel(const QString& level) {
    const QString subject = m_subject;
    if (subject.isEmpty() || !m_client) return;
    auto done = [this, subject, level](const RegistryResult<QString>& r) {
        // Removing a level the subject does not have is no failure.
        if (!r.ok() && !(level.isEmpty() && r.error.errorCode == kRegistryNoSubjectLevel)) {
            setStatus(tr("Could not change the compatibility level of '%1': %2").arg(subject, r.error.text()), true);
        } else {
            setStatus(level.isEmpty() ? tr("'%1' now follows the global compatibility level.").arg(subject)
                                      : tr("The compatibility level of '%1' is now %2.").arg(subject, level));
        }
        if (m_subject == subject) loadLevel(subject);
    };
    if (level.isEmpty()) m_client->deleteConfig(subject, this, done);
    else m_client->setConfig(subject, level, this, done);
}

}  // namespace plexus::views
