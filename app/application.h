#pragma once
// Start-up of Plexus Center: application names, the language (system locale
// or the one chosen in Settings), the look, the command line, locating
// plexusd, and the main window.
//
//   plexus-center [--bootstrap HOST:PORT,...] [--no-sandbox] [--sandbox-nodes N]
//                 [--sandbox-dir DIR] [--plexusd PATH] [--lang en|de]
#include <QString>

class QApplication;

namespace plexus::app {

/// Sets organisation and application names and version (call before QSettings).
void initApplication(QApplication& app);
/// Installs the translator for `language` ("" = system locale). Returns the
/// language in use ("en" or "de").
QString installTranslations(QApplication& app, const QString& language);
/// Where plexusd is: --plexusd, $PLEXUSD, next to this executable (or in the
/// build tree's broker/), then PATH. Empty if nowhere.
QString findPlexusd(const QString& given);
/// Parses the command line, shows the main window, runs the event loop.
int run(QApplication& app);

}  // namespace plexus::app
