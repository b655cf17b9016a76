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
  return oneLine(text)
    .trim()
    .replace(/[\\`*[\]!|~$<>&@]|_(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])_/gu, ch => MARKDOWN_ESCAPES[ch] ?? `\\${ch}`)
    .replace(/:(?=\/)/g, '\\:')
    .replace(/(?<![\p{L}\p{N}])(www)\./giu, '$1\\.')
    .replace(/^[#+=-]/, '\\$&')
    .replace(/^(\d+)([.)])/, '$1\\$2')
}

const MARKDOWN_ESCAPES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;' }
