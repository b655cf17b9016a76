import type { PreparedTarget } from '../../github/secret-store.ts'
import { GraphError } from '../../graph/errors.ts'
import type { CheckRow } from '../../report/report.ts'
import { describeError } from '../../runtime/errors.ts'
import type { DoctorContext } from './context.ts'
import { mintFailure } from '../mint-failure.ts'
import { TokenRecord } from '../previous-tokens.ts'
import { bindReplacement } from '../replacement-binding.ts'
import { verifyNewToken } from '../verify.ts'
import type { Inspected } from './meta-checks.ts'
import { fail, pass } from './rows.ts'

const CHECK = 'the drill'

/**
 * The emergency's replacement for real: generated exactly as an emergency would (a 60-day token
 * for `system-user-id` with `scope`, as the admin token; never retried, since a lost answer would
 * leave a token nobody saw), verified as a replacement of the stored token, revoked at once,
 * stored nowhere. A drill token that cannot be revoked goes into the previous-token record.
 */
export async function drillRows(
  ctx: DoctorContext,
  stored: Promise<Inspected>,
  targets: Promise<{ prepared: PreparedTarget[] }>
): Promise<CheckRow[]> {
  const { config } = ctx
  const missing = (['admin-token', 'system-user-id', 'scope'] as const).find(
    input =>
      (input === 'admin-token' ? !config.adminToken : input === 'system-user-id' ? !config.systemUserId : config.scopes.length === 0) ||
      config.replacementProblems[input as 'scope']
  )
  if (missing || !config.adminToken || !config.systemUserId) {
    return [
      fail(
        CHECK,
        missing ?? 'admin-token',
        `The drill needs \`admin-token\`, \`system-user-id\` and \`scope\`; \`${missing ?? 'admin-token'}\` is missing or not valid, so no replacement was generated.`,
        `Set \`${missing ?? 'admin-token'}\``
      ),
    ]
  }
  const started = Date.now()
  let token: string
  try {
    token = await ctx.graph.generateSystemUserToken(config.systemUserId, config.scopes, true, config.adminToken, { retry: false })
  } catch (error) {
    const failure = mintFailure(config, error)
    return [
      fail(
        CHECK,
        mintedInput(error),
        `Meta refused to generate the replacement: ${failure.message}`,
        failure.fix ?? 'Fix the input named',
        mintedInput(error)
      ),
    ]
  }
  const verdict = await verifyAsReplacement(ctx, token, stored)
  const revoked = await revokeDrillToken(ctx, token)
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  if (!revoked) return [await recordUnrevoked(ctx, token, targets, verdict)]
  if (verdict)
    return [fail(CHECK, verdict.input, `Meta generated a replacement, but ${verdict.reason}; it was revoked.`, verdict.fix, verdict.input)]
  return [pass(CHECK, 'admin-token', `A replacement was generated, verified as one and revoked in ${seconds} s.`)]
}

/** Meta's answer to a mint names an input: 3962 the scope, a permissions error or an unknown node the system user. */
function mintedInput(error: unknown): string {
  if (!(error instanceof GraphError)) return 'admin-token'
  if (error.code === 3962) return 'scope'
  if (error.code === 200 || error.code === 10 || (error.code === 100 && error.subcode === 33)) return 'system-user-id'
  if (error.code === 190 || error.code === 102) return 'admin-token'
  return 'admin-token'
}

interface Refusal {
  input: string
  reason: string
  fix: string
}

async function verifyAsReplacement(ctx: DoctorContext, token: string, stored: Promise<Inspected>): Promise<Refusal | undefined> {
  try {
    const [verification, { info }] = await Promise.all([verifyNewToken(ctx, token, 'verify the drill token'), stored])
    if (verification.refusal)
      return { input: 'required-assets', reason: verification.refusal, fix: verification.fix ?? 'Fix what is named' }
    const binding = bindReplacement(ctx.config, info, verification.info)
    if (binding.warning) ctx.report.warnings.push(binding.warning)
    if (binding.refusal)
      return {
        input: binding.refusal.includes('system user') ? 'system-user-id' : 'scope',
        reason: binding.refusal,
        fix: "Set `system-user-id` and `scope` to the stored token's system user and permissions",
      }
    return undefined
  } catch (error) {
    return { input: 'app-secret', reason: `Meta could not be asked to confirm it (${describeError(error)})`, fix: 'Run the drill again' }
  }
}

/** Revoked as itself; a failed revoke is asked whether the token is dead all the same. */
async function revokeDrillToken(ctx: DoctorContext, token: string): Promise<boolean> {
  try {
    await ctx.graph.revoke(token, token)
    return true
  } catch {
    const info = await ctx.graph.debugToken(token).catch(() => undefined)
    return info !== undefined && !info.isValid
  }
}

/** The only write a doctor makes: a drill token it could not revoke joins the record, and the run fails. */
async function recordUnrevoked(
  ctx: DoctorContext,
  token: string,
  targets: Promise<{ prepared: PreparedTarget[] }>,
  verdict: Refusal | undefined
): Promise<CheckRow> {
  const { config } = ctx
  const first = (await targets).prepared.find(item => item.target === config.targets[0])
  const byHand =
    'Revoke it by hand (Business settings → Users → System users → the system user → Revoke tokens), or let it expire in 60 days.'
  const why = verdict ? ` (it was refused as a replacement: ${verdict.reason})` : ''
  if (!first || !config.previousSecretName) {
    return fail(CHECK, 'admin-token', `The drill token could not be revoked${why}, and no record target could take it.`, byHand)
  }
  try {
    await new TokenRecord(ctx, first, config.previousSecretName, config.previousTokens).save(
      [...config.previousTokens, token],
      'record the drill token'
    )
  } catch (error) {
    return fail(CHECK, 'admin-token', `The drill token could not be revoked${why}, nor recorded: ${describeError(error)}`, byHand)
  }
  return fail(
    CHECK,
    config.previousSecretName,
    `The drill token could not be revoked${why}: it is in the previous-token record ${config.previousSecretName}, so the next rotation or a retire revokes it.`,
    'Run `operation: retire`, or wait for the next rotation'
  )
}
