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

/** What a permission reaches: every asset, these asset keys, or nothing Meta said clearly enough to rely on. */
type Targets = 'all' | 'unknown' | Set<string>

/**
 * The assets each permission reaches, read once per answer (bounded work however many entries
 * and ids it has): `all` when an entry shows no targets ("If permission applies to all, targets
 * will not be shown"), the ids listed otherwise; several entries for one permission combine to
 * the most restrictive (an entry of unknown shape wins). A permission that granular_scopes does
 * not mention reaches no listed asset: the requirement check and the drift check read it alike.
 */
const reachCache = new WeakMap<TokenInfo, Map<string, Targets>>()
function reachOf(info: TokenInfo): Map<string, Targets> {
  const cached = reachCache.get(info)
  if (cached) return cached
  const reach = new Map<string, Targets>()
  for (const entry of info.granularScopes) {
    const targets: Targets =
      entry.targetIds === undefined ? 'all' : entry.targetIds === 'unknown' ? 'unknown' : new Set(entry.targetIds.map(assetKey))
    reach.set(entry.scope, narrowest(reach.get(entry.scope), targets))
  }
  reachCache.set(info, reach)
  return reach
}

function narrowest(before: Targets | undefined, next: Targets): Targets {
  if (before === undefined || before === 'all') return next
  if (before === 'unknown' || next === 'unknown') return 'unknown'
  if (next === 'all') return before
  return new Set([...before].filter(id => next.has(id)))
}

function targetsOf(info: TokenInfo, permission: string): Targets {
  return reachOf(info).get(permission) ?? new Set()
}

/**
 * Met when the token holds the permission (`scopes`) and, for a requirement with ids, reaches
 * each with it: its granular_scopes entry shows no targets, or lists each id. An answer of
 * unknown shape meets no requirement with ids. A probe Meta refused fails its requirement
 * whatever the scopes say.
 */
export function checkRequirements(info: TokenInfo, requirements: AssetRequirement[], refusals: ProbeRefusals): AssetResult[] {
  const scopes = new Set(info.scopes)
  return requirements.map(requirement => {
    const problems: string[] = []
    if (!scopes.has(requirement.permission)) {
      problems.push('the token does not hold the permission')
    } else if (requirement.ids.length > 0) {
      const targets = targetsOf(info, requirement.permission)
      if (targets === 'unknown') {
        problems.push("Meta's answer does not say clearly which assets the token reaches with it")
      } else if (targets instanceof Set) {
        const unreached = requirement.ids.filter(id => !targets.has(id.key)).map(id => id.raw)
        if (unreached.length > 0) problems.push(`not among the assets the token reaches with it: ${unreached.join(', ')}`)
      }
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
  const before = new Set(old.scopes)
  const after = new Set(fresh.scopes)
  for (const permission of before) {
    if (!after.has(permission)) drift.narrower.push({ permission, ids: [], what: 'permission lost' })
  }
  for (const permission of after) {
    if (!before.has(permission)) {
      drift.wider.push({ permission, ids: [], what: 'permission added' })
      continue
    }
    const was = targetsOf(old, permission)
    const is = targetsOf(fresh, permission)
    if (is === 'unknown') {
      // Fail closed: nothing shows that the new token reaches what the old one did.
      if (was !== 'unknown')
        drift.narrower.push({ permission, ids: [], what: "Meta's answer no longer says clearly which assets it reaches" })
    } else if (was === 'unknown' || (was === 'all' && is === 'all')) {
      continue
    } else if (was === 'all' && is instanceof Set) {
      drift.narrower.push({ permission, ids: [...is], what: 'every asset before, now only the assets listed' })
    } else if (was instanceof Set && is === 'all') {
      drift.wider.push({ permission, ids: [], what: 'now every asset' })
    } else if (was instanceof Set && is instanceof Set) {
      const lost = [...was].filter(id => !is.has(id))
      const gained = [...is].filter(id => !was.has(id))
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

/** Ids and drift items named in one message or summary cell; the rest are counted (a hostile answer may list thousands). */
const MAX_LISTED = 10

/** `items` joined, at most MAX_LISTED of them, then how many more. */
function listed(items: string[], separator: string): string {
  const shown = items.slice(0, MAX_LISTED).join(separator)
  return items.length > MAX_LISTED ? `${shown}${separator}and ${items.length - MAX_LISTED} more` : shown
}

export function describeDrift(items: DriftItem[]): string {
  return listed(
    items.map(item => `${item.permission}${item.ids.length > 0 ? ` ${listed(item.ids, ', ')}` : ''}: ${item.what}`),
    '; '
  )
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
    for (const item of items.slice(0, MAX_LISTED))
      lines.push({ permission: item.permission, ids: listed(item.ids, ', '), result, detail: item.what })
    if (items.length > MAX_LISTED) lines.push({ permission: `and ${items.length - MAX_LISTED} more`, ids: '', result, detail: '' })
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
