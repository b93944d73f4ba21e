#pragma once
// SchemaViewer: the Schema tab of the Schemas page, one version of a subject.
//
// A header with subject, version (marked when soft-deleted), schema id,
// type and references; the schema pretty-printed (prettySchema) and
// coloured (JSON for AVRO and JSON, .proto text for PROTOBUF); and the
// subject's compatibility level in a combo box whose first entry, "(global
// default: X)", removes the subject's own level. "Edit as new version" asks
// for the shown schema to be copied into the editor (editRequested).
//
// SchemasPage tells it what is selected (setSubject, showVersion); it reads
// the version and the levels through its client, drops answers for a
// selection that has changed meanwhile, and reports failures as
// statusMessage for the page's status line.
//
// GUI thread only.
#include <QPointer>
#include <QWidget>

#include "monitor/registry_client.h"

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace plexus::views {

class SchemaViewer : public QWidget {
    Q_OBJECT
public:
    explicit SchemaViewer(QWidget* parent = nullptr);
    ~SchemaViewer() override;

    /// The registry client to read through (not owned; null, or once destroyed, = none).
    void setClient(plexus::monitor::RegistryClient* client);

    QPlainTextEdit* schemaText() const { return m_schemaText; }
    /// The header as plain text.
    QString headerText() const;
    QComboBox* levelBox() const { return m_level; }
    QPushButton* editButton() const { return m_editShown; }
    /// The level in force for the subject and whether it is the subject's
    /// own (false: the global default).
    QString levelInForce() const { return m_levelInForce; }
    bool levelIsOwn() const { return m_levelOwn; }

    /// The version shown (an empty RegistrySchema while none is).
    bool hasSchema() const { return !m_shown.subject.isEmpty(); }
    const plexus::monitor::RegistrySchema& shownSchema() const { return m_shown; }

public slots:
    /// The selected subject ("" = none): loads its compatibility level.
    void setSubject(const QString& subject);
    /// Reads and shows `version` of `subject` (`deleted`: it is soft-deleted,
    /// which the header says); an empty subject or version -1 shows a hint instead.
    void showVersion(const QString& subject, int version, bool deleted);
    /// Sets the subject's level; "" = remove it (global default).
    void setSubjectLevel(const QString& level);

signals:
    void schemaShown(const QString& subject, int version);
    void levelShown(const QString& subject, const QString& level, bool own);
    /// "Edit as new version" was clicked for `schema`.
    void editRequested(const plexus::monitor::RegistrySchema& schema);
    /// A line for the page's status; `error`: a registry call failed.
    void statusMessage(const QString& text, bool error);

private:
    void display(const plexus::monitor::RegistrySchema& s, bool deleted);
    void loadLevel(const QString& subject);
    void showLevel(const QString& subject, const QString& level, bool own, const QString& global);
    void setStatus(const QString& text, bool error = false) { emit statusMessage(text, error); }

    QPointer<plexus::monitor::RegistryClient> m_client;  ///< not owned, see setClient
    QLabel* m_header;
    QComboBox* m_level;
    QPlainTextEdit* m_schemaText;
    QPushButton* m_editShown;

    QString m_subject;         ///< setSubject: the subject whose level is shown
    QString m_wantSubject;     ///< showVersion: the version being read
    int m_wantVersion = -1;
    plexus::monitor::RegistrySchema m_shown;
    QString m_levelInForce;
    bool m_levelOwn = false;
    bool m_settingLevel = false;
};

}  // namespace plexus::views
