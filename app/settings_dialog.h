#pragma once
// SettingsDialog: language, look, and the local sandbox's options (node
// count, keep running when the app quits). Reads and writes AppSettings.
// GUI thread only.
#include <QDialog>

class QCheckBox;
class QComboBox;
class QSpinBox;

namespace plexus::app {

class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    explicit SettingsDialog(QWidget* parent = nullptr);
    /// Writes the choices to QSettings (called on OK).
    void save();
    QComboBox* languageBox() const { return m_language; }
    QComboBox* themeBox() const { return m_theme; }
    QCheckBox* keepRunningBox() const { return m_keep; }

private:
    QComboBox* m_language;
    QComboBox* m_theme;
    QSpinBox* m_nodes;
    QCheckBox* m_keep;
};

}  // namespace plexus::app
