#include "views/schema_editor.h"

#include <map>

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QTextBlock>
#include <QTimer>
#include <QVBoxLayout>
#include <exception>

#include "broker/registry/schema_types.h"
#include "views/schema_common.h"
#include "views/schema_highlighter.h"
#include "views/subject_model.h"

namespace plexus::views {

using plexus::monitor::RegistryClient;
using plexus::monitor::RegistryResult;
using plexus::monitor::RegistrySchema;

namespace {

constexpr int kParseDebounceMs = 250;

const plexus::registry::SchemaTypes& schemaTypes() {
    static const plexus::registry::SchemaTypes types = plexus::registry::builtinSchemaTypes();
    return types;
}

}  // namespace

SchemaEditor::SchemaEditor(const SubjectModel* subjects, QWidget* parent) : QWidget(parent), m_subjects(subjects) {
    m_parseTimer = new QTimer(this);
    m_parseTimer->setSingleShot(true);
    m_parseTimer->setInterval(kParseDebounceMs);
    connect(m_parseTimer, &QTimer::timeout, this, &SchemaEditor::parseNow);
    auto* l = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    m_subject = new QLineEdit(this);
    m_subject->setPlaceholderText(tr("a new subject, e.g. adt.events-value, or an existing one"));
    form->addRow(tr("Su&bject:"), m_subject);
    m_type = new QComboBox(this);
    m_type->addItems({QStringLiteral("AVRO"), QStringLiteral("JSON"), QStringLiteral("PROTOBUF")});
    form->addRow(tr("&Type:"), m_type);
    l->addLayout(form);
    auto* textLabel = new QLabel(tr("Schem&a text:"), this);
    m_text = codeView(this, false);
    m_text->setPlaceholderText(tr("Type or paste a schema; it is checked as you type."));
    textLabel->setBuddy(m_text);
    l->addWidget(textLabel);
    l->addWidget(m_text, 1);
    m_parseLabel = new QLabel(this);
    m_parseLabel->setWordWrap(true);
    m_parseLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    l->addWidget(m_parseLabel);
    auto* row = new QHBoxLayout;
    m_check = new QPushButton(tr("&Check compatibility"), this);
    m_check->setToolTip(tr("Test the text against the subject's latest version at the subject's level"));
    m_register = new QPushButton(tr("Re&gister"), this);
    m_register->setToolTip(tr("Register the text as the next version of the subject"));
    row->addWidget(m_check);
    row->addWidget(m_register);
    row->addStretch(1);
    l->addLayout(row);
    m_verdict = new QLabel(this);
    m_verdict->setWordWrap(true);
    m_verdict->setTextInteractionFlags(Qt::TextSelectableByMouse);
    l->addWidget(m_verdict);
    setSchemaHighlighter(m_text->document(), m_type->currentText(), palette());

    connect(m_text, &QPlainTextEdit::textChanged, m_parseTimer, [this] { m_parseTimer->start(); });
    connect(m_type, &QComboBox::currentTextChanged, this, [this](const QString& type) {
        setSchemaHighlighter(m_text->document(), type, palette());
        m_parseTimer->start();
    });
    connect(m_subject, &QLineEdit::textChanged, this, &SchemaEditor::updateButtons);
    connect(m_check, &QPushButton::clicked, this, &SchemaEditor::checkCompatibility);
    connect(m_register, &QPushButton::clicked, this, &SchemaEditor::registerSchema);
    parseNow();
}

SchemaEditor::~SchemaEditor() = default;

void SchemaEditor::setClient(RegistryClient* client) {
    m_client = client;
    updateButtons();
}

bool SchemaEditor::hasRegistry() const { return m_client && m_client->hasBaseUrl(); }

void SchemaEditor::parseNow() {
    m_parseTimer->stop();
    const QString text = m_text->toPlainText();
    m_parseErrorLine = 0;
    if (text.trimmed().isEmpty()) {
        m_parseError.clear();
        m_parseClean = false;
        m_parseLabel->setText(tr("Type or paste a %1 schema.").arg(m_type->currentText()));
        m_parseLabel->setStyleSheet(QString());
    } else {
        plexus::registry::SchemaInput in;
        in.type = m_type->currentText().toStdString();
        in.schema = text.toStdString();
        std::map<std::string, std::string> resolved;
        for (const auto& r : m_references) in.references.push_back({r.name.toStdString(), r.subject.toStdString(), r.version});
        for (auto it = m_resolved.begin(); it != m_resolved.end(); ++it)
            resolved[it.key().toStdString()] = it.value().toStdString();
        std::string error;
        try {
            error = schemaTypes().canonicalize(in, resolved).error;
        } catch (const std::exception& e) {  // the libraries return errors as values; this is a last guard
            error = e.what();
        }
        m_parseError = QString::fromStdString(error);
        m_parseClean = m_parseError.isEmpty();
        if (!m_parseClean) {
            // "line 3, column 18" (JSON, Avro) or "3:18: ..." (Protobuf).
            static const QRegularExpression lineRe(QStringLiteral("\\bline (\\d+)"), QRegularExpression::CaseInsensitiveOption);
            static const QRegularExpression protoRe(QStringLiteral("^(\\d+):(\\d+):"));
            if (const auto m = lineRe.match(m_parseError); m.hasMatch()) m_parseErrorLine = m.captured(1).toInt();
            else if (const auto p = protoRe.match(m_parseError); p.hasMatch()) m_parseErrorLine = p.captured(1).toInt();
        }
        m_parseLabel->setText(m_parseClean ? tr("The %1 schema parses.").arg(m_type->currentText())
                                           : tr("Parse error: %1").arg(m_parseError));
        m_parseLabel->setStyleSheet(toneStyle(palette(), m_parseClean ? 1 : -1));
    }
    markParseError();
    updateButtons();
    emit parseChecked(m_parseError);
}

void SchemaEditor::markParseError() {
    QList<QTextEdit::ExtraSelection> marks;
    if (m_parseErrorLine > 0 && m_parseErrorLine <= m_text->document()->blockCount()) {
        const QColor bad = tinted(palette().color(QPalette::Base), QColor(0xe0, 0x40, 0x40), isDarkPalette(palette()) ? 0.35 : 0.22);
        QTextEdit::ExtraSelection sel = lineMark(m_text, m_parseErrorLine - 1, bad);
        sel.format.setToolTip(m_parseError);
        marks << sel;
    }
    m_text->setExtraSelections(marks);
}

void SchemaEditor::updateButtons() {
    const bool ok = m_parseClean && !m_subject->text().trimmed().isEmpty() && hasRegistry();
    m_check->setEnabled(ok);
    m_register->setEnabled(ok);
}

QString SchemaEditor::verdictText() const { return m_verdict->text(); }

void SchemaEditor::setVerdict(const QString& text, int tone) {
    m_verdict->setText(text);
    m_verdict->setStyleSheet(toneStyle(palette(), tone));
}

void SchemaEditor::clear() {
    m_references.clear();
    m_resolved.clear();
    m_subject->clear();
    m_text->clear();
    setVerdict(QString(), 0);
}

void SchemaEditor::editSchema(const RegistrySchema& schema) {
    m_subject->setText(schema.subject);
    m_type->setCurrentText(schema.type);
    m_text->setPlainText(prettySchema(schema.type, schema.schema));
    setVerdict(QString(), 0);
    // The new version keeps the shown one's references; their texts are
    // fetched for the local parse, which runs again when they arrive.
    m_references = schema.references;
    m_resolved.clear();
    if (!m_references.isEmpty() && m_client)
        m_client->resolveReferences(m_references, this, [this](const RegistryResult<QHash<QString, QString>>& r) {
            m_resolved = r.value;
            parseNow();
        });
    parseNow();
}

void SchemaEditor::setSubject(const QString& subject) { m_subject->setText(subject); }

void SchemaEditor::checkCompatibility() {
    parseNow();
    const QString subject = m_subject->text().trimmed();
    if (!m_check->isEnabled()) return;
    setVerdict(tr("Checking against '%1' at its compatibility level…").arg(subject), 0);
    m_client->testCompatibility(subject, m_type->currentText(), m_text->toPlainText(), m_references, this,
                                [this, subject](const RegistryResult<plexus::monitor::CompatibilityResult>& r) {
                                    if (!r.ok()) {
                                        if (r.error.errorCode == kRegistrySubjectNotFound) {
                                            setVerdict(tr("'%1' has no versions yet: any schema can be its first.").arg(subject), 1);
                                            emit compatibilityChecked(true, {});
                                            return;
                                        }
                                        setVerdict(tr("Could not check compatibility: %1").arg(r.error.text()), -1);
                                        emit failed(r.error.text());
                                        return;
                                    }
                                    const int row = m_subjects ? m_subjects->rowOf(subject) : -1;
                                    const bool hasVersions = row >= 0 && !m_subjects->isDeleted(row);
                                    if (r.value.compatible && !hasVersions) {
                                        setVerdict(tr("'%1' has no versions yet: any schema can be its first.").arg(subject), 1);
                                    } else if (r.value.compatible) {
                                        setVerdict(tr("Compatible with '%1' at its compatibility level.").arg(subject), 1);
                                    } else {
                                        QStringList lines;
                                        for (const QString& m : r.value.messages) lines << QStringLiteral("• ") + m;
                                        setVerdict(tr("Not compatible with '%1' at its compatibility level:").arg(subject) +
                                                       (lines.isEmpty() ? QString() : u'\n' + lines.join(u'\n')),
                                                   -1);
                                    }
                                    emit compatibilityChecked(r.value.compatible, r.value.messages);
                                });
}

void SchemaEditor::registerSchema() {
    parseNow();
    const QString subject = m_subject->text().trimmed();
    if (!m_register->isEnabled()) return;
    setVerdict(tr("Registering a version of '%1'…").arg(subject), 0);
    m_client->registerSchema(subject, m_type->currentText(), m_text->toPlainText(), m_references, this,
                             [this, subject](const RegistryResult<RegistrySchema>& r) {
                                 if (!r.ok()) {
                                     setVerdict(tr("Not registered: %1").arg(r.error.text()), -1);
                                     emit failed(r.error.text());
                                     return;
                                 }
                                 setVerdict(r.value.version > 0
                                                ? tr("Registered as version %1 of '%2', schema id %3.")
                                                      .arg(QString::number(r.value.version), subject, QString::number(r.value.id))
                                                : tr("Registered under '%1', schema id %2.").arg(subject, QString::number(r.value.id)),
                                            1);
                                 emit schemaRegistered(subject, r.value.id, r.value.version);
                             });
}

}  // namespace plexus::views
