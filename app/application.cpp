#include "app/application.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QStandardPaths>
#include <QSocketNotifier>
#include <QTranslator>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

#include "app/main_window.h"
#include "app/theme.h"

namespace plexus::app {

void initApplication(QApplication& app) {
    app.setOrganizationName(QStringLiteral("Plexus"));
    app.setOrganizationDomain(QStringLiteral("plexus.local"));
    app.setApplicationName(QStringLiteral("Plexus Center"));
    app.setApplicationVersion(QStringLiteral(PLEXUS_VERSION));
}

QString installTranslations(QApplication& app, const QString& language) {
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    auto* own = new QTranslator(&app);
    // qt_add_translations embeds the .qm files under :/i18n.
    if (own->load(locale, QStringLiteral("plexus"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        app.installTranslator(own);
        auto* qt = new QTranslator(&app);
        if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
            app.installTranslator(qt);
        return locale.name().left(2);
    }
    delete own;
    return QStringLiteral("en");
}

QString findPlexusd(const QString& given) {
    if (!given.isEmpty()) return QFileInfo(given).absoluteFilePath();
    const QString env = qEnvironmentVariable("PLEXUSD");
    if (!env.isEmpty()) return env;
    const QDir here(QCoreApplication::applicationDirPath());
    for (const QString& rel : {QStringLiteral("plexusd"), QStringLiteral("../broker/plexusd")}) {
        const QFileInfo f(here.filePath(rel));
        if (f.isExecutable()) return f.canonicalFilePath();
    }
    return QStandardPaths::findExecutable(QStringLiteral("plexusd"));
}

namespace {
int g_signalPipe[2] = {-1, -1};

void onSignal(int) {
    const char c = 1;
    [[maybe_unused]] const auto n = ::write(g_signalPipe[1], &c, 1);  // async-signal-safe
}

/// SIGINT and SIGTERM close the main window like File > Quit, so the
/// sandbox is shut down (or released) instead of being orphaned. The signal
/// handler only writes a byte; the GUI thread reads it through a notifier.
void quitOnSignals(MainWindow* window) {
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe) != 0) return;
    auto* n = new QSocketNotifier(g_signalPipe[0], QSocketNotifier::Read, window);
    QObject::connect(n, &QSocketNotifier::activated, window, [window, n] {
        char c;
        [[maybe_unused]] const auto r = ::read(g_signalPipe[0], &c, 1);
        n->setEnabled(false);
        window->close();
    });
    struct sigaction sa = {};
    sa.sa_handler = onSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
}
}  // namespace

int run(QApplication& app) {
    initApplication(app);
    QCommandLineParser p;
    p.setApplicationDescription(QCoreApplication::translate("main", "Plexus Center: the desktop control center for Plexus"));
    p.addHelpOption();
    p.addVersionOption();
    QCommandLineOption bootstrap(QStringLiteral("bootstrap"),
                                 QCoreApplication::translate("main", "Connect to this Kafka cluster instead of the sandbox."),
                                 QStringLiteral("HOST:PORT,..."));
    QCommandLineOption noSandbox(QStringLiteral("no-sandbox"), QCoreApplication::translate("main", "Do not start the local sandbox."));
    QCommandLineOption nodes(QStringLiteral("sandbox-nodes"), QCoreApplication::translate("main", "Number of nodes in the local sandbox."),
                             QStringLiteral("N"));
    QCommandLineOption dir(QStringLiteral("sandbox-dir"), QCoreApplication::translate("main", "Directory of the local sandbox."),
                           QStringLiteral("DIR"));
    QCommandLineOption plexusd(QStringLiteral("plexusd"), QCoreApplication::translate("main", "Path of the plexusd binary."),
                               QStringLiteral("PATH"));
    QCommandLineOption lang(QStringLiteral("lang"), QCoreApplication::translate("main", "Language: en or de."), QStringLiteral("LANG"));
    p.addOptions({bootstrap, noSandbox, nodes, dir, plexusd, lang});
    p.process(app);

    QSettings s;
    installTranslations(app, p.isSet(lang) ? p.value(lang) : s.value(QStringLiteral("ui/language")).toString());
    applyTheme(app, themeFromString(s.value(QStringLiteral("ui/theme")).toString()));

    MainWindow::Options opt;
    opt.plexusd = findPlexusd(p.value(plexusd));
    opt.sandboxDir = p.isSet(dir) ? p.value(dir)
                                  : QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/sandbox");
    opt.sandboxNodes = p.isSet(nodes) ? std::max(1, p.value(nodes).toInt()) : s.value(QStringLiteral("sandbox/nodes"), 3).toInt();
    opt.startSandbox = !p.isSet(noSandbox);
    opt.bootstrap = p.value(bootstrap);
    if (opt.plexusd.isEmpty() && opt.startSandbox && opt.bootstrap.isEmpty())
        qWarning("plexus-center: plexusd not found (tried --plexusd, $PLEXUSD, next to plexus-center, PATH); the sandbox cannot start");
    MainWindow w(opt);
    quitOnSignals(&w);
    w.show();
    return app.exec();
}

}  // namespace plexus::app
