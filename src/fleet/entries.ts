/**
 * The many-tokens template's list of tokens (its `tokens:` block), one entry a line:
 *
 *     META_TOKEN_SHOP: octo-org/shop, org:octo-org; admin-secret: META_ADMIN_TOKEN
 *
 * the secret that holds the token, a colon, its targets (read by the action's own parser, so the
 * list and the rotation can never read them differently; empty: the variable META_SECRET_TARGETS
 * or the calling repository), and optionally `; admin-secret: NAME`. Blank and `#` lines are
 * skipped. The list is written in the reviewed workflow file: only its names ever choose a secret.
 */
import { parseTarget, splitList } from '../inputs/secret-targets.ts'
import { SECRET_NAME } from '../inputs/rules.ts'
import { InputError, quote } from '../runtime/errors.ts'

export interface FleetEntry {
  secret: string
  /** The targets as the action reads them (labels, comma-separated); '' for the default. */
  targets: string
  adminSecret?: string
}

/** GitHub runs at most 256 jobs from one matrix. */
export const MAX_ENTRIES = 256

const INPUT = 'tokens'
const FORM = 'expected `SECRET: owner/repo, owner/repo:environment or org:NAME` with an optional `; admin-secret: NAME`'

export function parseEntries(raw: string): FleetEntry[] {
  const entries: FleetEntry[] = []
  const seen = new Set<string>()
  for (const [index, rawLine] of raw.split(/\r\n|[\r\n]/).entries()) {
    const line = rawLine.trim()
    if (line === '' || line.startsWith('#')) continue
    const entry = parseEntry(line, index + 1)
    // GitHub compares secret names without case.
    if (seen.has(entry.secret.toUpperCase()))
      throw new InputError(INPUT, `line ${index + 1} names ${entry.secret} a second time; list each token once.`)
    seen.add(entry.secret.toUpperCase())
    entries.push(entry)
  }
  if (entries.length === 0) throw new InputError(INPUT, `lists no token; ${FORM}, one a line.`)
  if (entries.length > MAX_ENTRIES)
    throw new InputError(
      INPUT,
      `lists ${entries.length} tokens; one matrix runs at most ${MAX_ENTRIES}: split them over two workflow files.`
    )
  return entries
}

function parseEntry(line: string, number: number): FleetEntry {
  const colon = line.indexOf(':')
  const secret = (colon === -1 ? line : line.slice(0, colon)).trim()
  if (colon === -1 || !SECRET_NAME.test(secret)) throw new InputError(INPUT, `line ${number} (${quote(line)}): ${FORM}.`)
  const [targetText, ...options] = line.slice(colon + 1).split(';')
  const where = `${INPUT} (line ${number}, ${secret})`
  const labels: string[] = []
  for (const item of splitList(targetText)) {
    const { label } = parseTarget(item, where)
    if (!labels.some(known => known.toLowerCase() === label.toLowerCase())) labels.push(label)
  }
  const entry: FleetEntry = { secret, targets: labels.join(', ') }
  for (const option of options.map(text => text.trim()).filter(Boolean)) {
    const match = /^admin-secret\s*:\s*(\S+)$/.exec(option)
    if (!match || !SECRET_NAME.test(match[1])) throw new InputError(where, `${quote(option)} is not \`admin-secret: NAME\`.`)
    entry.adminSecret = match[1]
  }
  return entry
}
