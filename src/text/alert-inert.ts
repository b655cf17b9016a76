/**
 * Outside text in an alert issue or its summary. Everything the alert shows that it did not write
 * itself (the workflow's name, the main action's outputs and messages, GitHub's URLs) arrives
 * here first: one line, cut to a length that keeps an issue readable, and shown either as plain
 * text (only when it holds nothing Markdown or GitHub could read: letters, digits, spaces and a
 * few punctuation marks, and none of GitHub's references) or in a code span built here. In an
 * issue GitHub links `@name` (notifying it), `#123`, `GH-123` and commit SHAs, and Markdown makes
 * links, images and HTML; inside a code span it does none of that, and the text reads as written
 * (no escapes, no invisible characters slipped into names).
 */
import { oneLine } from './inert-text.ts'

/** Text that renders as itself, links nothing and mentions no one. */
const PLAIN = /^[\p{L}\p{N} ,.:;()'"/+=-]*$/u
/** An underscore inside a word (`debug_token`) emphasises nothing. */
const INNER_UNDERSCORE = /(?<=[\p{L}\p{N}])_(?=[\p{L}\p{N}])/gu
/** What GitHub links even in plain words: GH-123, a commit SHA (7 to 40 hex digits), URLs. */
const LINKED = /GH-\d|(?<![\p{L}\p{N}])(?=[0-9a-f]*\d)[0-9a-f]{7,40}(?![\p{L}\p{N}])|:\/\/|www\./iu

/** Outside text as inert Markdown, at most `max` characters of it (an ellipsis marks the cut). */
export function inert(text: string, max = 200): string {
  const cut = [...text].length > max ? `${[...text].slice(0, max).join('')}…` : text
  const line = oneLine(cut).trim()
  if (line === '') return ''
  const plain = PLAIN.test(line.replace(/…$/, '').replace(INNER_UNDERSCORE, '')) && !LINKED.test(line) && !/^[-+=]|^\d+[.)]/.test(line)
  return plain ? line : codeSpan(line)
}

/**
 * `text` in a code span: fenced by one more backtick than its longest run, padded with a space
 * when it begins or ends with a backtick or a space. A `|` ends a table cell even inside a code
 * span (GFM), so a table cell's value escapes it (tableCell).
 */
function codeSpan(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map(run => run.length))
  const fence = '`'.repeat(longest + 1)
  const pad = /^[` ]|[` ]$/.test(text) ? ' ' : ''
  return `${fence}${pad}${text}${pad}${fence}`
}

/** A table cell's value: GFM reads `\|` inside it (code spans included) as a `|` that does not end the cell. */
export function tableCell(markdown: string): string {
  return markdown.replace(/\|/g, '\\|')
}

/** A plain word (a secret name, an operation, a token type) in a code span; anything else as inert text. */
export function code(text: string): string {
  return /^[A-Za-z0-9_.-]{1,60}$/.test(text) ? `\`${text}\`` : inert(text, 60)
}

/** A run page: `https://SERVER/OWNER/REPO/actions/runs/ID`, optionally `/attempts/N`. */
const RUN_PATH = /^\/[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}\/actions\/runs\/\d{1,20}(?:\/attempts\/\d{1,5})?$/

/**
 * The URL when it is a run page on this GitHub server over https, else undefined: the only
 * link an alert issue carries to a run. `serverUrl` is GITHUB_SERVER_URL.
 */
export function runPageUrl(raw: string, serverUrl: string): string | undefined {
  const server = httpsOrigin(serverUrl)
  if (!server || /[\s<>()[\]\\"'`]/.test(raw)) return undefined
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return undefined
  }
  if (url.origin !== server || url.username || url.password || url.search || url.hash || raw.includes('?') || raw.includes('#'))
    return undefined
  return RUN_PATH.test(url.pathname) ? url.href : undefined
}

/**
 * An issue's page as GitHub reports it (`html_url`), when it is exactly
 * `SERVER/OWNER/REPO/issues/NUMBER` over https; undefined otherwise (then nothing links to it).
 */
export function issuePageUrl(raw: unknown, serverUrl: string, owner: string, repo: string, number: number): string | undefined {
  const server = httpsOrigin(serverUrl)
  if (!server || typeof raw !== 'string') return undefined
  const expected = `${server}/${owner}/${repo}/issues/${number}`
  return raw.toLowerCase() === expected.toLowerCase() ? expected : undefined
}

/** GITHUB_SERVER_URL's origin when it is https with no path, credentials, query or fragment. */
function httpsOrigin(serverUrl: string): string | undefined {
  try {
    const url = new URL(serverUrl)
    if (url.protocol !== 'https:' || url.username || url.password || url.search || url.hash) return undefined
    return url.pathname === '/' ? url.origin : undefined
  } catch {
    return undefined
  }
}
