#pragma once
// Light and dark looks. "System" keeps the platform's palette, so the app
// follows the desktop's light or dark setting; "Light" and "Dark" force the
// Fusion style with a fixed palette. GUI thread only.
#include <QString>

class QApplication;

namespace plexus::app {

enum class Theme { System, Light, Dark };

Theme themeFromString(const QString& s);  ///< "light", "dark", anything else = System
QString themeToString(Theme t);
void applyTheme(QApplication& app, Theme theme);
/// Whether the palette now in use is dark (window darker than its text).
bool paletteIsDark();

}  // namespace plexus::app
