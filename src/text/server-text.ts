/**
 * Text a server sent (an error message, a token type, a header) cut to a length a reader can
 * use, where it enters the action: a 5 MB error message would otherwise become a job summary
 * the runner drops (over 1 MiB) and a log line nobody reads. Applied once, by the API clients.
 */
export const MAX_SERVER_TEXT = 300

/**
 * At most MAX_SERVER_TEXT characters of `text`, then how many were cut. The cut falls before the
 * last run of token-like characters that crosses the limit, so no secret is left cut short
 * (the redactor can only recognise a fragment of at least 12 characters).
 */
export function serverText(text: string): string {
  if (text.length <= MAX_SERVER_TEXT) return text
  let end = MAX_SERVER_TEXT
  // Characters that may sit inside a token, a proof, or their base64, percent, entity or \u encoding.
  while (end > 0 && /[A-Za-z0-9_\-.|%+/~=&#;\\]/.test(text[end - 1])) end--
  if (end === 0) end = MAX_SERVER_TEXT
  return `${text.slice(0, end)}… (${text.length - end} more characters not shown)`
}
