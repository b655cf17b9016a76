import { InputError, quote } from '../runtime/errors.ts'
import { isSupportedScope } from './scopes.ts'

/**
 * `required-assets`: what a token must be able to reach to do its job, one requirement a line:
 * `PERMISSION` (the token holds the permission) or `PERMISSION: ID[, ID…]` (and reaches each of
 * these assets with it: ad accounts as `act_…` or bare digits, pixels/datasets, pages, …).
 * Blank lines and lines starting with `#` are dropped.
 */
export interface AssetRequirement {
  /** The requirement as written (trimmed), for messages and the `missing-assets` output. */
  line: string
  permission: string
  ids: AssetId[]
}

export interface AssetId {
  /** As written: the node a probe asks for (`act_…` for an ad account). */
  raw: string
  /** Without `act_`, the form ids are compared in: Meta's target_ids list ad accounts by their bare number. */
  key: string
}

/** More would mean that many probes per run; a token's job needs far fewer. */
const MAX_IDS = 50

const INPUT = 'required-assets'

/**
 * Parses and validates the input before any request. Permissions are checked against the one
 * table of src/inputs/scopes.ts — every name in it is accepted here, whatever `generate` does
 * with names outside it (an unknown scope there may become a warning one day; a requirement
 * naming a permission that no system user can hold could never be met, so it stays an error).
 */
export function parseRequiredAssets(raw: string): AssetRequirement[] {
  const requirements: AssetRequirement[] = []
  const lines = raw.split(/\r\n|[\r\n]/)
  lines.forEach((text, index) => {
    const line = text.trim()
    if (line === '' || line.startsWith('#')) return
    requirements.push(parseLine(line, index + 1))
  })
  const ids = new Set(requirements.flatMap(r => r.ids.map(id => id.raw)))
  if (ids.size > MAX_IDS) throw new InputError(INPUT, `lists ${ids.size} asset ids; at most ${MAX_IDS} are supported.`)
  return requirements
}

function parseLine(line: string, number: number): AssetRequirement {
  const where = `line ${number} (${quote(line)})`
  const colon = line.indexOf(':')
  const permission = (colon < 0 ? line : line.slice(0, colon)).trim().toLowerCase()
  if (!/^[a-z_]+$/.test(permission) || !isSupportedScope(permission)) {
    throw new InputError(
      INPUT,
      `${where}: ${quote(permission)} is not a permission that system users support; write \`PERMISSION\` or \`PERMISSION: ID, ID\` (e.g. \`ads_management: act_1234567890\`).`
    )
  }
  if (colon < 0) return { line, permission, ids: [] }
  const items = line
    .slice(colon + 1)
    .split(',')
    .map(item => item.trim())
  if (items.every(item => item === '')) {
    throw new InputError(INPUT, `${where}: no asset id after \`:\`; list ids (e.g. \`${permission}: 1234567890\`) or drop the colon.`)
  }
  const ids: AssetId[] = []
  for (const item of items) {
    const id = parseId(item)
    if (!id) {
      throw new InputError(
        INPUT,
        `${where}: ${quote(item)} is not an asset id: use its digits (a pixel, dataset, page or business id), or \`act_\` and the digits for an ad account.`
      )
    }
    if (!ids.some(known => known.key === id.key)) ids.push(id)
  }
  return { line, permission, ids }
}

function parseId(text: string): AssetId | undefined {
  const match = /^(act_)?(\d{1,30})$/i.exec(text)
  if (!match) return undefined
  return { raw: match[1] ? `act_${match[2]}` : match[2], key: match[2] }
}

/** The form an id from Meta (a number or a string, with or without `act_`) is compared in. */
export function assetKey(id: unknown): string {
  return String(id).trim().replace(/^act_/i, '')
}
