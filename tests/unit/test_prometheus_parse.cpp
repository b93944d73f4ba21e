// The Prometheus text parser and the byte-rate helper of monitor/, against
// hand-written exposition text: escapes, comments, HELP/TYPE, special values,
// timestamps, malformed lines, and counter resets.
#include <QtTest>
#include <cmath>

#include "monitor/prometheus.h"

using namespace plexus::monitor;

class TestPrometheusParse : public QObject {
    Q_OBJECT
private slots:
    void parsesPlainAndLabelledSamples() {
        auto snap = parsePrometheusText(
            "plexus_connections_active 3\n"
            "plexus_topic_bytes_in_total{topic=\"adt.events\"} 1024\n"
            "http_requests_total{method=\"post\",code=\"200\",} 1027 1395066363000\n");
        QVERIFY2(snap.errors.isEmpty(), qPrintable(snap.errors.join('\n')));
        QCOMPARE(snap.samples.size(), 3);
        QCOMPARE(snap.samples[0].name, QString("plexus_connections_active"));
        QVERIFY(snap.samples[0].labels.isEmpty());
        QCOMPARE(snap.samples[0].value, 3.0);
        QCOMPARE(snap.samples[1].label("topic"), QString("adt.events"));
        QCOMPARE(snap.samples[1].value, 1024.0);
        // Trailing comma in the label set, labels kept in line order, timestamp.
        QCOMPARE(snap.samples[2].labels.size(), 2);
        QCOMPARE(snap.samples[2].labels[0].first, QString("method"));
        QCOMPARE(snap.samples[2].label("code"), QString("200"));
        QVERIFY(snap.samples[2].label("absent").isNull());
        QVERIFY(snap.samples[2].timestampMs.has_value());
        QCOMPARE(*snap.samples[2].timestampMs, qint64(1395066363000));
        QVERIFY(!snap.samples[0].timestampMs.has_value());
    }

    void unescapesLabelValues() {
        // Backslash, double quote and newline are the three escapes of the format;
        // a '}' or ',' inside quotes is just text.
        auto snap = parsePrometheusText(
            // Written out without raw strings: moc's tokenizer mis-reads them.
            "msdos_file_access_time_seconds{path=\"C:\\\\DIR\\\\FILE.TXT\","
            "error=\"Cannot find file:\\n\\\"FILE.TXT\\\"\"} 1.458255915e9\n"
            "kafka_consumergroup_lag{consumergroup=\"g,1}\",topic=\"t\"} 7\n");
        QVERIFY2(snap.errors.isEmpty(), qPrintable(snap.errors.join('\n')));
        QCOMPARE(snap.samples.size(), 2);
        QCOMPARE(snap.samples[0].label("path"), QString("C:\\DIR\\FILE.TXT"));
        QCOMPARE(snap.samples[0].label("error"), QString("Cannot find file:\n\"FILE.TXT\""));
        QCOMPARE(snap.samples[0].value, 1.458255915e9);
        QCOMPARE(snap.samples[1].label("consumergroup"), QString("g,1}"));
        QCOMPARE(snap.samples[1].value, 7.0);
    }

    void readsHelpTypeAndIgnoresOtherComments() {
        auto snap = parsePrometheusText(
            "# A plain comment that is neither HELP nor TYPE\n"
            "# HELP plexus_topic_bytes_in_total Record batch bytes appended,\\nby topic \\\\ all.\n"
            "# TYPE plexus_topic_bytes_in_total counter\n"
            "#TYPE odd_spacing gauge\n"
            "\n"
            "   \n"
            "plexus_topic_bytes_in_total{topic=\"a\"} 5\n");
        QVERIFY2(snap.errors.isEmpty(), qPrintable(snap.errors.join('\n')));
        QCOMPARE(snap.samples.size(), 1);
        QCOMPARE(snap.types.value("plexus_topic_bytes_in_total"), QString("counter"));
        QCOMPARE(snap.types.value("odd_spacing"), QString("gauge"));
        QCOMPARE(snap.help.value("plexus_topic_bytes_in_total"), QString("Record batch bytes appended,\nby topic \\ all."));
    }

    void readsSpecialValues() {
        auto snap = parsePrometheusText(
            "plexus_kafka_request_latency_seconds_bucket{api=\"Produce\",le=\"+Inf\"} 12\n"
            "a NaN\nb +Inf\nc -Inf\nd Inf\ne -0.5\nf 1e-3\ng nan\n");
        QVERIFY2(snap.errors.isEmpty(), qPrintable(snap.errors.join('\n')));
        QCOMPARE(snap.samples.size(), 8);
        QCOMPARE(snap.samples[0].label("le"), QString("+Inf"));  // a label value, kept as text
        QCOMPARE(snap.samples[0].value, 12.0);
        QVERIFY(std::isnan(snap.find("a").value(0).value));
        QVERIFY(std::isinf(snap.find("b").value(0).value) && snap.find("b").value(0).value > 0);
        QVERIFY(std::isinf(snap.find("c").value(0).value) && snap.find("c").value(0).value < 0);
        QVERIFY(std::isinf(snap.find("d").value(0).value));
        QCOMPARE(snap.find("e").value(0).value, -0.5);
        QCOMPARE(snap.find("f").value(0).value, 0.001);
        QVERIFY(std::isnan(snap.find("g").value(0).value));
    }

    void reportsMalformedLinesAndKeepsTheRest() {
        auto snap = parsePrometheusText(
            "good 1\n"
            "no_value\n"
            "bad_value{a=\"1\"} twelve\n"
            "unterminated{a=\"1} 2\n"
            "bad_escape{a=\"\\t\"} 2\n"
            "missing_eq{a \"1\"} 2\n"
            "{a=\"1\"} 2\n"
            "bad_ts 1 soon\n"
            "also_good{x=\"y\"} 2\r\n");
        QCOMPARE(snap.samples.size(), 2);
        QCOMPARE(snap.samples[0].name, QString("good"));
        QCOMPARE(snap.samples[1].name, QString("also_good"));
        QCOMPARE(snap.samples[1].value, 2.0);
        QCOMPARE(snap.errors.size(), 7);
        QVERIFY2(snap.errors[0].startsWith("line 2:"), qPrintable(snap.errors[0]));
        QVERIFY2(snap.errors[1].contains("twelve"), qPrintable(snap.errors[1]));
        QVERIFY2(snap.errors[2].contains("unterminated"), qPrintable(snap.errors[2]));
        QVERIFY2(snap.errors[3].contains("escape"), qPrintable(snap.errors[3]));
        QVERIFY2(snap.errors[6].startsWith("line 8:") && snap.errors[6].contains("timestamp"), qPrintable(snap.errors[6]));
    }

    void sumsAcrossLabelSets() {
        auto snap = parsePrometheusText(
            "plexus_topic_bytes_out_total{topic=\"a\"} 10\n"
            "plexus_topic_bytes_out_total{topic=\"b\"} 32\n"
            "other 100\n");
        QCOMPARE(snap.sum("plexus_topic_bytes_out_total"), 42.0);
        QCOMPARE(snap.find("plexus_topic_bytes_out_total").size(), 2);
        QCOMPARE(snap.sum("absent"), 0.0);
    }

    void byteRatesSumTopicsOverTheInterval() {
        auto before = parsePrometheusText(
            "plexus_topic_bytes_in_total{topic=\"a\"} 1000\n"
            "plexus_topic_bytes_in_total{topic=\"b\"} 500\n"
            "plexus_topic_bytes_out_total{topic=\"a\"} 0\n");
        auto after = parsePrometheusText(
            "plexus_topic_bytes_in_total{topic=\"a\"} 3000\n"   // +2000
            "plexus_topic_bytes_in_total{topic=\"b\"} 1500\n"   // +1000
            "plexus_topic_bytes_in_total{topic=\"c\"} 1000\n"   // new topic: +1000
            "plexus_topic_bytes_out_total{topic=\"a\"} 800\n"   // +800
            "plexus_topic_records_in_total{topic=\"a\"} 99999\n");
        ByteRates r = byteRates(before, after, 2.0);
        QCOMPARE(r.bytesInPerSec, 2000.0);
        QCOMPARE(r.bytesOutPerSec, 400.0);
    }

    void byteRatesTreatADropAsACounterReset() {
        // The node restarted between the snapshots: its counters began again at 0.
        auto before = parsePrometheusText("plexus_topic_bytes_in_total{topic=\"a\"} 10000\n");
        auto after = parsePrometheusText("plexus_topic_bytes_in_total{topic=\"a\"} 300\n");
        QCOMPARE(byteRates(before, after, 3.0).bytesInPerSec, 100.0);
        QCOMPARE(byteRates(before, after, 3.0).bytesOutPerSec, 0.0);
    }

    void byteRatesOfAnEmptyIntervalAreZero() {
        auto before = parsePrometheusText("plexus_topic_bytes_in_total{topic=\"a\"} 1\n");
        auto after = parsePrometheusText("plexus_topic_bytes_in_total{topic=\"a\"} 2\n");
        QCOMPARE(byteRates(before, after, 0.0).bytesInPerSec, 0.0);
        QCOMPARE(byteRates(before, after, -1.0).bytesInPerSec, 0.0);
    }
};

QTEST_GUILESS_MAIN(TestPrometheusParse)
#include "test_prometheus_parse.moc"
