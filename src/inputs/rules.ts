import { InputError, quote } from '../runtime/errors.ts'

/**
 * The rules both actions (this one and the alert) apply to their inputs, in one place so that
 * the same value is accepted or refused alike by both.
 */

/** Reads one input by its `action.yml` name; '' when unset (like core.getInput). */
export type InputReader = (name: string) => string

export const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/
export const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/
export const REPO = /^[A-Za-z0-9._-]{1,100}$/

/**
 * No token or secret either action takes is shorter: a shorter value in a secret input is
 * refused, and never masked — the runner masks a value wherever it appears, so masking `false`
 * (what `${{ cond && secrets.X }}` gives when cond does not hold) would blank that word in the
 * whole job log, the outputs and the summary.
 */
export const MIN_SECRET_LENGTH = 16

/**
 * What of a secret input to mask, before it is validated: each line (trimmed) of at least
 * MIN_SECRET_LENGTH characters. Not the whole of a value with several lines: the runner would
 * mask each of its lines on its own, the short ones too.
 */
export function secretParts(value: string): string[] {
  return value
    .split(/\r\n|[\r\n]/)
    .map(line => line.trim())
    .filter(line => line.length >= MIN_SECRET_LENGTH)
}

/** `owner/repo`, or undefined when the text is not one (`.` and `..` are no repository names). */
export function parseRepository(text: string): { owner: string; repo: string } | undefined {
  const parts = text.split('/')
  if (parts.length !== 2 || !OWNER.test(parts[0]) || !REPO.test(parts[1]) || parts[1] === '.' || parts[1] === '..') return undefined
  return { owner: parts[0], repo: parts[1] }
}

export function readBoolean(read: InputReader, name: string, fallback: boolean): boolean {
  const raw = read(name).trim()
  if (raw === '') return fallback
  if (/^true$/i.test(raw)) return true
  if (/^false$/i.test(raw)) return false
  throw new InputError(name, `must be \`true\` or \`false\`, got ${quote(raw)}.`)
}

export function readWholeDays(read: InputReader, name: string): number | undefined {
  const raw = read(name).trim()
  if (raw === '') return undefined
  if (!/^\d{1,5}$/.test(raw)) throw new InputError(name, `must be a whole number of days (0 or more), got ${quote(raw)}.`)
  return Number(raw)
}
