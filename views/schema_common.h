#pragma once
// What the widgets of the Schemas page (SchemaBrowser, SchemaViewer,
// SchemaDiffView, SchemaEditor, SchemasPage) share: the look of their code
// panes, line marks, status tones, the registry error codes they treat
// specially, and prettySchema, the indentation schemas are shown with.
//
// prettySchema is pure (any thread); the rest works on widgets and palettes
// and is GUI thread only.
#include <QColor>
#include <QString>
#include <QTextEdit>

class QPalette;
class QPlainTextEdit;
class QWidget;

namespace plexus::views {

/// Confluent's error codes the Schemas page's widgets treat specially.
constexpr int kRegistrySubjectNotFound = 40401;  ///< also: a soft-deleted subject has no live versions
constexpr int kRegistryNoSubjectLevel = 40408;   ///< the subject has no compatibility level of its own

/// The palette's base colour is dark (a dark look).
bool isDarkPalette(const QPalette& palette);

/// A style sheet for a label's text, readable on the palette's window:
/// tone 1 good (green), -1 bad (red), 0 the normal text (an empty sheet).
QString toneStyle(const QPalette& palette, int tone);

/// `base` tinted towards `tint` by `amount` (0..1): a background that keeps
/// the text readable in light and dark looks.
QColor tinted(const QColor& base, const QColor& tint, double amount);

/// A full-width background for the 0-based `line` of `edit`, for
/// QPlainTextEdit::setExtraSelections.
QTextEdit::ExtraSelection lineMark(QPlainTextEdit* edit, int line, const QColor& background);

/// A monospace, unwrapped text pane (owned by `parent`) for schema text.
QPlainTextEdit* codeView(QWidget* parent, bool readOnly);

/// Pretty text of a schema for showing: indented JSON for AVRO and JSON in
/// the author's key order (the text as is if it is not JSON), PROTOBUF as is.
QString prettySchema(const QString& type, const QString& text);

}  // namespace plexus::views
