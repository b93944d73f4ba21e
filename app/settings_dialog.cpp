#include "app/settings_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

namespace plexus::app {

SettingsDialog::SettingsDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Settings"));
    QSettings s;
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    m_language = new QComboBox(this);
    m_language->addItem(tr("System language"), QString());
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("Deutsch"), QStringLiteral("de"));
    m_language->setCurrentIndex(std::max(0, m_language->findData(s.value(QStringLiteral("ui/language")).toString())));
    form->addRow(tr("&Language:"), m_language);
    m_theme = new QComboBox(this);
    m_theme->addItem(tr("Follow the system"), QStringLiteral("system"));
    m_theme->addItem(tr("Light"), QStringLiteral("light"));
    m_theme->addItem(tr("Dark"), QStringLiteral("dark"));
    m_theme->setCurrentIndex(std::max(0, m_theme->findData(s.value(QStringLiteral("ui/theme"), QStringLiteral("system")).toString())));
    form->addRow(tr("&Look:"), m_theme);
    m_nodes = new QSpinBox(this);
    m_nodes->setRange(1, 5);
    m_nodes->setValue(s.value(QStringLiteral("sandbox/nodes"), 3).toInt());
    form->addRow(tr("Sandbox &nodes:"), m_nodes);
    m_keep = new QCheckBox(tr("&Keep the sandbox running when Plexus Center quits"), this);
    m_keep->setChecked(s.value(QStringLiteral("sandbox/keepRunning"), false).toBool());
    form->addRow(QString(), m_keep);
    layout->addLayout(form);
    auto* note = new QLabel(tr("Language and node-count changes take effect at the next start."), this);
    note->setWordWrap(true);
    layout->addWidget(note);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        save();
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

void SettingsDialog::save() {
    QSettings s;
    s.setValue(QStringLiteral("ui/language"), m_language->currentData().toString());
    s.setValue(QStringLiteral("ui/theme"), m_theme->currentData().toString());
    s.setValue(QStringLiteral("sandbox/nodes"), m_nodes->value());
    s.setValue(QStringLiteral("sandbox/keepRunning"), m_keep->isChecked());
}

}  // namespace plexus::app
