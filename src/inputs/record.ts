import { MIN_SECRET_LENGTH } from './rules.ts'

/**
 * The previous-token record: a second secret beside the token (`previous-secret-name`, in the
 * first target) that holds, one a line, every token a rotation replaced or minted and has not
 * revoked yet. Nothing valid goes untracked (Promise 7): a run killed halfway is cleaned up by
 * the next `rotate`, which reads the record through the `previous-token` input.
 */

export interface RecordLines {
  /** The tokens the record holds, in order, without duplicates and without `access-token`. */
  tokens: string[]
  /** For each of `tokens`, the line it is on (1-based, counting every line of the input). */
  lines: number[]
  /** Lines that cannot be tokens (too short, whitespace inside): dropped with a warning. */
  dropped: number
}

/**
 * Reads `previous-token`: lines trimmed, blank and `#` lines dropped. A line equal to
 * `access-token` is the old token, not a separate record token. A line that cannot be a token
 * is dropped rather than refused: refusing would stall rotation on a record nobody can read.
 */
export function parseRecord(raw: string, accessToken: string): RecordLines {
  const tokens: string[] = []
  const lines: number[] = []
  let dropped = 0
  for (const [index, line] of raw.split(/\r?\n/).map((item, i) => [i, item.trim()] as const)) {
    if (line === '' || line.startsWith('#')) continue
    if (line.length < MIN_SECRET_LENGTH || /\s/.test(line) || /[^\x21-\x7e]/.test(line)) {
      dropped++
      continue
    }
    if (line !== accessToken && !tokens.includes(line)) {
      tokens.push(line)
      lines.push(index + 1)
    }
  }
  return { tokens, lines, dropped }
}

/** The record's text: one token a line, each once. */
export function recordText(tokens: string[]): string {
  return [...new Set(tokens)].join('\n')
}
