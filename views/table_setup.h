#pragma once
// One look for every table in Plexus Center: whole-row selection, no row
// numbers, compact rows, alternating colours, every column sized to its
// contents except `stretch`, which takes the remaining width. GUI thread.
#include <QHeaderView>
#include <QTableView>

namespace plexus::views {

inline void setupTable(QTableView* view, int stretch) {
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
    QHeaderView* h = view->horizontalHeader();
    h->setStretchLastSection(false);
    h->setSectionResizeMode(QHeaderView::ResizeToContents);
    h->setSectionResizeMode(stretch, QHeaderView::Stretch);
    h->setResizeContentsPrecision(200);  // lazy models: size from the first rows, not all of them
}

}  // namespace plexus::views
