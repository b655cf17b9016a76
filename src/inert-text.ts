/**
 * Text from outside — Graph and GitHub messages, token types, names — made inert for the log,
 * where the runner looks for workflow commands (Promise 8). Our own messages quote outside text,
 * so it takes whole messages: our words never need what it takes away.
 */

/** Where the runner, a log viewer or a Markdown renderer starts a new line; and tabs. */
const LINE_BREAKS = /\r\n|[\t\n\r\v\f\u0085\u2028\u2029]/g

/**
 * The other control characters (terminal escapes colour or hide text in the log viewer) and
 * the bidi overrides that make text read in another order than it is written.
 */
const INVISIBLE = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu

/** One line: line breaks and tabs become spaces, invisible characters a visible �. */
function oneLine(text: string): string {
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
