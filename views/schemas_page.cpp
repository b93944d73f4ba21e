#include "views/schemas_page.h"

#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QVBoxLayout>

#include "monitor/registry_client.h"
#include "views/schema_browser.h"
#include "views/schema_common.h"
#include "views/schema_diff_view.h"
#include "views/schema_editor.h"
#include "views/schema_viewer.h"
#include "views/subject_model.h"

namespace plexus::views {

using plexus::monitor::RegistryClient;
using plexus::monitor::RegistrySchema;

SchemasPage::SchemasPage(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    m_stack = new QStackedWidget(this);
    m_note = new QLabel(m_stack);
    m_note->setAlignment(Qt::AlignCenter);
    m_note->setWordWrap(true);
    m_note->setText(tr("No Schema Registry is known for this connection.\n\n"
                       "Every node of the local sandbox serves one. For a Kafka cluster, add it with "
                       "File > Add Kafka cluster… and fill in its Schema Registry URL."));
    m_stack->addWidget(m_note);

    auto* main = new QWidget(m_stack);
    auto* ml = new QVBoxLayout(main);
    ml->setContentsMargins(0, 0, 0, 0);
    auto* split = new QSplitter(Qt::Horizontal, main);
    m_browser = new SchemaBrowser(split);
    m_browser->setObjectName(QStringLiteral("schemaBrowser"));
    split->addWidget(m_browser);
    m_tabs = new QTabWidget(split);
    m_viewer = new SchemaViewer(m_tabs);
    m_viewer->setObjectName(QStringLiteral("schemaViewer"));
    m_diff = new SchemaDiffView(m_tabs);
    m_diff->setObjectName(QStringLiteral("schemaDiffView"));
    m_editor = new SchemaEditor(m_browser->subjectModel(), m_tabs);
    m_editor->setObjectName(QStringLiteral("schemaEditor"));
    m_tabs->addTab(m_viewer, tr("&Schema"));
    m_tabs->addTab(m_diff, tr("D&iff"));
    m_tabs->addTab(m_editor, tr("&Editor"));
    split->addWidget(m_tabs);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 3);
    split->setSizes({300, 900});
    ml->addWidget(split, 1);
    m_stack->addWidget(main);
    layout->addWidget(m_stack, 1);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);

    wire();
    m_stack->setCurrentWidget(m_note);
}

SchemasPage::~SchemasPage() = default;

void SchemasPage::wire() {
    // Selection: the browser leads, the viewer, the diff and the editor follow.
    connect(m_browser, &SchemaBrowser::subjectSelected, this, [this](const QString& subject) {
        m_viewer->setSubject(subject);
        if (!subject.isEmpty()) m_editor->setSubject(subject);
    });
    connect(m_browser, &SchemaBrowser::versionsChanged, this, [this] { m_diff->setVersions(*m_browser->versionModel()); });
    connect(m_browser, &SchemaBrowser::versionSelected, m_viewer, &SchemaViewer::showVersion);
    connect(m_viewer, &SchemaViewer::schemaShown, this, [this](const QString& subject, int version) {
        m_browser->setKnownSchemaId(subject, version, m_viewer->shownSchema().id);
    });
    connect(m_browser, &SchemaBrowser::newSchemaRequested, this, &SchemasPage::newSchema);
    connect(m_viewer, &SchemaViewer::editRequested, this, &SchemasPage::editSchema);
    connect(m_editor, &SchemaEditor::schemaRegistered, this, [this](const QString& subject, int, int version) {
        m_browser->selectAfterRefresh(subject, version > 0 ? version : -1);
        m_browser->refresh();
    });

    // Status line.
    connect(m_browser, &SchemaBrowser::statusMessage, this, &SchemasPage::setStatus);
    connect(m_viewer, &SchemaViewer::statusMessage, this, &SchemasPage::setStatus);

    // The widgets' signals are the page's.
    connect(m_browser, &SchemaBrowser::subjectsLoaded, this, &SchemasPage::subjectsLoaded);
    connect(m_browser, &SchemaBrowser::versionsLoaded, this, &SchemasPage::versionsLoaded);
    connect(m_browser, &SchemaBrowser::deleted, this, &SchemasPage::deleted);
    connect(m_viewer, &SchemaViewer::schemaShown, this, &SchemasPage::schemaShown);
    connect(m_viewer, &SchemaViewer::levelShown, this, &SchemasPage::levelShown);
    connect(m_diff, &SchemaDiffView::diffUpdated, this, &SchemasPage::diffUpdated);
    connect(m_editor, &SchemaEditor::parseChecked, this, &SchemasPage::parseChecked);
    connect(m_editor, &SchemaEditor::compatibilityChecked, this, &SchemasPage::compatibilityChecked);
    connect(m_editor, &SchemaEditor::schemaRegistered, this, &SchemasPage::schemaRegistered);
    connect(m_editor, &SchemaEditor::failed, this, &SchemasPage::failed);
}

// ---- registry address and status

void SchemasPage::setSchemaRegistry(RegistryClient* client) {
    m_client = client;
    m_viewer->setClient(client);
    m_diff->setClient(client);
    m_editor->setClient(client);
    m_browser->setClient(client);  // empties the lists; the others follow the empty selection
    m_stack->setCurrentIndex(hasRegistry() ? 1 : 0);
    if (hasRegistry()) refresh();
    else setStatus(QString());
}

bool SchemasPage::hasRegistry() const { return m_client && m_client->hasBaseUrl(); }
QString SchemasPage::registryUrl() const { return m_client ? m_client->address() : QString(); }
QString SchemasPage::noteText() const { return m_stack->currentWidget() == m_note ? m_note->text() : QString(); }
QString SchemasPage::statusText() const { return m_status->text(); }

void SchemasPage::setStatus(const QString& text, bool error) {
    m_status->setText(text);
    m_status->setStyleSheet(toneStyle(palette(), error ? -1 : 0));
    if (error) emit failed(text);
}

QString SchemasPage::prettySchema(const QString& type, const QString& text) { return views::prettySchema(type, text); }

// ---- actions that span the widgets

void SchemasPage::refresh() { m_browser->refresh(); }

void SchemasPage::newSchema() {
    m_editor->clear();
    m_tabs->setCurrentIndex(EditorTab);
    m_editor->subjectEdit()->setFocus();
}

void SchemasPage::editShownSchema() {
    if (m_viewer->hasSchema()) editSchema(m_viewer->shownSchema());
}

void SchemasPage::editSchema(const RegistrySchema& schema) {
    m_editor->editSchema(schema);
    m_tabs->setCurrentIndex(EditorTab);
    m_editor->textEdit()->setFocus();
}

// ---- the widgets' parts, for the app and tests

SubjectModel* SchemasPage::subjectModel() const { return m_browser->subjectModel(); }
SubjectFilterModel* SchemasPage::filterModel() const { return m_browser->filterModel(); }
VersionModel* SchemasPage::versionModel() const { return m_browser->versionModel(); }
QListView* SchemasPage::subjectView() const { return m_browser->subjectView(); }
QListView* SchemasPage::versionView() const { return m_browser->versionView(); }
QLineEdit* SchemasPage::searchEdit() const { return m_browser->searchEdit(); }
QCheckBox* SchemasPage::showDeletedBox() const { return m_browser->showDeletedBox(); }
QString SchemasPage::selectedSubject() const { return m_browser->selectedSubject(); }
int SchemasPage::selectedVersion() const { return m_browser->selectedVersion(); }
void SchemasPage::selectSubject(const QString& subject) { m_browser->selectSubject(subject); }
void SchemasPage::selectVersion(int version) { m_browser->selectVersion(version); }
void SchemasPage::deleteSelectedVersion(bool permanent) { m_browser->deleteSelectedVersion(permanent); }
void SchemasPage::deleteSelectedSubject(bool permanent) { m_browser->deleteSelectedSubject(permanent); }
void SchemasPage::confirmDeleteVersion(const QString& subject, int version, int schemaId, bool permanent) {
    m_browser->confirmDeleteVersion(subject, version, schemaId, permanent);
}
void SchemasPage::confirmDeleteSubject(const QString& subject, int count, bool permanent) {
    m_browser->confirmDeleteSubject(subject, count, permanent);
}

QPlainTextEdit* SchemasPage::schemaText() const { return m_viewer->schemaText(); }
QString SchemasPage::schemaHeaderText() const { return m_viewer->headerText(); }
QComboBox* SchemasPage::levelBox() const { return m_viewer->levelBox(); }
QString SchemasPage::levelInForce() const { return m_viewer->levelInForce(); }
bool SchemasPage::levelIsOwn() const { return m_viewer->levelIsOwn(); }
void SchemasPage::setSubjectLevel(const QString& level) { m_viewer->setSubjectLevel(level); }

QComboBox* SchemasPage::diffOldBox() const { return m_diff->oldBox(); }
QComboBox* SchemasPage::diffNewBox() const { return m_diff->newBox(); }
QPlainTextEdit* SchemasPage::diffOldText() const { return m_diff->oldText(); }
QPlainTextEdit* SchemasPage::diffNewText() const { return m_diff->newText(); }
QList<DiffRow> SchemasPage::diffRows() const { return m_diff->rows(); }
QString SchemasPage::diffSummary() const { return m_diff->summary(); }
void SchemasPage::updateDiff() { m_diff->updateDiff(); }

QLineEdit* SchemasPage::editorSubject() const { return m_editor->subjectEdit(); }
QComboBox* SchemasPage::editorType() const { return m_editor->typeBox(); }
QPlainTextEdit* SchemasPage::editor() const { return m_editor->textEdit(); }
QPushButton* SchemasPage::checkButton() const { return m_editor->checkButton(); }
QPushButton* SchemasPage::registerButton() const { return m_editor->registerButton(); }
QString SchemasPage::parseError() const { return m_editor->parseError(); }
bool SchemasPage::parseClean() const { return m_editor->parseClean(); }
int SchemasPage::parseErrorLine() const { return m_editor->parseErrorLine(); }
QString SchemasPage::verdictText() const { return m_editor->verdictText(); }
void SchemasPage::parseNow() { m_editor->parseNow(); }
void SchemasPage::checkCompatibility() { m_editor->checkCompatibility(); }
void SchemasPage::registerSchema() { m_editor->registerSchema(); }

}  // namespace plexus::views
