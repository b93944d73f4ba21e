#pragma once
// SchemasPage: the Schema Registry of the connection.
//
// Left: the subjects (filter as typed, show soft-deleted ones on request)
// and the selected subject's versions, with Delete version / Delete subject,
// each soft (Confluent's default: readable with ?deleted=true, restorable by
// registering again) or hard (permanent, after the soft step), always behind
// a confirmation that names what will be lost.
// Right, three tabs:
//  - Schema: the selected version pretty-printed and coloured (JSON for AVRO
//    and JSON, .proto text for PROTOBUF), a header with subject, version, id,
//    type and references, and the subject's compatibility level, which the
//    combo box changes (or removes: "global default").
//  - Diff: two versions of the subject side by side, removed, added and
//    changed lines marked, the two panes scrolling together.
//  - Editor: a subject (new or the selected one), a type and the schema text,
//    parsed locally as typed (plexus_schema, debounced) with the error shown
//    under the text and its line marked; Check compatibility against the
//    latest version, and Register, enabled only while the text parses.
//
// Everything goes through the RegistryClient the page is given
// (setSchemaRegistry; the app owns one per connection and shares it with
// the Messages page): calls return at once, answers arrive later. Without a
// client, or with one that has no address, the page says so and shows
// nothing else. Dialogs open with open(), never exec(). GUI thread only.
#include <QList>
#include <QHash>
#include <QPointer>
#include <QWidget>
#include <functional>

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
class QTimer;

namespace plexus::monitor {
class RegistryClient;
struct RegistrySchema;
}  // namespace plexus::monitor

namespace plexus::views {

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

    SubjectModel* subjectModel() const { return m_subjects; }
    SubjectFilterModel* filterModel() const { return m_filter; }
    VersionModel* versionModel() const { return m_versions; }
    QListView* subjectView() const { return m_subjectView; }
    QListView* versionView() const { return m_versionView; }
    QLineEdit* searchEdit() const { return m_search; }
    QCheckBox* showDeletedBox() const { return m_showDeleted; }
    QTabWidget* tabs() const { return m_tabs; }
    QString noteText() const;
    QString statusText() const;

    QString selectedSubject() const;
    int selectedVersion() const;  ///< -1 if none
    void selectSubject(const QString& subject);
    void selectVersion(int version);

    // Schema tab
    QPlainTextEdit* schemaText() const { return m_schemaText; }
    QString schemaHeaderText() const;
    QComboBox* levelBox() const { return m_level; }
    /// The level in force for the selected subject and whether it is the
    /// subject's own (false: the global default).
    QString levelInForce() const { return m_levelInForce; }
    bool levelIsOwn() const { return m_levelOwn; }

    // Diff tab
    QComboBox* diffOldBox() const { return m_diffOld; }
    QComboBox* diffNewBox() const { return m_diffNew; }
    QPlainTextEdit* diffOldText() const { return m_diffOldText; }
    QPlainTextEdit* diffNewText() const { return m_diffNewText; }
    QList<DiffRow> diffRows() const { return m_diffRows; }
    QString diffSummary() const;

    // Editor tab
    QLineEdit* editorSubject() const { return m_editSubject; }
    QComboBox* editorType() const { return m_editType; }
    QPlainTextEdit* editor() const { return m_editor; }
    QPushButton* checkButton() const { return m_check; }
    QPushButton* registerButton() const { return m_register; }
    /// The local parse error of the editor's text ("" when it parses or is empty).
    QString parseError() const { return m_parseError; }
    /// The editor's text is not empty and parses.
    bool parseClean() const { return m_parseClean; }
    /// The 1-based line the parse error names, 0 if none.
    int parseErrorLine() const { return m_parseErrorLine; }
    QString verdictText() const;

    /// Pretty text of a schema for showing: indented JSON for AVRO and JSON
    /// (the text as is if it is not JSON), PROTOBUF as is.
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
    QWidget* buildLeft();
    QWidget* buildSchemaTab();
    QWidget* buildDiffTab();
    QWidget* buildEditorTab();
    void onSubjectSelected();
    void onVersionSelected();
    void loadVersions(const QString& subject, int select);
    void showSchema(const plexus::monitor::RegistrySchema& s);
    void loadLevel(const QString& subject);
    void showLevel(const QString& subject, const QString& level, bool own, const QString& global);
    void fillDiffBoxes();
    void markParseError();
    void updateEditorButtons();
    void setStatus(const QString& text, bool error = false);
    void setVerdict(const QString& text, int tone);  ///< tone: 0 neutral, 1 good, -1 bad
    void confirm(const QString& title, const QString& text, std::function<void()> action);

    QPointer<plexus::monitor::RegistryClient> m_client;  ///< not owned, see setSchemaRegistry
    SubjectModel* m_subjects;
    SubjectFilterModel* m_filter;
    VersionModel* m_versions;

    QStackedWidget* m_stack;
    QLabel* m_note;
    QLineEdit* m_search;
    QCheckBox* m_showDeleted;
    QListView* m_subjectView;
    QListView* m_versionView;
    QLabel* m_versionsTitle;
    QPushButton* m_deleteVersion;
    QPushButton* m_deleteSubject;
    QTabWidget* m_tabs;
    QLabel* m_status;

    QLabel* m_header;
    QComboBox* m_level;
    QPlainTextEdit* m_schemaText;
    QPushButton* m_editShown;
    QString m_shownSubject, m_shownType, m_shownText;
    QList<plexus::monitor::SchemaReference> m_shownReferences;
    /// The editor's references (kept from "Edit as new version") and their texts, resolved transitively.
    QList<plexus::monitor::SchemaReference> m_editReferences;
    QHash<QString, QString> m_editResolved;
    int m_shownVersion = -1;
    int m_shownId = 0;
    QString m_levelInForce;
    bool m_levelOwn = false;
    bool m_settingLevel = false;

    QComboBox* m_diffOld;
    QComboBox* m_diffNew;
    QPlainTextEdit* m_diffOldText;
    QPlainTextEdit* m_diffNewText;
    QLabel* m_diffSummary;
    QList<DiffRow> m_diffRows;
    quint64 m_diffGeneration = 0;

    QLineEdit* m_editSubject;
    QComboBox* m_editType;
    QPlainTextEdit* m_editor;
    QLabel* m_parseLabel;
    QPushButton* m_check;
    QPushButton* m_register;
    QLabel* m_verdict;
    QTimer* m_parseTimer;
    QString m_parseError;
    int m_parseErrorLine = 0;
    bool m_parseClean = false;

    QString m_pendingSubject;  ///< to select once the subjects arrive
    QString m_afterRefresh;    ///< the status to show once the subjects arrive (instead of their count)
    int m_pendingVersion = -1;
    quint64 m_subjectGeneration = 0;
};

}  // namespace plexus::views
