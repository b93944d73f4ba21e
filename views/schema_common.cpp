#include "views/schema_common.h"

#include <QFontDatabase>
#include <QJsonDocument>
#include <QPalette>
#include <QPlainTextEdit>
#include <QTextBlock>

namespace plexus::views {

bool isDarkPalette(const QPalette& p) { return p.color(QPalette::Base).lightness() < 128; }

QString toneStyle(const QPalette& p, int tone) {
    if (tone == 0) return {};
    const bool dark = isDarkPalette(p);
    const QColor c = tone > 0 ? (dark ? QColor(0x6f, 0xcf, 0x97) : QColor(0x1e, 0x7b, 0x34))
                              : (dark ? QColor(0xff, 0x7b, 0x72) : QColor(0xc0, 0x39, 0x2b));
    return QStringLiteral("color: %1").arg(c.name());
}

QColor tinted(const QColor& base, const QColor& tint, double amount) {
    return QColor::fromRgbF(float(base.redF() * (1 - amount) + tint.redF() * amount),
                            float(base.greenF() * (1 - amount) + tint.greenF() * amount),
                            float(base.blueF() * (1 - amount) + tint.blueF() * amount));
}

QTextEdit::ExtraSelection lineMark(QPlainTextEdit* edit, int line, const QColor& background) {
    QTextEdit::ExtraSelection sel;
    sel.cursor = QTextCursor(edit->document()->findBlockByNumber(line));
    sel.format.setBackground(background);
    sel.format.setProperty(QTextFormat::FullWidthSelection, true);
    return sel;
}

QPlainTextEdit* codeView(QWidget* parent, bool readOnly) {
    auto* e = new QPlainTextEdit(parent);
    e->setReadOnly(readOnly);
    e->setLineWrapMode(QPlainTextEdit::NoWrap);
    e->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    e->setTabStopDistance(e->fontMetrics().horizontalAdvance(QLatin1Char(' ')) * 4);
    return e;
}

QString prettySchema(const QString& type, const QString& text) {
    if (type == u"PROTOBUF") return text;
    // Only valid JSON is re-indented (wrapped in an array, so a primitive Avro
    // schema such as "string" counts too); anything else is shown as it is.
    QJsonParseError err{};
    QJsonDocument::fromJson('[' + text.toUtf8() + ']', &err);
    if (err.error != QJsonParseError::NoError) return text;
    // Not QJsonDocument::toJson: it sorts object keys, and a schema reads best
    // in its author's order ("type" and "name" first).
    const qsizetype n = text.size();
    auto skipString = [&](qsizetype i) {  // i at the opening quote; returns the index after the closing one
        for (++i; i < n; ++i) {
            if (text[i] == u'\\') ++i;
            else if (text[i] == u'"') return i + 1;
        }
        return n;
    };
    QString out;
    int depth = 0;
    auto newline = [&] {
        out += u'\n';
        out += QString(depth * 2, u' ');
    };
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = text[i];
        if (c.isSpace()) continue;
        if (c == u'"') {
            const qsizetype end = skipString(i);
            out += text.mid(i, end - i);
            i = end - 1;
        } else if (c == u'{' || c == u'[') {
            // Empty, or an array of a few scalars ("type": ["null", "string"]): one line.
            const QChar close = c == u'{' ? u'}' : u']';
            qsizetype j = i + 1, width = 0;
            bool flat = true;
            QString inline_;
            while (j < n && text[j] != close) {
                if (text[j] == u'"') {
                    const qsizetype end = skipString(j);
                    inline_ += text.mid(j, end - j);
                    j = end;
                    continue;
                }
                if (text[j] == u'{' || text[j] == u'[') {
                    flat = false;
                    break;
                }
                if (text[j] == u',') inline_ += QStringLiteral(", ");
                else if (!text[j].isSpace()) inline_ += text[j];
                ++j;
            }
            width = inline_.size();
            if (flat && j < n && (inline_.isEmpty() || (c == u'[' && width <= 60))) {
                out += c + inline_ + close;
                i = j;
                continue;
            }
            out += c;
            ++depth;
            newline();
        } else if (c == u'}' || c == u']') {
            --depth;
            newline();
            out += c;
        } else if (c == u',') {
            out += c;
            newline();
        } else if (c == u':') {
            out += QStringLiteral(": ");
        } else {
            out += c;
        }
    }
    return out;
}

}  // namespace plexus::views
