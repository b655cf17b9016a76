import { ActionError } from '../errors.ts'
import { expiryOf } from '../expiry.ts'
import type { TokenInfo } from '../graph/client.ts'
import { GraphError, fixForGraphError } from '../graph/errors.ts'
import type { PreparedTarget } from '../github/secret-store.ts'
import type { OperationContext } from './context.ts'

/** Wraps a failed Graph call into an error that names the step and says what to do. */
export function graphFailure(step: string, error: unknown): ActionError {
  if (error instanceof ActionError) return error
  if (error instanceof GraphError) return new ActionError(step, error.message, fixForGraphError(error))
  return new ActionError(step, error instanceof Error ? error.message : String(error))
}

/**
 * debug_token, called as the app. A top-level error here is about the caller (the app token),
 * so it means `app-id` or `app-secret` is wrong, not the token under inspection.
 */
export async function inspect(ctx: OperationContext, token: string, step: string): Promise<TokenInfo> {
  try {
    return await ctx.graph.debugToken(token)
  } catch (error) {
    if (error instanceof GraphError && error.kind === 'graph' && (error.code === 190 || error.code === 101 || error.code === 1)) {
      return Promise.reject(new ActionError(step, `${error.message}.`, 'Meta rejected the app credentials: check that `app-id` and `app-secret` belong to the same app (App settings → Basic).'))
    }
    throw graphFailure(step, error)
  }
}

/** Fails unless debug_token says the token is valid. */
export function requireValid(info: TokenInfo, input: string, step: string): void {
  if (info.isValid) return
  const reason = info.error?.message ? `: ${info.error.message}` : ''
  const expired = info.error?.subcode === 463 || (info.expiresAt !== undefined && info.expiresAt > 0 && info.expiresAt * 1000 < Date.now())
  throw new ActionError(
    step,
    `The token in \`${input}\` is not valid${reason}${info.error?.code ? ` (code ${info.error.code}${info.error.subcode ? `, subcode ${info.error.subcode}` : ''})` : ''}.`,
    expired
      ? 'An expired token cannot be refreshed: create a new one with `operation: generate` (expiring: true) and store it.'
      : 'The token is revoked or invalid: create a new one with `operation: generate` (expiring: true) and store it.'
  )
}

/** Fails when the token's app is not `app-id`: Meta would refuse to refresh or revoke it. */
export function requireSameApp(ctx: OperationContext, info: TokenInfo, input: string, step: string): void {
  if (info.appId && info.appId !== ctx.config.appId) {
    throw new ActionError(
      step,
      `The token in \`${input}\` belongs to app ${info.appId}, not to \`app-id\` ${ctx.config.appId}.`,
      'Use the app id and secret of the app that issued the token (debug_token shows it), or generate a token with your own app.'
    )
  }
}

/**
 * Reads every target's public key (and organization settings). Records each result; returns
 * the prepared targets and the failures.
 */
export async function preflightTargets(ctx: OperationContext): Promise<{ prepared: PreparedTarget[]; failures: ActionError[] }> {
  if (!ctx.store) return { prepared: [], failures: [] }
  const results = await ctx.store.preflight(ctx.config.targets)
  const prepared: PreparedTarget[] = []
  const failures: ActionError[] = []
  for (const result of results) {
    if (result.ok) {
      prepared.push(result.prepared)
      ctx.report.target(result.target.label, 'ready')
    } else {
      failures.push(result.error)
      ctx.report.target(result.target.label, 'unwritable', result.error.message)
    }
  }
  return { prepared, failures }
}

/** A failed preflight stops the run before Meta is asked for anything that changes state. */
export function preflightError(failures: ActionError[]): ActionError {
  const fixes = [...new Set(failures.map(f => f.fix).filter(Boolean))]
  return new ActionError(
    'check secret targets',
    `${failures.length === 1 ? 'A secret target is' : `${failures.length} secret targets are`} not writable, so nothing was changed at Meta: ${failures.map(f => f.message).join(' ')}`,
    fixes.join(' ') || undefined
  )
}

/** Renew only when due: `renew-before-days` says how close to expiry that is. */
export function renewalDue(ctx: OperationContext, info: TokenInfo): boolean {
  const { renewBeforeDays } = ctx.config
  if (renewBeforeDays === undefined || info.expiresAt === undefined || info.expiresAt === 0) return true
  const days = expiryOf(info.expiresAt).daysRemaining ?? 0
  return days <= renewBeforeDays
}

/** Writes the token to every prepared target and records the results. */
export async function writeTargets(ctx: OperationContext, prepared: PreparedTarget[], token: string): Promise<{ written: PreparedTarget[]; failures: ActionError[] }> {
  if (!ctx.store || prepared.length === 0) return { written: [], failures: [] }
  ctx.log.info(`Writing ${ctx.store.secretName} to ${prepared.map(item => item.target.label).join(', ')}…`)
  const results = await ctx.store.writeAll(prepared, token)
  const written: PreparedTarget[] = []
  const failures: ActionError[] = []
  results.forEach((result, index) => {
    if (result.ok) {
      written.push(prepared[index])
      ctx.report.target(result.target.label, result.created ? 'created' : 'updated')
    } else {
      failures.push(result.error)
      ctx.report.target(result.target.label, 'failed', result.error.message)
    }
  })
  return { written, failures }
}

export function neverExpiresWarning(input: string): string {
  return `The token in \`${input}\` never expires, so there is nothing to refresh. A leaked never-expiring token stays usable forever: replace it with a 60-day token (\`operation: generate\` with \`expiring: true\`), then revoke this one.`
}
