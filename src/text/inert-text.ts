/**
 * Text from outside — Graph and GitHub messages, token types, names — made inert for the two
 * places a run shows it (docs/promises.md, Promise 8): the log, where the runner looks for workflow commands, and
 * the job summary, where GitHub renders Markdown. Our own messages quote outside text, so both
 * functions take whole messages: our words never need what they take away.
 */

/** Where the runner, a log viewer or a Markdown renderer starts a new line; and tabs. */
const LINE_BREAKS = /\r\n|[\t\n\r\v\f\u0085\u2028\u2029]/g

/**
 * The other control characters (terminal escapes colour or hide text in the log viewer) and
 * the bidi overrides that make text read in another order than it is written.
 */
const INVISIBLE = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu

/** One line: line breaks and tabs become spaces, invisible characters a visible �. */
export function oneLine(text: string): string {
  return text.replace(LINE_BREAKS, ' ').replace(INVISIBLE, '\ufffd')
}

/**
 * One log line that issues no workflow command. The runner reads `##[command]` anywhere in a
 * line (actions/runner ActionCommand.TryParse searches for `##[`) and `::command::` at its
 * start after whitespace (TryParseV2 trims first); a line break would start a new line.
 */
export function logText(text: string): string {
  return oneLine(text)
    .replace(/##\[/g, '# #[')
    .replace(/^(\s*):(?=:)/, '$1: ')
}

/**
 * Text for the job summary that renders as itself and adds no structure: no link, image,
 * heading, list, quote, code, HTML, table cell, emphasis or math. Every character that Markdown
 * (GitHub's flavour) could read as syntax is backslash-escaped, `<`, `>` and `&` become entities,
 * and bare URLs, `www.` and e-mail addresses are broken up so that they are not linked. The
 * result is one line, trimmed, safe at the start of a line and inside a table cell.
 */
export function markdownText(text: string): string {
  return atLineStart(escapeInline(oneLine(text).trim()))
}

/**
 * A message of the action's own (which may quote outside text) for the job summary or an issue:
 * inert like markdownText, except that what the message puts between backticks and every URL
 * render as code, so that a reader sees `operation: rotate` as code and can copy a URL whole,
 * without backslashes. A code span is inert whoever wrote it: GitHub links nothing, renders no
 * HTML and resolves no mention or entity inside one; a lone backtick is escaped, a `|` is taken
 * out of the span (a table would split the cell at it). `references` also puts in code what an
 * issue would link: `@name` or `@org/team` (and notify), `#123`, `GH-123` and commit SHAs.
 */
export function messageMarkdown(text: string, references = false): string {
  const line = oneLine(text).trim()
  const parts = line.split(/(`[^`]+`)/)
  const rendered = parts.map((part, index) => (index % 2 === 1 ? codeSpan(part.slice(1, -1)) : prose(part, references))).join('')
  return parts[0] === '' ? rendered : atLineStart(rendered)
}

const URL_OR_REFERENCE =
  /https?:\/\/[^\s`<>"]*[^\s`<>".,;:!?)\]']|@[\p{L}\p{N}_-]+(?:\/[\p{L}\p{N}_-]+)?|#\p{N}+|\bGH-\p{N}+|\b(?=[0-9a-f]*\p{N})[0-9a-f]{7,40}\b/giu
const URL_ONLY = /https?:\/\/[^\s`<>"]*[^\s`<>".,;:!?)\]']/giu

/** Text outside the message's code spans: escaped, its URLs (and references) as code. */
function prose(text: string, references: boolean): string {
  const pattern = references ? URL_OR_REFERENCE : URL_ONLY
  let out = ''
  let last = 0
  for (const match of text.matchAll(pattern)) {
    out += escapeInline(text.slice(last, match.index)) + codeSpan(match[0])
    last = match.index + match[0].length
  }
  return out + escapeInline(text.slice(last))
}

/** A code span of text without backticks or line breaks; a `|` between two spans, escaped. */
function codeSpan(text: string): string {
  return text
    .split('|')
    .map(piece => (piece.trim() === '' ? escapeInline(piece) : `\`${piece}\``))
    .join('\\|')
}

function escapeInline(text: string): string {
  return text
    .replace(/[\\`*[\]!|~$<>&@]|_(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])_/gu, ch => MARKDOWN_ESCAPES[ch] ?? `\\${ch}`)
    .replace(/:(?=\/)/g, '\\:')
    .replace(/(?<![\p{L}\p{N}])(www)\./giu, '$1\\.')
}

/** What Markdown reads as a block only at the start of a line: a heading, a list, a break. */
function atLineStart(text: string): string {
  return text.replace(/^[#+=-]/, '\\$&').replace(/^(\d+)([.)])/, '$1\\$2')
}

const MARKDOWN_ESCAPES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;' }
