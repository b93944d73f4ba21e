#include "views/schema_browser.h"

#include <QAction>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

#include "monitor/registry_client.h"
#include "views/schema_common.h"
#include "views/subject_model.h"

namespace plexus::views {

using plexus::monitor::RegistryClient;
using plexus::monitor::RegistryResult;
using plexus::monitor::RegistrySchema;

SchemaBrowser::SchemaBrowser(QWidget* parent)
    : QWidget(parent), m_subjects(new SubjectModel(this)), m_filter(new SubjectFilterModel(this)),
      m_versions(new VersionModel(this)) {
    m_filter->setSourceModel(m_subjects);
    m_filter->sort(0);
    auto* l = new QVBoxLayout(this);
    l->setContentsMargins(0, 0, 0, 0);
    m_search = new QLineEdit(this);
    m_search->setPlaceholderText(tr("Filter subjects"));
    m_search->setClearButtonEnabled(true);
    l->addWidget(m_search);
    auto* row = new QHBoxLayout;
    m_showDeleted = new QCheckBox(tr("Show &deleted"), this);
    m_showDeleted->setToolTip(tr("Also list soft-deleted subjects and versions"));
    auto* refreshButton = new QPushButton(tr("&Refresh"), this);
    auto* create = new QPushButton(tr("&New schema…"), this);
    row->addWidget(m_showDeleted, 1);
    row->addWidget(create);
    row->addWidget(refreshButton);
    l->addLayout(row);
    m_subjectView = new QListView(this);
    m_subjectView->setModel(m_filter);
    m_subjectView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_subjectView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_subjectView->setUniformItemSizes(true);
    l->addWidget(m_subjectView, 3);
    m_versionsTitle = new QLabel(tr("Versions"), this);
    l->addWidget(m_versionsTitle);
    m_versionView = new QListView(this);
    m_versionView->setModel(m_versions);
    m_versionView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_versionView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    l->addWidget(m_versionView, 2);
    auto* del = new QHBoxLayout;
    m_deleteVersion = new QPushButton(tr("De&lete version"), this);
    auto* vm = new QMenu(m_deleteVersion);
    vm->addAction(tr("&Soft delete…"), this, [this] { deleteSelectedVersion(false); });
    vm->addAction(tr("&Hard delete (permanent)…"), this, [this] { deleteSelectedVersion(true); });
    m_deleteVersion->setMenu(vm);
    m_deleteSubject = new QPushButton(tr("Delete s&ubject"), this);
    auto* sm = new QMenu(m_deleteSubject);
    sm->addAction(tr("&Soft delete…"), this, [this] { deleteSelectedSubject(false); });
    sm->addAction(tr("&Hard delete (permanent)…"), this, [this] { deleteSelectedSubject(true); });
    m_deleteSubject->setMenu(sm);
    del->addWidget(m_deleteVersion);
    del->addWidget(m_deleteSubject);
    l->addLayout(del);

    connect(m_search, &QLineEdit::textChanged, m_filter, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_showDeleted, &QCheckBox::toggled, this, [this](bool on) {
        const QString keep = selectedSubject();
        m_filter->setShowDeleted(on);
        if (!keep.isEmpty() && selectedSubject() != keep) selectSubject(keep);
        if (!selectedSubject().isEmpty()) loadVersions(selectedSubject(), -1);
    });
    connect(refreshButton, &QPushButton::clicked, this, &SchemaBrowser::refresh);
    connect(create, &QPushButton::clicked, this, &SchemaBrowser::newSchemaRequested);
    connect(m_subjectView->selectionModel(), &QItemSelectionModel::selectionChanged, this, &SchemaBrowser::onSubjectSelected);
    connect(m_versionView->selectionModel(), &QItemSelectionModel::selectionChanged, this, &SchemaBrowser::onVersionSelected);
    onSubjectSelected();
}

SchemaBrowser::~SchemaBrowser() = default;

void SchemaBrowser::setClient(RegistryClient* client) {
    m_client = client;
    ++m_subjectGeneration;
    m_subjects->clear();
    m_versions->clear();
    onSubjectSelected();
}

bool SchemaBrowser::hasRegistry() const { return m_client && m_client->hasBaseUrl(); }

void SchemaBrowser::selectAfterRefresh(const QString& subject, int version, const QString& status) {
    m_pendingSubject = subject;
    m_pendingVersion = version;
    m_afterRefresh = status;
}

void SchemaBrowser::setKnownSchemaId(const QString& subject, int version, int schemaId) {
    m_knownSubject = subject;
    m_knownVersion = version;
    m_knownId = schemaId;
}

void SchemaBrowser::refresh() {
    if (!hasRegistry()) return;
    const quint64 generation = ++m_subjectGeneration;
    m_client->listSubjects(false, this, [this, generation](const RegistryResult<QStringList>& live) {
        if (generation != m_subjectGeneration) return;
        if (!live.ok()) {
            setStatus(tr("Could not list the subjects of %1: %2").arg(m_client->address(), live.error.text()), true);
            return;
        }
        m_client->listSubjects(true, this, [this, generation, live](const RegistryResult<QStringList>& all) {
            if (generation != m_subjectGeneration) return;
            const QString keep = m_pendingSubject.isEmpty() ? selectedSubject() : m_pendingSubject;
            m_pendingSubject.clear();
            m_subjects->setSubjects(live.value, all.ok() ? all.value : live.value);
            // A reset clears the selection without a signal; selecting again loads the versions.
            if (!keep.isEmpty()) selectSubject(keep);
            if (selectedSubject().isEmpty()) onSubjectSelected();
            setStatus(m_afterRefresh.isEmpty()
                          ? tr("%Ln subject(s) in the Schema Registry at %1.", nullptr, int(live.value.size())).arg(m_client->address())
                          : m_afterRefresh);
            m_afterRefresh.clear();
            emit subjectsLoaded();
        });
    });
}

QString SchemaBrowser::selectedSubject() const {
    const QModelIndex i = m_subjectView->selectionModel()->currentIndex();
    if (!i.isValid() || !m_subjectView->selectionModel()->isSelected(i)) return {};
    return i.data(NameRole).toString();
}

int SchemaBrowser::selectedVersion() const {
    const QModelIndex i = m_versionView->selectionModel()->currentIndex();
    if (!i.isValid() || !m_versionView->selectionModel()->isSelected(i)) return -1;
    return i.data(VersionRole).toInt();
}

void SchemaBrowser::selectSubject(const QString& subject) {
    const int row = m_subjects->rowOf(subject);
    if (row < 0) return;
    const QModelIndex proxy = m_filter->mapFromSource(m_subjects->index(row));
    if (!proxy.isValid()) return;  // filtered out
    m_subjectView->selectionModel()->setCurrentIndex(proxy, QItemSelectionModel::ClearAndSelect);
    m_subjectView->scrollTo(proxy);
}

void SchemaBrowser::selectVersion(int version) {
    const int row = m_versions->rowOf(version);
    if (row < 0) return;
    m_versionView->selectionModel()->setCurrentIndex(m_versions->index(row), QItemSelectionModel::ClearAndSelect);
}

void SchemaBrowser::onSubjectSelected() {
    const QString subject = selectedSubject();
    m_deleteSubject->setEnabled(!subject.isEmpty());
    // A soft-deleted subject can only be deleted for good.
    const QModelIndex current = m_subjectView->selectionModel()->currentIndex();
    m_deleteSubject->menu()->actions().constFirst()->setEnabled(!(current.isValid() && current.data(DeletedRole).toBool()));
    if (subject.isEmpty()) {
        m_versionsTitle->setText(tr("Versions"));
        m_versions->clear();
        emit subjectSelected(subject);
        emit versionsChanged();
        onVersionSelected();
        return;
    }
    m_versionsTitle->setText(tr("Versions of %1").arg(subject));
    emit subjectSelected(subject);
    const int want = m_pendingVersion;
    m_pendingVersion = -1;
    loadVersions(subject, want);
}

void SchemaBrowser::loadVersions(const QString& subject, int select) {
    if (!m_client) return;
    m_client->listVersions(subject, false, this, [this, subject, select](const RegistryResult<QList<int>>& live) {
        if (selectedSubject() != subject) return;
        // A soft-deleted subject has no live versions (40401); that is not a failure.
        if (!live.ok() && live.error.errorCode != kRegistrySubjectNotFound) {
            setStatus(tr("Could not list the versions of '%1': %2").arg(subject, live.error.text()), true);
            return;
        }
        m_client->listVersions(subject, true, this, [this, subject, select, live](const RegistryResult<QList<int>>& all) {
            if (selectedSubject() != subject) return;
            const QList<int> liveVersions = live.ok() ? live.value : QList<int>();
            // Soft-deleted versions are listed when asked for, and always for a
            // soft-deleted subject (it has no others).
            const bool withDeleted = m_showDeleted->isChecked() || liveVersions.isEmpty();
            const QString prevSubject = m_versions->subject();
            const int prevVersion = selectedVersion();
            m_versions->setVersions(subject, liveVersions, withDeleted && all.ok() ? all.value : liveVersions);
            int want = select >= 0 ? select : (prevSubject == subject ? prevVersion : -1);
            if (m_versions->rowOf(want) < 0) {
                want = m_versions->rowCount() > 0 ? m_versions->versionAt(0) : -1;  // the newest...
                for (int r = 0; r < m_versions->rowCount(); ++r) {              // ...that is live, if any
                    if (!m_versions->isDeleted(r)) {
                        want = m_versions->versionAt(r);
                        break;
                    }
                }
            }
            emit versionsChanged();
            if (want >= 0) selectVersion(want);
            if (selectedVersion() < 0) onVersionSelected();
            emit versionsLoaded(subject);
        });
    });
}

void SchemaBrowser::onVersionSelected() {
    const QString subject = selectedSubject();
    const int version = selectedVersion();
    const bool deletedVersion = version >= 0 && m_versions->isDeleted(m_versions->rowOf(version));
    m_deleteVersion->setEnabled(version >= 0);
    m_deleteVersion->menu()->actions().constFirst()->setEnabled(version >= 0 && !deletedVersion);
    if (subject.isEmpty() || version < 0) setKnownSchemaId(QString(), -1, 0);
    emit versionSelected(subject, version, deletedVersion);
}

// ---- deletes

void SchemaBrowser::confirm(const QString& title, const QString& text, std::function<void()> action) {
    auto* box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("confirmDelete"));
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [action = std::move(action)](int result) {
        if (result == QMessageBox::Yes) action();
    });
    box->open();
}

void SchemaBrowser::deleteSelectedVersion(bool permanent) {
    const QString subject = selectedSubject();
    const int version = selectedVersion();
    if (subject.isEmpty() || version < 0 || !m_client) return;
    if (permanent && !(m_knownSubject == subject && m_knownVersion == version)) {
        // The confirmation names the schema id: read the version first.
        m_client->getVersion(subject, version, true, this, [this, subject, version](const RegistryResult<RegistrySchema>& r) {
            if (!r.ok()) {
                setStatus(tr("Could not delete version %1 of '%2': %3").arg(version).arg(subject, r.error.text()), true);
                return;
            }
            confirmDeleteVersion(subject, version, r.value.id, true);
        });
        return;
    }
    confirmDeleteVersion(subject, version, m_knownId, permanent);
}

void SchemaBrowser::confirmDeleteVersion(const QString& subject, int version, int schemaId, bool permanent) {
    const QString id = QString::number(schemaId);
    const QString text =
        permanent ? tr("Permanently delete version %1 of subject '%2'?\n\nIts schema text is removed from the registry for "
                       "good. Schema id %3 stays readable only while another subject or version uses the same schema; "
                       "consumers still holding records written with it may no longer decode them. This cannot be undone.")
                        .arg(version)
                        .arg(subject, id)
                  : tr("Soft-delete version %1 of subject '%2'?\n\nIt is no longer used for compatibility checks or "
                       "returned as a version, but stays readable with ?deleted=true until a hard delete.")
                        .arg(version)
                        .arg(subject);
    confirm(permanent ? tr("Hard delete version") : tr("Delete version"), text, [this, subject, version, permanent] {
        if (!m_client) return;  // the client was taken away while the box was open
        setStatus(tr("Deleting version %1 of '%2'…").arg(version).arg(subject));
        m_client->deleteVersion(subject, version, permanent, this, [this, subject, version, permanent](const RegistryResult<int>& r) {
            if (!r.ok()) {
                setStatus(tr("Could not delete version %1 of '%2': %3").arg(version).arg(subject, r.error.text()), true);
                return;
            }
            const QString what = permanent ? tr("Permanently deleted version %1 of '%2'.").arg(version).arg(subject)
                                           : tr("Soft-deleted version %1 of '%2'.").arg(version).arg(subject);
            m_pendingSubject = subject;
            m_afterRefresh = what;
            refresh();
            setStatus(what);
            emit deleted(what);
        });
    });
}

void SchemaBrowser::deleteSelectedSubject(bool permanent) {
    const QString subject = selectedSubject();
    if (subject.isEmpty() || !m_client) return;
    if (m_versions->subject() != subject) {
        // The confirmation says how many versions go: count them first.
        m_client->listVersions(subject, permanent, this, [this, subject, permanent](const RegistryResult<QList<int>>& r) {
            if (!r.ok()) {
                setStatus(tr("Could not delete subject '%1': %2").arg(subject, r.error.text()), true);
                return;
            }
            confirmDeleteSubject(subject, int(r.value.size()), permanent);
        });
        return;
    }
    confirmDeleteSubject(subject, m_versions->rowCount(), permanent);
}

void SchemaBrowser::confirmDeleteSubject(const QString& subject, int count, bool permanent) {
    const QString text =
        permanent ? tr("Permanently delete subject '%1' and all of its %Ln version(s)?\n\nEvery schema text of the subject "
                       "is removed for good, with its compatibility level; ids no other subject uses stop resolving, so "
                       "consumers may no longer decode records written with them. This cannot be undone.",
                       nullptr, count)
                        .arg(subject)
                  : tr("Soft-delete subject '%1' and its %Ln version(s)?\n\nProducers can no longer register or look up "
                       "schemas under it; the versions stay readable with ?deleted=true until a hard delete, and "
                       "registering again restores the subject.",
                       nullptr, count)
                        .arg(subject);
    confirm(permanent ? tr("Hard delete subject") : tr("Delete subject"), text, [this, subject, permanent] {
        if (!m_client) return;  // the client was taken away while the box was open
        setStatus(tr("Deleting subject '%1'…").arg(subject));
        m_client->deleteSubject(subject, permanent, this, [this, subject, permanent](const RegistryResult<QList<int>>& r) {
            if (!r.ok()) {
                setStatus(tr("Could not delete subject '%1': %2").arg(subject, r.error.text()), true);
                return;
            }
            const QString what = permanent ? tr("Permanently deleted subject '%1'.").arg(subject)
                                           : tr("Soft-deleted subject '%1'.").arg(subject);
            if (!permanent) m_pendingSubject = subject;
            m_afterRefresh = what;
            refresh();
            setStatus(what);
            emit deleted(what);
        });
    });
}

}  // namespace plexus::views
