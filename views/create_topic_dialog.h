#pragma once
// CreateTopicDialog: name, partitions, replication factor, retention and
// cleanup policy for a new topic, validated as the user types (Kafka's topic
// name rules, replication not above the brokers available, no duplicate
// name). OK is enabled only for a valid topic; the reason it is not valid is
// shown under the form. GUI thread only.
#include <QDialog>
#include <QMap>
#include <QStringList>
#include <memory>

namespace Ui {
class CreateTopicDialog;
}

namespace plexus::views {

class CreateTopicDialog : public QDialog {
    Q_OBJECT
public:
    /// `existing`: names already taken; `brokers`: the replication limit.
    CreateTopicDialog(const QStringList& existing, int brokers, QWidget* parent = nullptr);
    ~CreateTopicDialog() override;

    QString topicName() const;
    int partitions() const;
    int replicationFactor() const;
    /// retention.ms and cleanup.policy when they differ from the broker default.
    QMap<QString, QString> configs() const;

    /// Empty when `name` is a valid Kafka topic name, else why it is not.
    static QString nameProblem(const QString& name);
    /// What keeps the current input from being created; empty when OK.
    QString problem() const;

private:
    void validate();
    std::unique_ptr<Ui::CreateTopicDialog> m_ui;
    QStringList m_existing;
    int m_brokers;
};

}  // namespace plexus::views
