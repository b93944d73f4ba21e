#pragma once
// ProduceDialog: key, value, headers and partition of one record for a
// topic. Headers are written one per line as name=value. OK is enabled when
// the input is valid (a topic is chosen, the partition exists, every header
// line has a name). GUI thread only.
#include <QDialog>
#include <QMap>
#include <memory>

#include "monitor/kafka_types.h"

namespace Ui {
class ProduceDialog;
}

namespace plexus::views {

class ProduceDialog : public QDialog {
    Q_OBJECT
public:
    /// `topics`: name -> partition count.
    ProduceDialog(const QMap<QString, int>& topics, const QString& selected, QWidget* parent = nullptr);
    ~ProduceDialog() override;

    void setKey(const QString& key);
    void setValue(const QString& value);
    void setHeadersText(const QString& text);
    void setPartition(int partition);  ///< -1: by key
    plexus::monitor::ProduceRequest request() const;
    QString problem() const;

private:
    void validate();
    std::unique_ptr<Ui::ProduceDialog> m_ui;
    QMap<QString, int> m_topics;
};

}  // namespace plexus::views
