// plexus-center: Plexus Center's entry point. Everything it does lives in
// plexus_app (see app/README.md); this only parses the command line.
#include <QApplication>

#include "app/application.h"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    return plexus::app::run(app);
}
