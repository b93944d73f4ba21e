#pragma once
// SchemaBrowser: the left side of the Schemas page, the registry's subjects
// and the selected subject's versions.
//
// It owns the SubjectModel (GET /subjects and /subjects?deleted=true), its
// SubjectFilterModel (the filter edit, case-insensitive as typed; "Show
// deleted" also lists soft-deleted subjects and versions) and the
// VersionModel of the selected subject, newest first. Selecting a subject
// loads its versions and selects the one asked for (selectAfterRefresh),
// the one selected before, or the newest live one; a soft-deleted subject
// lists its soft-deleted versions. Delete version / Delete subject are
// soft (Confluent's default: readable with ?deleted=true, restorable by
// registering again) or hard (permanent; a live subject or version goes
// through both of Confluent's steps), always behind a window-modal
// confirmation (QMessageBox "confirmDelete", open(), never exec()) that
// names what will be lost.
//
// The browser shows nothing of a schema itself: it says what is selected
// (subjectSelected, versionSelected) and asks for New schema
// (newSchemaRequested); SchemasPage passes that on. Its messages for the
// page's status line come as statusMessage. Every registry call returns at
// once; answers for a selection that has changed meanwhile are dropped.
//
// GUI thread only.
#include <QPointer>
#include <QWidget>
#include <functional>

class QCheckBox;
class QLabel;
class QLineEdit;
class QListView;
class QPushButton;

namespace plexus::monitor {
class RegistryClient;
}  // namespace plexus::monitor

namespace plexus::views {

class SubjectFilterModel;
class SubjectModel;
class VersionModel;

class SchemaBrowser : public QWidget {
    Q_OBJECT
public:
    explicit SchemaBrowser(QWidget* parent = nullptr);
    ~SchemaBrowser() override;

    /// The registry client to list and delete through (not owned; null, or
    /// once destroyed, = none). Empties the lists and the selection; does not
    /// load (refresh does).
    void setClient(plexus::monitor::RegistryClient* client);
    bool hasRegistry() const;

    SubjectModel* subjectModel() const { return m_subjects; }
    SubjectFilterModel* filterModel() const { return m_filter; }
    VersionModel* versionModel() const { return m_versions; }
    QListView* subjectView() const { return m_subjectView; }
    QListView* versionView() const { return m_versionView; }
    QLineEdit* searchEdit() const { return m_search; }
    QCheckBox* showDeletedBox() const { return m_showDeleted; }

    QString selectedSubject() const;
    int selectedVersion() const;  ///< -1 if none
    /// Selects `subject` if it is listed and not filtered out.
    void selectSubject(const QString& subject);
    void selectVersion(int version);

    /// The next refresh selects `subject` (and then its `version`; -1: the
    /// usual choice) instead of keeping the current selection, and reports
    /// `status` instead of the subject count (empty: the count).
    void selectAfterRefresh(const QString& subject, int version = -1, const QString& status = QString());

    /// The schema id of a version shown elsewhere, so a hard delete's
    /// confirmation names it without reading the version again.
    void setKnownSchemaId(const QString& subject, int version, int schemaId);

public slots:
    /// Reloads the subjects (and the selected subject's versions).
    void refresh();
    /// Asks (QMessageBox, window-modal) and deletes the selected version / subject.
    void deleteSelectedVersion(bool permanent);
    void deleteSelectedSubject(bool permanent);
    void confirmDeleteVersion(const QString& subject, int version, int schemaId, bool permanent);
    void confirmDeleteSubject(const QString& subject, int count, bool permanent);

signals:
    void subjectsLoaded();
    /// The selected subject changed; "" = none.
    void subjectSelected(const QString& subject);
    /// The version model holds a new list (a subject's versions, or none),
    /// emitted before one of them is selected.
    void versionsChanged();
    void versionsLoaded(const QString& subject);
    /// The selected version changed (-1 = none); `deleted`: it is soft-deleted.
    void versionSelected(const QString& subject, int version, bool deleted);
    void newSchemaRequested();
    void deleted(const QString& what);
    /// A line for the page's status; `error`: a registry call failed.
    void statusMessage(const QString& text, bool error);

private:
    void onSubjectSelected();
    void onVersionSelected();
    void loadVersions(const QString& subject, int select);
    void setStatus(const QString& text, bool error = false) { emit statusMessage(text, error); }
    void confirm(const QString& title, const QString& text, std::function<void()> action);

    QPointer<plexus::monitor::RegistryClient> m_client;  ///< not owned, see setClient
    SubjectModel* m_subjects;
    SubjectFilterModel* m_filter;
    VersionModel* m_versions;

    QLineEdit* m_search;
    QCheckBox* m_showDeleted;
    QListView* m_subjectView;
    QListView* m_versionView;
    QLabel* m_versionsTitle;
    QPushButton* m_deleteVersion;
    QPushButton* m_deleteSubject;

    QString m_knownSubject;  ///< setKnownSchemaId
    int m_knownVersion = -1;
    int m_knownId = 0;

    QString m_pendingSubject;  ///< to select once the subjects arrive
    QString m_afterRefresh;    ///< the status to show once the subjects arrive (instead of their count)
    int m_pendingVersion = -1;
    quint64 m_subjectGeneration = 0;
};

}  // namespace plexus::views
