#pragma once
// Item models of the Schemas page:
//  - SubjectModel: the registry's subjects, one row each, with whether the
//    subject is soft-deleted (listed only with ?deleted=true);
//  - SubjectFilterModel: a case-insensitive substring filter on the name that
//    also hides soft-deleted subjects unless asked to show them; sorted by name;
//  - VersionModel: the versions of one subject, soft-deleted ones marked.
// Deleted rows are drawn in the palette's disabled text colour and italic.
//
// GUI thread only.
#include <QAbstractListModel>
#include <QList>
#include <QSortFilterProxyModel>
#include <QStringList>

namespace plexus::views {

enum SchemaItemRole { DeletedRole = Qt::UserRole + 1, VersionRole, NameRole };

class SubjectModel : public QAbstractListModel {
    Q_OBJECT
public:
    explicit SubjectModel(QObject* parent = nullptr);

    /// `live`: GET /subjects; `all`: GET /subjects?deleted=true (a superset).
    void setSubjects(const QStringList& live, const QStringList& all);
    void clear();
    int rowOf(const QString& subject) const;
    QString subjectAt(int row) const;
    bool isDeleted(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row {
        QString name;
        bool deleted = false;
    };
    QList<Row> m_rows;
};

class SubjectFilterModel : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit SubjectFilterModel(QObject* parent = nullptr);
    void setShowDeleted(bool on);
    bool showDeleted() const { return m_showDeleted; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    bool m_showDeleted = false;
};

class VersionModel : public QAbstractListModel {
    Q_OBJECT
public:
    explicit VersionModel(QObject* parent = nullptr);

    /// `live`: the subject's versions; `all`: with soft-deleted ones (a superset).
    void setVersions(const QString& subject, const QList<int>& live, const QList<int>& all);
    void clear();
    QString subject() const { return m_subject; }
    int rowOf(int version) const;
    int versionAt(int row) const;
    bool isDeleted(int row) const;
    QList<int> versions() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row {
        int version = 0;
        bool deleted = false;
    };
    QString m_subject;
    QList<Row> m_rows;
};

}  // namespace plexus::views
