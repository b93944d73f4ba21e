#pragma once
// SchemaEditor: the Editor tab of the Schemas page, a schema being written.
//
// A subject (new or existing), a type (AVRO, JSON, PROTOBUF) and the
// schema text, coloured for its type and parsed locally as typed
// (plexus_schema's builtinSchemaTypes().canonicalize, debounced 250 ms):
// the error is shown under the text and the line it names is marked.
// Check compatibility tests the text against the subject's latest version
// at the subject's level; Register registers it as the subject's next
// version. Both are enabled only while the text parses, a subject is given
// and the client has a registry address. A schema copied in with
// editSchema keeps its references; their texts are fetched (transitively)
// so the local parse resolves them.
//
// GUI thread only.
#include <QHash>
#include <QList>
#include <QPointer>
#include <QWidget>

#include "monitor/registry_client.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTimer;

namespace plexus::views {

class SubjectModel;

class SchemaEditor : public QWidget {
    Q_OBJECT
public:
    /// `subjects` (not owned, may be null; must outlive the editor) tells a
    /// subject with live versions from one without any, for the verdict.
    explicit SchemaEditor(const SubjectModel* subjects, QWidget* parent = nullptr);
    ~SchemaEditor() override;

    /// The registry client to check and register through (not owned; null,
    /// or once destroyed, = none).
    void setClient(plexus::monitor::RegistryClient* client);

    QLineEdit* subjectEdit() const { return m_subject; }
    QComboBox* typeBox() const { return m_type; }
    QPlainTextEdit* textEdit() const { return m_text; }
    QPushButton* checkButton() const { return m_check; }
    QPushButton* registerButton() const { return m_register; }
    /// The local parse error of the text ("" when it parses or is empty).
    QString parseError() const { return m_parseError; }
    /// The text is not empty and parses.
    bool parseClean() const { return m_parseClean; }
    /// The 1-based line the parse error names, 0 if none.
    int parseErrorLine() const { return m_parseErrorLine; }
    QString verdictText() const;

public slots:
    /// Parses the text now (the debounce timer calls this too).
    void parseNow();
    void checkCompatibility();
    void registerSchema();
    /// Empties the editor for a new subject.
    void clear();
    /// Puts `schema` (subject, type, pretty text, references) into the editor for a new version.
    void editSchema(const plexus::monitor::RegistrySchema& schema);
    /// The subject selected elsewhere becomes the editor's subject.
    void setSubject(const QString& subject);

signals:
    void parseChecked(const QString& error);
    void compatibilityChecked(bool compatible, const QStringList& messages);
    void schemaRegistered(const QString& subject, int id, int version);
    /// A registry call failed; the verdict shows `message` too.
    void failed(const QString& message);

private:
    bool hasRegistry() const;
    void markParseError();
    void updateButtons();
    void setVerdict(const QString& text, int tone);  ///< tone: 0 neutral, 1 good, -1 bad

    QPointer<plexus::monitor::RegistryClient> m_client;  ///< not owned, see setClient
    const SubjectModel* m_subjects;

    QLineEdit* m_subject;
    QComboBox* m_type;
    QPlainTextEdit* m_text;
    QLabel* m_parseLabel;
    QPushButton* m_check;
    QPushButton* m_register;
    QLabel* m_verdict;
    QTimer* m_parseTimer;
    QString m_parseError;
    int m_parseErrorLine = 0;
    bool m_parseClean = false;
    /// The references (kept from editSchema) and their texts, resolved transitively.
    QList<plexus::monitor::SchemaReference> m_references;
    QHash<QString, QString> m_resolved;
};

}  // namespace plexus::views
