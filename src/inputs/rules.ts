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

/** A secret's or an environment's name: GitHub allows no longer (its limit for environment names). */
export const MAX_NAME_LENGTH = 255
/** Any other one-value input (ids, URLs, booleans, numbers): far more than a valid value needs. */
export const MAX_VALUE_LENGTH = 2048
/** A list input, or the record: GitHub stores no secret over 48 KB, so no record can be longer. */
export const MAX_LIST_LENGTH = 64 * 1024

/** Per input, its longest accepted value; every other input gets MAX_VALUE_LENGTH (secret inputs check their own). */
const LENGTH_CAPS: Record<string, number> = {
  'secret-name': MAX_NAME_LENGTH,
  'previous-secret-name': MAX_NAME_LENGTH,
  'secret-targets': MAX_LIST_LENGTH,
  'deploy-workflows': MAX_LIST_LENGTH,
  scope: MAX_LIST_LENGTH,
  'org-secret-repositories': MAX_LIST_LENGTH,
  'previous-token': MAX_LIST_LENGTH,
}

/**
 * `read` with every value's length checked first, so an absurd value is refused before any
 * request (and before any rule that would quote it). `uncapped` inputs check their own length.
 */
export function lengthCheckedReader(read: InputReader, uncapped: readonly string[]): InputReader {
  return name => {
    const value = read(name)
    const cap = LENGTH_CAPS[name] ?? MAX_VALUE_LENGTH
    if (value.length > cap && !uncapped.includes(name)) {
      throw new InputError(name, `is ${value.length} characters long; at most ${cap} are accepted.`)
    }
    return value
  }
}

/** Fails when a list input names more entries than a run may handle. */
export function requireAtMost(input: string, count: number, max: number, what: string): void {
  if (count > max) throw new InputError(input, `names ${count} ${what}; at most ${max} are accepted in one run.`)
}
