#include "views/schema_highlighter.h"

#include <QPalette>
#include <QTextDocument>

namespace plexus::views {

namespace {

QTextCharFormat fmt(const QColor& c, bool bold = false, bool italic = false) {
    QTextCharFormat f;
    f.setForeground(c);
    if (bold) f.setFontWeight(QFont::Bold);
    f.setFontItalic(italic);
    return f;
}

const QString kJsonToken = QStringLiteral(
    "(?<str>\"(?:[^\"\\\\]|\\\\.)*\"?)(?<colon>\\s*:)?"
    "|(?<num>-?\\b\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?\\b)"
    "|(?<lit>\\b(?:true|false|null)\\b)"
    "|(?<punct>[{}\\[\\],:])");

const QString kProtoToken = QStringLiteral(
    "(?<line>//.*$)"
    "|(?<block>/\\*)"
    "|(?<str>\"(?:[^\"\\\\]|\\\\.)*\"?|'(?:[^'\\\\]|\\\\.)*'?)"
    "|(?<num>\\b(?:0[xX][0-9a-fA-F]+|\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)\\b)"
    "|(?<kw>\\b(?:syntax|edition|package|import|public|weak|option|message|enum|service|rpc|returns|stream|oneof|map|"
    "repeated|optional|required|reserved|extensions|extend|to|max|group|true|false)\\b)"
    "|(?<type>\\b(?:double|float|int32|int64|uint32|uint64|sint32|sint64|fixed32|fixed64|sfixed32|sfixed64|bool|"
    "string|bytes)\\b)"
    "|(?<punct>[{}\\[\\]()<>;=,])");

constexpr int kInComment = 1;

}  // namespace

SchemaColors SchemaColors::forPalette(const QPalette& palette) {
    const bool dark = palette.color(QPalette::Base).lightness() < 128;
    SchemaColors c;
    c.key = fmt(dark ? QColor(0x9c, 0xdc, 0xfe) : QColor(0x00, 0x4f, 0x9e), true);
    c.string = fmt(dark ? QColor(0xce, 0x91, 0x78) : QColor(0xa3, 0x15, 0x15));
    c.number = fmt(dark ? QColor(0xb5, 0xce, 0xa8) : QColor(0x09, 0x86, 0x58));
    c.keyword = fmt(dark ? QColor(0x56, 0x9c, 0xd6) : QColor(0x00, 0x00, 0xc0), true);
    c.type = fmt(dark ? QColor(0x4e, 0xc9, 0xb0) : QColor(0x26, 0x7f, 0x99));
    c.comment = fmt(dark ? QColor(0x6a, 0x99, 0x55) : QColor(0x5a, 0x7a, 0x3a), false, true);
    QColor punct = palette.color(QPalette::Text);
    punct.setAlpha(170);
    c.punctuation = fmt(punct);
    return c;
}

JsonHighlighter::JsonHighlighter(QTextDocument* document, const QPalette& palette)
    : QSyntaxHighlighter(document), m_colors(SchemaColors::forPalette(palette)), m_token(kJsonToken) {}

void JsonHighlighter::highlightBlock(const QString& text) {
    auto it = m_token.globalMatch(text);
    while (it.hasNext()) {
        const auto m = it.next();
        if (m.capturedLength(u"str") > 0) {
            const bool key = m.capturedLength(u"colon") > 0;
            setFormat(int(m.capturedStart(u"str")), int(m.capturedLength(u"str")), key ? m_colors.key : m_colors.string);
            if (key) setFormat(int(m.capturedEnd(u"colon")) - 1, 1, m_colors.punctuation);
        } else if (m.capturedLength(u"num") > 0) {
            setFormat(int(m.capturedStart(u"num")), int(m.capturedLength(u"num")), m_colors.number);
        } else if (m.capturedLength(u"lit") > 0) {
            setFormat(int(m.capturedStart(u"lit")), int(m.capturedLength(u"lit")), m_colors.keyword);
        } else if (m.capturedLength(u"punct") > 0) {
            setFormat(int(m.capturedStart(u"punct")), int(m.capturedLength(u"punct")), m_colors.punctuation);
        }
    }
}

ProtoHighlighter::ProtoHighlighter(QTextDocument* document, const QPalette& palette)
    : QSyntaxHighlighter(document), m_colors(SchemaColors::forPalette(palette)), m_token(kProtoToken) {}

void ProtoHighlighter::highlightBlock(const QString& text) {
    setCurrentBlockState(0);
    qsizetype pos = 0;
    const QString close = QStringLiteral("*/");
    if (previousBlockState() == kInComment) {
        const qsizetype end = text.indexOf(close);
        if (end < 0) {
            setFormat(0, int(text.size()), m_colors.comment);
            setCurrentBlockState(kInComment);
            return;
        }
        setFormat(0, int(end + 2), m_colors.comment);
        pos = end + 2;
    }
    while (pos < text.size()) {
        const auto m = m_token.match(text, pos);
        if (!m.hasMatch()) break;
        const qsizetype start = m.capturedStart();
        if (m.capturedLength(u"block") > 0) {
            const qsizetype end = text.indexOf(close, start + 2);
            if (end < 0) {
                setFormat(int(start), int(text.size() - start), m_colors.comment);
                setCurrentBlockState(kInComment);
                return;
            }
            setFormat(int(start), int(end + 2 - start), m_colors.comment);
            pos = end + 2;
            continue;
        }
        const QTextCharFormat* f = nullptr;
        if (m.capturedLength(u"line") > 0) f = &m_colors.comment;
        else if (m.capturedLength(u"str") > 0) f = &m_colors.string;
        else if (m.capturedLength(u"num") > 0) f = &m_colors.number;
        else if (m.capturedLength(u"kw") > 0) f = &m_colors.keyword;
        else if (m.capturedLength(u"type") > 0) f = &m_colors.type;
        else if (m.capturedLength(u"punct") > 0) f = &m_colors.punctuation;
        if (f) setFormat(int(start), int(m.capturedLength()), *f);
        pos = std::max(m.capturedEnd(), start + 1);
    }
}

QSyntaxHighlighter* setSchemaHighlighter(QTextDocument* document, const QString& type, const QPalette& palette) {
    for (auto* old : document->findChildren<QSyntaxHighlighter*>(Qt::FindDirectChildrenOnly)) delete old;
    if (type == u"PROTOBUF") return new ProtoHighlighter(document, palette);
    if (type == u"AVRO" || type == u"JSON") return new JsonHighlighter(document, palette);
    return nullptr;
}

}  // namespace plexus::views
