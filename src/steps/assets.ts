import type { TokenInfo } from '../graph/token-info.ts'
import { GraphError, isRetryableGraphError } from '../graph/errors.ts'
import { type AssetRequirement, assetKey } from '../inputs/required-assets.ts'
import { logText } from '../text/inert-text.ts'
import type { AssetLine, Report } from '../report/report.ts'
import type { StepContext } from './context.ts'
import { graphFailure } from './token-checks.ts'

/**
 * Whether a token can do its job: the permissions and assets `required-assets` asks for, read
 * from debug_token's `scopes` and `granular_scopes` (no extra round trip), optionally confirmed
 * by reading each asset as the token (`probe-assets`); and whether a new token reaches less than
 * the one it replaces (scope drift).
 */

/** One requirement and why it is not met (no problems: met). */
export interface AssetResult {
  requirement: AssetRequirement
  problems: string[]
}

/** What a new token reaches that the old one did not (wider), or no longer reaches (narrower). */
export interface ScopeDrift {
  narrower: DriftItem[]
  wider: DriftItem[]
}

interface DriftItem {
  permission: string
  /** The assets concerned; empty when the permission itself came or went. */
  ids: string[]
  what: string
}

/** Where a user gives a system user its assets; every asset message points there. */
export const ASSET_FIX =
  'In Business settings → System users, select the system user and use Assign assets to give it each asset listed, with the permission named. A permission the token does not hold at all needs a new token that has it (`operation: generate` with that permission in `scope`). Then run again.'

/** Probe answers: a Meta refusal per id as written, inert and cut short; absent when the token could read it. */
export type ProbeRefusals = Map<string, string>

type Targets = 'all' | Set<string> | undefined

/**
 * The assets a permission reaches: `all` when an entry shows no targets ("If permission applies
 * to all, targets will not be shown"), the ids listed otherwise, undefined when granular_scopes
 * says nothing about the permission.
 */
function targetsOf(info: TokenInfo, permission: string): Targets {
  const entries = info.granularScopes.filter(entry => entry.scope === permission)
  if (entries.length === 0) return undefined
  if (entries.some(entry => entry.targetIds === undefined)) return 'all'
  return new Set(entries.flatMap(entry => entry.targetIds ?? []).map(assetKey))
}

/**
 * Met when the token holds the permission and reaches every id with it: its granular_scopes
 * entry shows no targets, or lists each id. A permission that granular_scopes does not mention
 * counts as reaching every asset, as an entry without targets does (Meta lists targets only to
 * narrow a permission). A probe Meta refused fails its requirement whatever the scopes say.
 */
export function checkRequirements(info: TokenInfo, requirements: AssetRequirement[], refusals: ProbeRefusals): AssetResult[] {
  return requirements.map(requirement => {
    const problems: string[] = []
    if (!info.scopes.includes(requirement.permission)) {
      problems.push('the token does not hold the permission')
    } else {
      const targets = targetsOf(info, requirement.permission)
      const unreached = targets instanceof Set ? requirement.ids.filter(id => !targets.has(id.key)).map(id => id.raw) : []
      if (unreached.length > 0) problems.push(`not among the assets the token reaches with it: ${unreached.join(', ')}`)
    }
    for (const id of requirement.ids) {
      const refusal = refusals.get(id.raw)
      if (refusal !== undefined) problems.push(`Meta refused to read ${id.raw} as the token: ${refusal}`)
    }
    return { requirement, problems }
  })
}

/** Every permission and asset the old token reached that the new one does not, and the other way round. */
export function compareScopes(old: TokenInfo, fresh: TokenInfo): ScopeDrift {
  const drift: ScopeDrift = { narrower: [], wider: [] }
  for (const permission of old.scopes) {
    if (!fresh.scopes.includes(permission)) drift.narrower.push({ permission, ids: [], what: 'permission lost' })
  }
  for (const permission of fresh.scopes) {
    if (!old.scopes.includes(permission)) {
      drift.wider.push({ permission, ids: [], what: 'permission added' })
      continue
    }
    const before = targetsOf(old, permission)
    const after = targetsOf(fresh, permission)
    // Only two answers that both describe the permission can be compared.
    if (before === undefined || after === undefined || (before === 'all' && after === 'all')) continue
    if (before === 'all' && after instanceof Set) {
      drift.narrower.push({ permission, ids: [...after], what: 'every asset before, now only the assets listed' })
    } else if (before instanceof Set && after === 'all') {
      drift.wider.push({ permission, ids: [], what: 'now every asset' })
    } else if (before instanceof Set && after instanceof Set) {
      const lost = [...before].filter(id => !after.has(id))
      const gained = [...after].filter(id => !before.has(id))
      if (lost.length > 0) drift.narrower.push({ permission, ids: lost, what: 'assets lost' })
      if (gained.length > 0) drift.wider.push({ permission, ids: gained, what: 'assets added' })
    }
  }
  return drift
}

/**
 * `probe-assets`: reads each required id as `token` (`GET /{id}?fields=id` with its proof), all at
 * once, so that the probes ride beside the debug_token call they go with. A refusal from Meta is
 * kept (inert, cut short) to fail its requirement; a call that could not be answered (after its
 * retries) fails the step, since nothing can be said about the asset then.
 */
export async function probeRequiredAssets(
  ctx: StepContext<'probeAssets' | 'requiredAssets'>,
  token: string,
  step: string
): Promise<ProbeRefusals> {
  const refusals: ProbeRefusals = new Map()
  if (!ctx.config.probeAssets) return refusals
  const ids = [...new Set(ctx.config.requiredAssets.flatMap(requirement => requirement.ids.map(id => id.raw)))]
  const outcomes = await Promise.allSettled(ids.map(id => ctx.graph.readObject(id, token)))
  outcomes.forEach((outcome, index) => {
    if (outcome.status === 'fulfilled') return
    const error = outcome.reason
    if (!(error instanceof GraphError) || error.kind !== 'graph' || isRetryableGraphError(error)) throw graphFailure(step, error)
    refusals.set(ids[index], shortMetaMessage(error))
  })
  return refusals
}

/** Meta's words (already cut short by the Graph client, serverText), one line without workflow commands, with its codes. */
function shortMetaMessage(error: GraphError): string {
  const short = logText(error.graphMessage).trim()
  const codes = [error.code === undefined ? '' : `code ${error.code}`, error.subcode === undefined ? '' : `subcode ${error.subcode}`]
  const details = codes.filter(Boolean).join(', ')
  return details ? `${short} (${details})` : short
}

/** The unmet requirements in one sentence part: "ads_management: act_1 — not among …; pages_show_list — …". */
export function describeUnmet(results: AssetResult[]): string {
  return results
    .filter(result => result.problems.length > 0)
    .map(result => `${result.requirement.line} — ${result.problems.join('; ')}`)
    .join('; ')
}

export function describeDrift(items: DriftItem[]): string {
  return items.map(item => `${item.permission}${item.ids.length > 0 ? ` ${item.ids.join(', ')}` : ''}: ${item.what}`).join('; ')
}

/** The Assets table of the summary and the `missing-assets` output (set whenever requirements were checked). */
export function reportAssets(report: Report, results: AssetResult[], drift?: ScopeDrift): void {
  const lines: AssetLine[] = results.map(result => ({
    permission: result.requirement.permission,
    ids: result.requirement.ids.map(id => id.raw).join(', '),
    result: result.problems.length > 0 ? 'missing' : 'met',
    detail: result.problems.join('; '),
  }))
  for (const [result, items] of [
    ['narrower', drift?.narrower ?? []],
    ['wider', drift?.wider ?? []],
  ] as const) {
    for (const item of items) lines.push({ permission: item.permission, ids: item.ids.join(', '), result, detail: item.what })
  }
  report.assets.push(...lines)
  if (results.length > 0) {
    report.set(
      'missing-assets',
      results
        .filter(result => result.problems.length > 0)
        .map(result => result.requirement.line)
        .join('\n')
    )
  }
}
