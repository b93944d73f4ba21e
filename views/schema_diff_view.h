#pragma once
// SchemaDiffView: the Diff tab of the Schemas page, two versions of one
// subject side by side.
//
// Old and New pick from the subject's versions (setVersions: by default
// the one before the newest against the newest). Both versions are read
// through the client, pretty-printed (prettySchema) and compared line by
// line (diffLines); the two panes have the same rows, gaps filling the
// missing side, with changed (amber), added (green) and removed (red)
// lines tinted from the palette, and they scroll together. A summary line
// counts the rows. A comparison whose choice changed before its versions
// arrived is dropped.
//
// GUI thread only.
#include <QList>
#include <QPointer>
#include <QWidget>

#include "views/text_diff.h"

class QComboBox;
class QLabel;
class QPlainTextEdit;

namespace plexus::monitor {
class RegistryClient;
}  // namespace plexus::monitor

namespace plexus::views {

class VersionModel;

class SchemaDiffView : public QWidget {
    Q_OBJECT
public:
    explicit SchemaDiffView(QWidget* parent = nullptr);
    ~SchemaDiffView() override;

    /// The registry client to read through (not owned; null, or once destroyed, = none).
    void setClient(plexus::monitor::RegistryClient* client);

    /// Offers the versions of `versions` (its subject, newest first, with
    /// their labels) and compares the default pair.
    void setVersions(const VersionModel& versions);

    QComboBox* oldBox() const { return m_old; }
    QComboBox* newBox() const { return m_new; }
    QPlainTextEdit* oldText() const { return m_oldText; }
    QPlainTextEdit* newText() const { return m_newText; }
    QList<DiffRow> rows() const { return m_rows; }
    QString summary() const;

public slots:
    /// Compares the versions chosen.
    void updateDiff();

signals:
    void diffUpdated();

private:
    QPointer<plexus::monitor::RegistryClient> m_client;  ///< not owned, see setClient
    QString m_subject;
    QComboBox* m_old;
    QComboBox* m_new;
    QPlainTextEdit* m_oldText;
    QPlainTextEdit* m_newText;
    QLabel* m_summary;
    QList<DiffRow> m_rows;
    quint64 m_generation = 0;
};

}  // namespace plexus::views
