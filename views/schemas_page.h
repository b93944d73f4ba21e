#pragma once
// SchemasPage: the Schema Registry of the connection.
//
// Left (SchemaBrowser): the subjects (filter as typed, show soft-deleted ones on request)
// and the selected subject's versions, with Delete version / Delete subject,
// each soft (Confluent's default: readable with ?deleted=true, restorable by
// registering again) or hard (permanent, after the soft step), always behind
// a confirmation that names what will be lost.
// Right, three tabs:
//  - Schema (SchemaViewer): the selected version pretty-printed and coloured (JSON for AVRO
//    and JSON, .proto text for PROTOBUF), a header with subject, version, id,
//    type and references, and the subject's compatibility level, which the
//    combo box changes (or removes: "global default").
//  - Diff (SchemaDiffView): two versions of the subject side by side, removed, added and
//    changed lines marked, the two panes scrolling together.
//  - Editor (SchemaEditor): a subject (new or the selected one), a type and the schema text,
//    parsed locally as typed (plexus_schema, debounced) with the error shown
//    under the text and its line marked; Check compatibility against the
//    latest version, and Register, enabled only while the text parses.
//
// The page composes four widgets and wires them: SchemaBrowser (the left
// side), SchemaViewer (Schema), SchemaDiffView (Diff) and SchemaEditor
// (Editor); selecting a subject or version in the browser shows it in the
// viewer, the diff and the editor's subject; "Edit as new version" and "New
// schema…" fill the editor and show its tab; a registered schema is
// selected in the browser. The page holds the status line the widgets
// report to, and passes their signals on as its own. Its accessors reach
// into the widgets, for the app and for tests.
//
// Everything goes through the RegistryClient the page is given
// (setSchemaRegistry; the app owns one per connection and shares it with
// the Messages page, and the page hands it to its widgets): calls return at
// once, answers arrive later. Without a client, or with one that has no
// address, the page says so and shows nothing else. Dialogs open with
// open(), never exec(). GUI thread only.
#include <QList>
#include <QPointer>
#include <QWidget>

#include "monitor/registry_client.h"
#include "views/text_diff.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;
class QTabWidget;

namespace plexus::views {

class SchemaBrowser;
class SchemaDiffView;
class SchemaEditor;
class SchemaViewer;
class SubjectFilterModel;
class SubjectModel;
class VersionModel;

class SchemasPage : public QWidget {
    Q_OBJECT
public:
    enum Tab { SchemaTab, DiffTab, EditorTab };

    explicit SchemasPage(QWidget* parent = nullptr);
    ~SchemasPage() override;

    /// The registry client the page works through (not owned; null, or once
    /// destroyed, = none).
    /// Its owner points it at an address; one without an address is no
    /// registry, which the page says. Each call reloads everything: call it
    /// again after the client's address changed.
    void setSchemaRegistry(plexus::monitor::RegistryClient* client);
    /// The client's address ("HOST:PORT" or a URL, as given); empty = none.
    QString registryUrl() const;
    bool hasRegistry() const;
    plexus::monitor::RegistryClient* client() const { return m_client.data(); }

    // The parts the page is made of (owned by it).
    SchemaBrowser* browser() const { return m_browser; }
    SchemaViewer* viewer() const { return m_viewer; }
    SchemaDiffView* diffView() const { return m_diff; }
    SchemaEditor* schemaEditor() const { return m_editor; }

    SubjectModel* subjectModel() const;
    SubjectFilterModel* filterModel() const;
    VersionModel* versionModel() const;
    QListView* subjectView() const;
    QListView* versionView() const;
    QLineEdit* searchEdit() const;
    QCheckBox* showDeletedBox() const;
    QTabWidget* tabs() const { return m_tabs; }
    QString noteText() const;
    QString statusText() const;

    QString selectedSubject() const;
    int selectedVersion() const;  ///< -1 if none
    void selectSubject(const QString& subject);
    void selectVersion(int version);

    // Schema tab
    QPlainTextEdit* schemaText() const;
    QString schemaHeaderText() const;
    QComboBox* levelBox() const;
    /// The level in force for the selected subject and whether it is the
    /// subject's own (false: the global default).
    QString levelInForce() const;
    bool levelIsOwn() const;

    // Diff tab
    QComboBox* diffOldBox() const;
    QComboBox* diffNewBox() const;
    QPlainTextEdit* diffOldText() const;
    QPlainTextEdit* diffNewText() const;
    QList<DiffRow> diffRows() const;
    QString diffSummary() const;

    // Editor tab
    QLineEdit* editorSubject() const;
    QComboBox* editorType() const;
    QPlainTextEdit* editor() const;
    QPushButton* checkButton() const;
    QPushButton* registerButton() const;
    /// The local parse error of the editor's text ("" when it parses or is empty).
    QString parseError() const;
    /// The editor's text is not empty and parses.
    bool parseClean() const;
    /// The 1-based line the parse error names, 0 if none.
    int parseErrorLine() const;
    QString verdictText() const;

    /// Pretty text of a schema for showing: indented JSON for AVRO and JSON
    /// (the text as is if it is not JSON), PROTOBUF as is (prettySchema in
    /// schema_common.h).
    static QString prettySchema(const QString& type, const QString& text);

public slots:
    /// Reloads the subjects (and the selected subject's versions and schema).
    void refresh();
    /// Parses the editor's text now (the debounce timer calls this too).
    void parseNow();
    void checkCompatibility();
    void registerSchema();
    /// Empties the editor for a new subject and shows it.
    void newSchema();
    /// Copies the shown version into the editor for a new version.
    void editShownSchema();
    /// Asks (QMessageBox, window-modal) and deletes the selected version / subject.
    void deleteSelectedVersion(bool permanent);
    void deleteSelectedSubject(bool permanent);
    void confirmDeleteVersion(const QString& subject, int version, int schemaId, bool permanent);
    void confirmDeleteSubject(const QString& subject, int count, bool permanent);
    /// Sets the selected subject's level; "" = remove it (global default).
    void setSubjectLevel(const QString& level);
    /// Compares the versions chosen in the Diff tab.
    void updateDiff();

signals:
    void subjectsLoaded();
    void versionsLoaded(const QString& subject);
    void schemaShown(const QString& subject, int version);
    void levelShown(const QString& subject, const QString& level, bool own);
    void parseChecked(const QString& error);
    void compatibilityChecked(bool compatible, const QStringList& messages);
    void schemaRegistered(const QString& subject, int id, int version);
    void deleted(const QString& what);
    void diffUpdated();
    /// A registry call failed; `message` is what the page shows.
    void failed(const QString& message);

private:
    void wire();
    void editSchema(const plexus::monitor::RegistrySchema& schema);
    void setStatus(const QString& text, bool error = false);

    QPointer<plexus::monitor::RegistryClient> m_client;  ///< not owned, see setSchemaRegistry
    QStackedWidget* m_stack;
    QLabel* m_note;
    SchemaBrowser* m_browser;
    QTabWidget* m_tabs;
    SchemaViewer* m_viewer;
    SchemaDiffView* m_diff;
    SchemaEditor* m_editor;
    QLabel* m_status;
};

}  // namespace plexus::views
