#include "views/schemas_page.h"

#include <map>

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTextBlock>
#include <QTimer>
#include <QVBoxLayout>
#include <exception>
#include <memory>
#include <optional>

#include "broker/registry/schema_types.h"
#include "monitor/registry_client.h"
#include "views/schema_highlighter.h"
#include "views/subject_model.h"

namespace plexus::views {

using plexus::monitor::RegistryClient;
using plexus::monitor::RegistryResult;
using plexus::monitor::RegistrySchema;

namespace {

// Confluent's error codes the page treats specially.
constexpr int kSubjectNotFound = 40401;
constexpr int kNoSubjectLevel = 40408;

constexpr int kParseDebounceMs = 250;

bool isDark(const QPalette& p) { return p.color(QPalette::Base).lightness() < 128; }

/// Readable on the palette's window: tone 1 good, -1 bad, 0 the normal text.
QString toneStyle(const QPalette& p, int tone) {
    if (tone == 0) return {};
    const bool dark = isDark(p);
    const QColor c = tone > 0 ? (dark ? QColor(0x6f, 0xcf, 0x97) : QColor(0x1e, 0x7b, 0x34))
                              : (dark ? QColor(0xff, 0x7b, 0x72) : QColor(0xc0, 0x39, 0x2b));
    return QStringLiteral("color: %1").arg(c.name());
}

/// `base` tinted towards `tint` by `amount` (0..1): a background that keeps
/// the text readable in light and dark looks.
QColor tinted(const QColor& base, const QColor& tint, double amount) {
    return QColor::fromRgbF(float(base.redF() * (1 - amount) + tint.redF() * amount),
                            float(base.greenF() * (1 - amount) + tint.greenF() * amount),
                            float(base.blueF() * (1 - amount) + tint.blueF() * amount));
}

QTextEdit::ExtraSelection lineMark(QPlainTextEdit* edit, int line, const QColor& background) {
    QTextEdit::ExtraSelection sel;
    sel.cursor = QTextCursor(edit->document()->findBlockByNumber(line));
    sel.format.setBackground(background);
    sel.format.setProperty(QTextFormat::FullWidthSelection, true);
    return sel;
}

QPlainTextEdit* codeView(QWidget* parent, bool readOnly) {
    auto* e = new QPlainTextEdit(parent);
    e->setReadOnly(readOnly);
    e->setLineWrapMode(QPlainTextEdit::NoWrap);
    e->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    e->setTabStopDistance(e->fontMetrics().horizontalAdvance(QLatin1Char(' ')) * 4);
    return e;
}

const plexus::registry::SchemaTypes& schemaTypes() {
    static const plexus::registry::SchemaTypes types = plexus::registry::builtinSchemaTypes();
    return types;
}

}  // namespace

SchemasPage::SchemasPage(QWidget* parent)
    : QWidget(parent), m_subjects(new SubjectModel(this)),
      m_filter(new SubjectFilterModel(this)), m_versions(new VersionModel(this)) {
    m_filter->setSourceModel(m_subjects);
    m_filter->sort(0);
    m_parseTimer = new QTimer(this);
    m_parseTimer->setSingleShot(true);
    m_parseTimer->setInterval(kParseDebounceMs);
    connect(m_parseTimer, &QTimer::timeout, this, &SchemasPage::parseNow);
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
    split->addWidget(buildLeft());
    m_tabs = new QTabWidget(split);
    m_tabs->addTab(buildSchemaTab(), tr("&Schema"));
    m_tabs->addTab(buildDiffTab(), tr("D&iff"));
    m_tabs->addTab(buildEditorTab(), tr("&Editor"));
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

    m_stack->setCurrentWidget(m_note);
    onSubjectSelected();
    parseNow();
}

SchemasPage::~SchemasPage() = default;

QWidget* SchemasPage::buildLeft() {
    auto* left = new QWidget(this);
    auto* l = new QVBoxLayout(left);
    l->setContentsMargins(0, 0, 0, 0);
    m_search = new QLineEdit(left);
    m_search->setPlaceholderText(tr("Filter subjects"));
    m_search->setClearButtonEnabled(true);
    l->addWidget(m_search);
    auto* row = new QHBoxLayout;
    m_showDeleted = new QCheckBox(tr("Show &deleted"), left);
    m_showDeleted->setToolTip(tr("Also list soft-deleted subjects and versions"));
    auto* refresh = new QPushButton(tr("&Refresh"), left);
    auto* create = new QPushButton(tr("&New schema…"), left);
    row->addWidget(m_showDeleted, 1);
    row->addWidget(create);
    row->addWidget(refresh);
    l->addLayout(row);
    m_subjectView = new QListView(left);
    m_subjectView->setModel(m_filter);
    m_subjectView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_subjectView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_subjectView->setUniformItemSizes(true);
    l->addWidget(m_subjectView, 3);
    m_versionsTitle = new QLabel(tr("Versions"), left);
    l->addWidget(m_versionsTitle);
    m_versionView = new QListView(left);
    m_versionView->setModel(m_versions);
    m_versionView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_versionView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    l->addWidget(m_versionView, 2);
    auto* del = new QHBoxLayout;
    m_deleteVersion = new QPushButton(tr("De&lete version"), left);
    auto* vm = new QMenu(m_deleteVersion);
    vm->addAction(tr("&Soft delete…"), this, [this] { deleteSelectedVersion(false); });
    vm->addAction(tr("&Hard delete (permanent)…"), this, [this] { deleteSelectedVersion(true); });
    m_deleteVersion->setMenu(vm);
    m_deleteSubject = new QPushButton(tr("Delete s&ubject"), left);
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
    connect(refresh, &QPushButton::clicked, this, &SchemasPage::refresh);
    connect(create, &QPushButton::clicked, this, &SchemasPage::newSchema);
    connect(m_subjectView->selectionModel(), &QItemSelectionModel::selectionChanged, this, &SchemasPage::onSubjectSelected);
    connect(m_versionView->selectionModel(), &QItemSelectionModel::selectionChanged, this, &SchemasPage::onVersionSelected);
    return left;
}

QWidget* SchemasPage::buildSchemaTab() {
    auto* w = new QWidget(this);
    auto* l = new QVBoxLayout(w);
    m_header = new QLabel(w);
    m_header->setWordWrap(true);
    m_header->setTextFormat(Qt::RichText);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    l->addWidget(m_header);
    auto* row = new QHBoxLayout;
    auto* levelLabel = new QLabel(tr("Co&mpatibility:"), w);
    m_level = new QComboBox(w);
    m_level->setToolTip(tr("The subject's compatibility level; \"global default\" removes the subject's own level"));
    m_level->setSizeAdjustPolicy(QComboBox::AdjustToContents);  // the first entry names the global level once known
    m_level->addItem(tr("(global default)"), QString());
    for (const QString& level : plexus::monitor::compatibilityLevels()) m_level->addItem(level, level);
    levelLabel->setBuddy(m_level);
    m_editShown = new QPushButton(tr("Edi&t as new version"), w);
    m_editShown->setToolTip(tr("Copy this schema into the editor to register a changed version"));
    row->addWidget(levelLabel);
    row->addWidget(m_level);
    row->addStretch(1);
    row->addWidget(m_editShown);
    l->addLayout(row);
    m_schemaText = codeView(w, true);
    l->addWidget(m_schemaText, 1);
    connect(m_level, &QComboBox::activated, this, [this](int index) {
        if (m_settingLevel) return;
        setSubjectLevel(m_level->itemData(index).toString());
    });
    connect(m_editShown, &QPushButton::clicked, this, &SchemasPage::editShownSchema);
    return w;
}

QWidget* SchemasPage::buildDiffTab() {
    auto* w = new QWidget(this);
    auto* l = new QVBoxLayout(w);
    auto* row = new QHBoxLayout;
    auto* oldLabel = new QLabel(tr("&Old:"), w);
    m_diffOld = new QComboBox(w);
    oldLabel->setBuddy(m_diffOld);
    auto* newLabel = new QLabel(tr("Ne&w:"), w);
    m_diffNew = new QComboBox(w);
    newLabel->setBuddy(m_diffNew);
    m_diffSummary = new QLabel(w);
    row->addWidget(oldLabel);
    row->addWidget(m_diffOld);
    row->addSpacing(12);
    row->addWidget(newLabel);
    row->addWidget(m_diffNew);
    row->addSpacing(12);
    row->addWidget(m_diffSummary, 1);
    l->addLayout(row);
    auto* panes = new QSplitter(Qt::Horizontal, w);
    m_diffOldText = codeView(panes, true);
    m_diffNewText = codeView(panes, true);
    panes->addWidget(m_diffOldText);
    panes->addWidget(m_diffNewText);
    l->addWidget(panes, 1);
    // Both panes have the same rows (gaps fill the missing side), so one
    // scroll position fits both.
    auto sync = [](QScrollBar* a, QScrollBar* b) {
        connect(a, &QScrollBar::valueChanged, b, [b](int v) {
            if (b->value() != v) b->setValue(v);
        });
    };
    sync(m_diffOldText->verticalScrollBar(), m_diffNewText->verticalScrollBar());
    sync(m_diffNewText->verticalScrollBar(), m_diffOldText->verticalScrollBar());
    sync(m_diffOldText->horizontalScrollBar(), m_diffNewText->horizontalScrollBar());
    sync(m_diffNewText->horizontalScrollBar(), m_diffOldText->horizontalScrollBar());
    connect(m_diffOld, &QComboBox::currentIndexChanged, this, &SchemasPage::updateDiff);
    connect(m_diffNew, &QComboBox::currentIndexChanged, this, &SchemasPage::updateDiff);
    return w;
}

QWidget* SchemasPage::buildEditorTab() {
    auto* w = new QWidget(this);
    auto* l = new QVBoxLayout(w);
    auto* form = new QFormLayout;
    m_editSubject = new QLineEdit(w);
    m_editSubject->setPlaceholderText(tr("a new subject, e.g. adt.events-value, or an existing one"));
    form->addRow(tr("Su&bject:"), m_editSubject);
    m_editType = new QComboBox(w);
    m_editType->addItems({QStringLiteral("AVRO"), QStringLiteral("JSON"), QStringLiteral("PROTOBUF")});
    form->addRow(tr("&Type:"), m_editType);
    l->addLayout(form);
    auto* textLabel = new QLabel(tr("Schem&a text:"), w);
    m_editor = codeView(w, false);
    m_editor->setPlaceholderText(tr("Type or paste a schema; it is checked as you type."));
    textLabel->setBuddy(m_editor);
    l->addWidget(textLabel);
    l->addWidget(m_editor, 1);
    m_parseLabel = new QLabel(w);
    m_parseLabel->setWordWrap(true);
    m_parseLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    l->addWidget(m_parseLabel);
    auto* row = new QHBoxLayout;
    m_check = new QPushButton(tr("&Check compatibility"), w);
    m_check->setToolTip(tr("Test the text against the subject's latest version at the subject's level"));
    m_register = new QPushButton(tr("Re&gister"), w);
    m_register->setToolTip(tr("Register the text as the next version of the subject"));
    row->addWidget(m_check);
    row->addWidget(m_register);
    row->addStretch(1);
    l->addLayout(row);
    m_verdict = new QLabel(w);
    m_verdict->setWordWrap(true);
    m_verdict->setTextInteractionFlags(Qt::TextSelectableByMouse);
    l->addWidget(m_verdict);
    setSchemaHighlighter(m_editor->document(), m_editType->currentText(), palette());

    connect(m_editor, &QPlainTextEdit::textChanged, m_parseTimer, [this] { m_parseTimer->start(); });
    connect(m_editType, &QComboBox::currentTextChanged, this, [this](const QString& type) {
        setSchemaHighlighter(m_editor->document(), type, palette());
        m_parseTimer->start();
    });
    connect(m_editSubject, &QLineEdit::textChanged, this, &SchemasPage::updateEditorButtons);
    connect(m_check, &QPushButton::clicked, this, &SchemasPage::checkCompatibility);
    connect(m_register, &QPushButton::clicked, this, &SchemasPage::registerSchema);
    return w;
}

// ---- registry address and lists

void SchemasPage::setSchemaRegistry(RegistryClient* client) {
    m_client = client;
    ++m_subjectGeneration;
    m_subjects->clear();
    m_versions->clear();
    onSubjectSelected();
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

void SchemasPage::refresh() {
    if (!hasRegistry()) return;
    const quint64 generation = ++m_subjectGeneration;
    m_client->listSubjects(false, this, [this, generation](const RegistryResult<QStringList>& live) {
        if (generation != m_subjectGeneration) return;
        if (!live.ok()) {
            setStatus(tr("Could not list the subjects of %1: %2").arg(registryUrl(), live.error.text()), true);
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
                          ? tr("%Ln subject(s) in the Schema Registry at %1.", nullptr, int(live.value.size())).arg(registryUrl())
                          : m_afterRefresh);
            m_afterRefresh.clear();
            emit subjectsLoaded();
        });
    });
}

QString SchemasPage::selectedSubject() const {
    const QModelIndex i = m_subjectView->selectionModel()->currentIndex();
    if (!i.isValid() || !m_subjectView->selectionModel()->isSelected(i)) return {};
    return i.data(NameRole).toString();
}

int SchemasPage::selectedVersion() const {
    const QModelIndex i = m_versionView->selectionModel()->currentIndex();
    if (!i.isValid() || !m_versionView->selectionModel()->isSelected(i)) return -1;
    return i.data(VersionRole).toInt();
}

void SchemasPage::selectSubject(const QString& subject) {
    const int row = m_subjects->rowOf(subject);
    if (row < 0) return;
    const QModelIndex proxy = m_filter->mapFromSource(m_subjects->index(row));
    if (!proxy.isValid()) return;  // filtered out
    m_subjectView->selectionModel()->setCurrentIndex(proxy, QItemSelectionModel::ClearAndSelect);
    m_subjectView->scrollTo(proxy);
}

void SchemasPage::selectVersion(int version) {
    const int row = m_versions->rowOf(version);
    if (row < 0) return;
    m_versionView->selectionModel()->setCurrentIndex(m_versions->index(row), QItemSelectionModel::ClearAndSelect);
}

void SchemasPage::onSubjectSelected() {
    const QString subject = selectedSubject();
    m_deleteSubject->setEnabled(!subject.isEmpty());
    m_level->setEnabled(!subject.isEmpty());
    // A soft-deleted subject can only be deleted for good.
    const QModelIndex current = m_subjectView->selectionModel()->currentIndex();
    m_deleteSubject->menu()->actions().constFirst()->setEnabled(!(current.isValid() && current.data(DeletedRole).toBool()));
    if (subject.isEmpty()) {
        m_versionsTitle->setText(tr("Versions"));
        m_versions->clear();
        fillDiffBoxes();
        onVersionSelected();
        return;
    }
    m_versionsTitle->setText(tr("Versions of %1").arg(subject));
    m_editSubject->setText(subject);
    const int want = m_pendingVersion;
    m_pendingVersion = -1;
    loadVersions(subject, want);
    loadLevel(subject);
}

void SchemasPage::loadVersions(const QString& subject, int select) {
    m_client->listVersions(subject, false, this, [this, subject, select](const RegistryResult<QList<int>>& live) {
        if (selectedSubject() != subject) return;
        // A soft-deleted subject has no live versions (40401); that is not a failure.
        if (!live.ok() && live.error.errorCode != kSubjectNotFound) {
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
            fillDiffBoxes();
            if (want >= 0) selectVersion(want);
            if (selectedVersion() < 0) onVersionSelected();
            emit versionsLoaded(subject);
        });
    });
}

void SchemasPage::onVersionSelected() {
    const QString subject = selectedSubject();
    const int version = selectedVersion();
    m_deleteVersion->setEnabled(version >= 0);
    m_deleteVersion->menu()->actions().constFirst()->setEnabled(version >= 0 &&
                                                                !m_versions->isDeleted(m_versions->rowOf(version)));
    m_editShown->setEnabled(false);
    if (subject.isEmpty() || version < 0) {
        m_shownSubject.clear();
        m_shownVersion = -1;
        m_shownId = 0;
        m_shownText.clear();
        m_header->setText(subject.isEmpty() ? tr("Select a subject to see its schema.") : tr("Select a version."));
        m_schemaText->clear();
        return;
    }
    m_client->getVersion(subject, version, true, this, [this, subject, version](const RegistryResult<RegistrySchema>& r) {
        if (selectedSubject() != subject || selectedVersion() != version) return;
        if (!r.ok()) {
            setStatus(tr("Could not read version %1 of '%2': %3").arg(version).arg(subject, r.error.text()), true);
            return;
        }
        showSchema(r.value);
    });
}

void SchemasPage::showSchema(const RegistrySchema& s) {
    m_shownSubject = s.subject;
    m_shownVersion = s.version;
    m_shownId = s.id;
    m_shownType = s.type;
    m_shownText = s.schema;
    m_shownReferences = s.references;
    QStringList refs;
    for (const auto& r : s.references)
        refs << tr("%1 → %2 version %3").arg(r.name.toHtmlEscaped(), r.subject.toHtmlEscaped()).arg(r.version);
    const bool deleted = m_versions->isDeleted(m_versions->rowOf(s.version));
    // One arg() call, so a subject containing "%2" stays as it is.
    m_header->setText(tr("<b>%1</b> &nbsp;·&nbsp; version %2%3 &nbsp;·&nbsp; id %4 &nbsp;·&nbsp; %5<br>References: %6")
                          .arg(s.subject.toHtmlEscaped(), QString::number(s.version),
                               deleted ? tr(" (soft-deleted)") : QString(), QString::number(s.id), s.type.toHtmlEscaped(),
                               refs.isEmpty() ? tr("none") : refs.join(QStringLiteral(", "))));
    setSchemaHighlighter(m_schemaText->document(), s.type, palette());
    m_schemaText->setPlainText(prettySchema(s.type, s.schema));
    m_editShown->setEnabled(true);
    emit schemaShown(s.subject, s.version);
}

QString SchemasPage::schemaHeaderText() const {
    QTextDocument doc;
    doc.setHtml(m_header->text());
    return doc.toPlainText();
}

QString SchemasPage::prettySchema(const QString& type, const QString& text) {
    if (type == u"PROTOBUF") return text;
    // Only valid JSON is re-indented (wrapped in an array, so a primitive Avro
    // schema such as "string" counts too); anything else is shown as it is.
    QJsonParseError err{};
    QJsonDocument::fromJson('[' + text.toUtf8() + ']', &err);
    if (err.error != QJsonParseError::NoError) return text;
    // Not QJsonDocument::toJson: it sorts object keys, and a schema reads best
    // in its author's order ("type" and "name" first).
    const qsizetype n = text.size();
    auto skipString = [&](qsizetype i) {  // i at the opening quote; returns the index after the closing one
        for (++i; i < n; ++i) {
            if (text[i] == u'\\') ++i;
            else if (text[i] == u'"') return i + 1;
        }
        return n;
    };
    QString out;
    int depth = 0;
    auto newline = [&] {
        out += u'\n';
        out += QString(depth * 2, u' ');
    };
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = text[i];
        if (c.isSpace()) continue;
        if (c == u'"') {
            const qsizetype end = skipString(i);
            out += text.mid(i, end - i);
            i = end - 1;
        } else if (c == u'{' || c == u'[') {
            // Empty, or an array of a few scalars ("type": ["null", "string"]): one line.
            const QChar close = c == u'{' ? u'}' : u']';
            qsizetype j = i + 1, width = 0;
            bool flat = true;
            QString inline_;
            while (j < n && text[j] != close) {
                if (text[j] == u'"') {
                    const qsizetype end = skipString(j);
                    inline_ += text.mid(j, end - j);
                    j = end;
                    continue;
                }
                if (text[j] == u'{' || text[j] == u'[') {
                    flat = false;
                    break;
                }
                if (text[j] == u',') inline_ += QStringLiteral(", ");
                else if (!text[j].isSpace()) inline_ += text[j];
                ++j;
            }
            width = inline_.size();
            if (flat && j < n && (inline_.isEmpty() || (c == u'[' && width <= 60))) {
                out += c + inline_ + close;
                i = j;
                continue;
            }
            out += c;
            ++depth;
            newline();
        } else if (c == u'}' || c == u']') {
            --depth;
            newline();
            out += c;
        } else if (c == u',') {
            out += c;
            newline();
        } else if (c == u':') {
            out += QStringLiteral(": ");
        } else {
            out += c;
        }
    }
    return out;
}

// ---- compatibility level

void SchemasPage::loadLevel(const QString& subject) {
    m_client->getConfig(subject, false, this, [this, subject](const RegistryResult<QString>& own) {
        if (selectedSubject() != subject) return;
        if (own.ok()) {
            showLevel(subject, own.value, true, QString());
            // The global level still names the "(global default)" entry.
            m_client->getConfig(QString(), true, this, [this, subject](const RegistryResult<QString>& global) {
                if (selectedSubject() == subject && global.ok())
                    m_level->setItemText(0, tr("(global default: %1)").arg(global.value));
            });
            return;
        }
        if (own.error.errorCode != kNoSubjectLevel) {
            setStatus(tr("Could not read the compatibility level of '%1': %2").arg(subject, own.error.text()), true);
            return;
        }
        m_client->getConfig(subject, true, this, [this, subject](const RegistryResult<QString>& global) {
            if (selectedSubject() != subject) return;
            if (!global.ok()) {
                setStatus(tr("Could not read the global compatibility level: %1").arg(global.error.text()), true);
                return;
            }
            showLevel(subject, global.value, false, global.value);
        });
    });
}

void SchemasPage::showLevel(const QString& subject, const QString& level, bool own, const QString& global) {
    m_settingLevel = true;
    if (!global.isEmpty()) m_level->setItemText(0, tr("(global default: %1)").arg(global));
    m_level->setCurrentIndex(own ? std::max(0, m_level->findData(level)) : 0);
    m_settingLevel = false;
    m_levelInForce = level;
    m_levelOwn = own;
    emit levelShown(subject, level, own);
}

void SchemasPage::setSubjectLevel(const QString& level) {
    const QString subject = selectedSubject();
    if (subject.isEmpty()) return;
    auto done = [this, subject, level](const RegistryResult<QString>& r) {
        // Removing a level the subject does not have is no failure.
        if (!r.ok() && !(level.isEmpty() && r.error.errorCode == kNoSubjectLevel)) {
            setStatus(tr("Could not change the compatibility level of '%1': %2").arg(subject, r.error.text()), true);
        } else {
            setStatus(level.isEmpty() ? tr("'%1' now follows the global compatibility level.").arg(subject)
                                      : tr("The compatibility level of '%1' is now %2.").arg(subject, level));
        }
        if (selectedSubject() == subject) loadLevel(subject);
    };
    if (level.isEmpty()) m_client->deleteConfig(subject, this, done);
    else m_client->setConfig(subject, level, this, done);
}

// ---- diff

void SchemasPage::fillDiffBoxes() {
    const QSignalBlocker b1(m_diffOld), b2(m_diffNew);
    m_diffOld->clear();
    m_diffNew->clear();
    for (int r = 0; r < m_versions->rowCount(); ++r) {
        const QString label = m_versions->index(r).data().toString();
        m_diffOld->addItem(label, m_versions->versionAt(r));
        m_diffNew->addItem(label, m_versions->versionAt(r));
    }
    // Rows are newest first: compare the one before the newest with the newest.
    m_diffNew->setCurrentIndex(m_versions->rowCount() > 0 ? 0 : -1);
    m_diffOld->setCurrentIndex(m_versions->rowCount() > 1 ? 1 : (m_versions->rowCount() > 0 ? 0 : -1));
    updateDiff();
}

QString SchemasPage::diffSummary() const { return m_diffSummary->text(); }

void SchemasPage::updateDiff() {
    const quint64 generation = ++m_diffGeneration;
    const QString subject = m_versions->subject();
    const int oldVersion = m_diffOld->currentData().isValid() ? m_diffOld->currentData().toInt() : -1;
    const int newVersion = m_diffNew->currentData().isValid() ? m_diffNew->currentData().toInt() : -1;
    if (subject.isEmpty() || oldVersion < 0 || newVersion < 0) {
        m_diffRows.clear();
        m_diffOldText->clear();
        m_diffNewText->clear();
        m_diffSummary->setText(subject.isEmpty() ? tr("Select a subject to compare its versions.") : QString());
        return;
    }
    m_diffSummary->setText(tr("Loading…"));
    struct Pair {
        std::optional<RegistrySchema> older, newer;
    };
    auto pair = std::make_shared<Pair>();
    auto arrived = [this, generation, pair, subject, oldVersion, newVersion] {
        if (generation != m_diffGeneration || !pair->older || !pair->newer) return;
        const QStringList a = prettySchema(pair->older->type, pair->older->schema).split(u'\n');
        const QStringList b = prettySchema(pair->newer->type, pair->newer->schema).split(u'\n');
        m_diffRows = diffLines(a, b);
        const int width = int(QString::number(std::max(a.size(), b.size())).size());
        QStringList left, right;
        for (const auto& row : m_diffRows) {
            const QString gap = QString(width, u' ') + QStringLiteral("   ");
            left << (row.left >= 0 ? QStringLiteral("%1 │ %2").arg(row.left + 1, width).arg(a[row.left]) : gap);
            right << (row.right >= 0 ? QStringLiteral("%1 │ %2").arg(row.right + 1, width).arg(b[row.right]) : gap);
        }
        m_diffOldText->setPlainText(left.join(u'\n'));
        m_diffNewText->setPlainText(right.join(u'\n'));
        const QPalette p = palette();
        const QColor base = p.color(QPalette::Base);
        const double amount = isDark(p) ? 0.35 : 0.22;
        const QColor removed = tinted(base, QColor(0xe0, 0x40, 0x40), amount);
        const QColor added = tinted(base, QColor(0x30, 0xb0, 0x50), amount);
        const QColor changed = tinted(base, QColor(0xe0, 0xa0, 0x20), amount);
        const QColor gapColor = tinted(base, p.color(QPalette::Text), 0.06);
        QList<QTextEdit::ExtraSelection> ls, rs;
        for (int i = 0; i < m_diffRows.size(); ++i) {
            switch (m_diffRows[i].kind) {
            case DiffRow::Kind::Same: break;
            case DiffRow::Kind::Removed:
                ls << lineMark(m_diffOldText, i, removed);
                rs << lineMark(m_diffNewText, i, gapColor);
                break;
            case DiffRow::Kind::Added:
                ls << lineMark(m_diffOldText, i, gapColor);
                rs << lineMark(m_diffNewText, i, added);
                break;
            case DiffRow::Kind::Changed:
                ls << lineMark(m_diffOldText, i, changed);
                rs << lineMark(m_diffNewText, i, changed);
                break;
            }
        }
        m_diffOldText->setExtraSelections(ls);
        m_diffNewText->setExtraSelections(rs);
        const DiffStats st = diffStats(m_diffRows);
        m_diffSummary->setText(oldVersion == newVersion
                                   ? tr("The same version on both sides.")
                                   : tr("Version %1 → %2: %3 changed, %4 added, %5 removed, %6 unchanged.")
                                         .arg(oldVersion)
                                         .arg(newVersion)
                                         .arg(st.changed)
                                         .arg(st.added)
                                         .arg(st.removed)
                                         .arg(st.same));
        m_diffSummary->setToolTip(tr("Changed lines are amber, added green, removed red (subject %1).").arg(subject));
        emit diffUpdated();
    };
    auto fetch = [this, subject, generation, pair, arrived](int version, bool older) {
        m_client->getVersion(subject, version, true, this,
                             [this, generation, pair, arrived, older, version](const RegistryResult<RegistrySchema>& r) {
                                 if (generation != m_diffGeneration) return;
                                 if (!r.ok()) {
                                     m_diffSummary->setText(tr("Could not read version %1: %2").arg(version).arg(r.error.text()));
                                     return;
                                 }
                                 (older ? pair->older : pair->newer) = r.value;
                                 arrived();
                             });
    };
    fetch(oldVersion, true);
    fetch(newVersion, false);
}

// ---- editor

void SchemasPage::parseNow() {
    m_parseTimer->stop();
    const QString text = m_editor->toPlainText();
    m_parseErrorLine = 0;
    if (text.trimmed().isEmpty()) {
        m_parseError.clear();
        m_parseClean = false;
        m_parseLabel->setText(tr("Type or paste a %1 schema.").arg(m_editType->currentText()));
        m_parseLabel->setStyleSheet(QString());
    } else {
        plexus::registry::SchemaInput in;
        in.type = m_editType->currentText().toStdString();
        in.schema = text.toStdString();
        std::map<std::string, std::string> resolved;
        for (const auto& r : m_editReferences) in.references.push_back({r.name.toStdString(), r.subject.toStdString(), r.version});
        for (auto it = m_editResolved.begin(); it != m_editResolved.end(); ++it)
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
        m_parseLabel->setText(m_parseClean ? tr("The %1 schema parses.").arg(m_editType->currentText())
                                           : tr("Parse error: %1").arg(m_parseError));
        m_parseLabel->setStyleSheet(toneStyle(palette(), m_parseClean ? 1 : -1));
    }
    markParseError();
    updateEditorButtons();
    emit parseChecked(m_parseError);
}

void SchemasPage::markParseError() {
    QList<QTextEdit::ExtraSelection> marks;
    if (m_parseErrorLine > 0 && m_parseErrorLine <= m_editor->document()->blockCount()) {
        const QColor bad = tinted(palette().color(QPalette::Base), QColor(0xe0, 0x40, 0x40), isDark(palette()) ? 0.35 : 0.22);
        QTextEdit::ExtraSelection sel = lineMark(m_editor, m_parseErrorLine - 1, bad);
        sel.format.setToolTip(m_parseError);
        marks << sel;
    }
    m_editor->setExtraSelections(marks);
}

void SchemasPage::updateEditorButtons() {
    const bool ok = m_parseClean && !m_editSubject->text().trimmed().isEmpty() && hasRegistry();
    m_check->setEnabled(ok);
    m_register->setEnabled(ok);
}

QString SchemasPage::verdictText() const { return m_verdict->text(); }

void SchemasPage::setVerdict(const QString& text, int tone) {
    m_verdict->setText(text);
    m_verdict->setStyleSheet(toneStyle(palette(), tone));
}

void SchemasPage::newSchema() {
    m_editReferences.clear();
    m_editResolved.clear();
    m_editSubject->clear();
    m_editor->clear();
    setVerdict(QString(), 0);
    m_tabs->setCurrentIndex(EditorTab);
    m_editSubject->setFocus();
}

void SchemasPage::editShownSchema() {
    if (m_shownSubject.isEmpty()) return;
    m_editSubject->setText(m_shownSubject);
    m_editType->setCurrentText(m_shownType);
    m_editor->setPlainText(prettySchema(m_shownType, m_shownText));
    setVerdict(QString(), 0);
    // The new version keeps the shown one's references; their texts are
    // fetched for the local parse, which runs again when they arrive.
    m_editReferences = m_shownReferences;
    m_editResolved.clear();
    if (!m_editReferences.isEmpty())
        m_client->resolveReferences(m_editReferences, this, [this](const RegistryResult<QHash<QString, QString>>& r) {
            m_editResolved = r.value;
            parseNow();
        });
    parseNow();
    m_tabs->setCurrentIndex(EditorTab);
    m_editor->setFocus();
}

void SchemasPage::checkCompatibility() {
    parseNow();
    const QString subject = m_editSubject->text().trimmed();
    if (!m_check->isEnabled()) return;
    setVerdict(tr("Checking against '%1' at its compatibility level…").arg(subject), 0);
    m_client->testCompatibility(subject, m_editType->currentText(), m_editor->toPlainText(), m_editReferences, this,
                                [this, subject](const RegistryResult<plexus::monitor::CompatibilityResult>& r) {
                                    if (!r.ok()) {
                                        if (r.error.errorCode == kSubjectNotFound) {
                                            setVerdict(tr("'%1' has no versions yet: any schema can be its first.").arg(subject), 1);
                                            emit compatibilityChecked(true, {});
                                            return;
                                        }
                                        setVerdict(tr("Could not check compatibility: %1").arg(r.error.text()), -1);
                                        emit failed(r.error.text());
                                        return;
                                    }
                                    const int row = m_subjects->rowOf(subject);
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

void SchemasPage::registerSchema() {
    parseNow();
    const QString subject = m_editSubject->text().trimmed();
    if (!m_register->isEnabled()) return;
    setVerdict(tr("Registering a version of '%1'…").arg(subject), 0);
    m_client->registerSchema(subject, m_editType->currentText(), m_editor->toPlainText(), m_editReferences, this,
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
                                 m_pendingSubject = subject;
                                 m_pendingVersion = r.value.version > 0 ? r.value.version : -1;
                                 refresh();
                                 emit schemaRegistered(subject, r.value.id, r.value.version);
                             });
}

// ---- deletes

void SchemasPage::confirm(const QString& title, const QString& text, std::function<void()> action) {
    auto* box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("confirmDelete"));
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [action = std::move(action)](int result) {
        if (result == QMessageBox::Yes) action();
    });
    box->open();
}

void SchemasPage::deleteSelectedVersion(bool permanent) {
    const QString subject = selectedSubject();
    const int version = selectedVersion();
    if (subject.isEmpty() || version < 0) return;
    if (permanent && !(m_shownSubject == subject && m_shownVersion == version)) {
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
    confirmDeleteVersion(subject, version, m_shownId, permanent);
}

void SchemasPage::confirmDeleteVersion(const QString& subject, int version, int schemaId, bool permanent) {
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

void SchemasPage::deleteSelectedSubject(bool permanent) {
    const QString subject = selectedSubject();
    if (subject.isEmpty()) return;
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

void SchemasPage::confirmDeleteSubject(const QString& subject, int count, bool permanent) {
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
