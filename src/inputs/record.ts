import { MIN_SECRET_LENGTH } from './rules.ts'

/**
 * The previous-token record: a second secret beside the token (`previous-secret-name`, in the
 * first target) that holds, one a line, every token a rotation replaced or minted and has not
 * revoked yet. Nothing valid goes untracked (docs/promises.md, Promise 7): a run killed halfway is cleaned up by
 * the next `rotate`, which reads the record through the `previous-token` input.
 */

/**
 * The record's first line: a comment (dropped when read, like every `#` line) naming the secret
 * that holds it, so that a secret passed as the record can be told from one that is not
 * (`previous-secret-name` pointing at, say, the app secret).
 */
export function recordHeader(name: string): string {
  return `# meta-token-keeper previous-token record: ${name} (one token a line)`
}
const HEADER = /^# meta-token-keeper previous-token record: (\S+)/

/** Record tokens one run handles; the rest stay in the record, as they are, for the next run. */
export const MAX_RECORD_TOKENS = 100

export interface RecordLines {
  /** The tokens this run handles, in order, without duplicates and without `access-token`. */
  tokens: string[]
  /** The 1-based line of `previous-token` each of `tokens` came from (for warnings that must not quote it). */
  lineOf: Map<string, number>
  /**
   * Lines carried through every rewrite exactly as they are: lines the record cannot use (too
   * short, whitespace inside) and tokens beyond MAX_RECORD_TOKENS. Never sent to Meta, never quoted.
   */
  kept: string[]
  /** Of `kept`, the lines that cannot be tokens. */
  unusable: number
  /** Of `kept`, the tokens left for a later run (beyond MAX_RECORD_TOKENS). */
  overflow: string[]
  /** Whether the input held anything at all (a record that arrived empty holds nothing). */
  given: boolean
  /** The secret names its header lines give (recordHeader): the record says whose it is. */
  names: string[]
  /** Whether a line is `access-token` (a token of this app, not a record token of its own). */
  holdsAccessToken: boolean
}

/**
 * Reads `previous-token`: split on CR, LF and CRLF, lines trimmed, blank and `#` lines dropped.
 * A line equal to `access-token` is the old token, not a separate record token. A line that
 * cannot be a token is kept rather than refused or erased: refusing would stall rotation on a
 * record nobody can read, and erasing it could lose a token written in a form we do not know.
 * `limit`: the tokens one run handles (an emergency revokes every line: Infinity).
 */
export function parseRecord(raw: string, accessToken: string, limit = MAX_RECORD_TOKENS): RecordLines {
  const result: RecordLines = {
    tokens: [],
    lineOf: new Map(),
    kept: [],
    unusable: 0,
    overflow: [],
    given: raw.trim() !== '',
    names: [],
    holdsAccessToken: false,
  }
  raw.split(/\r\n|[\r\n]/).forEach((untrimmed, index) => {
    const line = untrimmed.trim()
    const header = HEADER.exec(line)
    if (header) result.names.push(header[1])
    if (line === '' || line.startsWith('#')) return
    if (!couldBeToken(line)) {
      result.kept.push(line)
      result.unusable++
      return
    }
    if (line === accessToken) result.holdsAccessToken = true
    if (line === accessToken || result.lineOf.has(line) || result.overflow.includes(line)) return
    if (result.tokens.length >= limit) {
      result.kept.push(line)
      result.overflow.push(line)
      return
    }
    result.tokens.push(line)
    result.lineOf.set(line, index + 1)
  })
  return result
}

function couldBeToken(line: string): boolean {
  return line.length >= MIN_SECRET_LENGTH && !/[^\x21-\x7e]/.test(line)
}

/** The record's text: its header, one token a line, each once, then the kept lines as they were. */
export function recordText(name: string, tokens: string[], kept: string[] = []): string {
  return [recordHeader(name), ...new Set(tokens), ...kept].join('\n')
}
