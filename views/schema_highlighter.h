#pragma once
// Syntax colouring for schema texts in Plexus Center's Schemas page:
// JsonHighlighter (Avro and JSON Schema are JSON: keys, strings, numbers,
// true/false/null, punctuation) and ProtoHighlighter (.proto: keywords,
// scalar types, strings, numbers, // and /* */ comments across lines).
// Colours follow the palette of the widget they colour, so dark and light
// looks both read well.
//
// GUI thread only (QSyntaxHighlighter works on a QTextDocument).
#include <QRegularExpression>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

class QPalette;

namespace plexus::views {

/// The formats both highlighters use, picked for a light or dark palette.
struct SchemaColors {
    QTextCharFormat key, string, number, keyword, type, comment, punctuation;
    static SchemaColors forPalette(const QPalette& palette);
};

class JsonHighlighter : public QSyntaxHighlighter {
    Q_OBJECT
public:
    JsonHighlighter(QTextDocument* document, const QPalette& palette);

protected:
    void highlightBlock(const QString& text) override;

private:
    SchemaColors m_colors;
    QRegularExpression m_token;
};

class ProtoHighlighter : public QSyntaxHighlighter {
    Q_OBJECT
public:
    ProtoHighlighter(QTextDocument* document, const QPalette& palette);

protected:
    void highlightBlock(const QString& text) override;

private:
    SchemaColors m_colors;
    QRegularExpression m_token;
};

/// Replaces whatever highlighter colours `document` with the one for a
/// schema of `type` (AVRO and JSON: JsonHighlighter, PROTOBUF:
/// ProtoHighlighter; anything else: none). The highlighter is a child of the
/// document.
QSyntaxHighlighter* setSchemaHighlighter(QTextDocument* document, const QString& type, const QPalette& palette);

}  // namespace plexus::views
