/**
 * Outside text in an alert issue or its summary. Everything the alert shows that it did not write
 * itself (the workflow's name, the main action's outputs and messages, GitHub's URLs) arrives
 * here first: made inert with the main action's messageMarkdown (no link, image, HTML or table
 * cell; one line), with mentions and issue references in code, and cut to a length that keeps
 * an issue readable.
 */
import { messageMarkdown } from './inert-text.ts'

/**
 * Outside text as inert Markdown, at most `max` characters of it (an ellipsis marks the cut). In
 * an issue GitHub also links `@name` (and notifies that account or team), `#123`, `GH-123` and
 * commit SHAs (and lists the issue in #123's timeline), whether or not the sign is
 * backslash-escaped: those go in code spans, where GitHub links nothing and a reader can still
 * copy them as they are.
 */
export function inert(text: string, max = 200): string {
  const cut = [...text].length > max ? `${[...text].slice(0, max).join('')}…` : text
  return messageMarkdown(cut, true)
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
