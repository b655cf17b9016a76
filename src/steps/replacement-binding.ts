import type { TokenInfo } from '../graph/token-info.ts'
import type { Config } from '../inputs/config.ts'

/** Whether a replacement may stand in for the token it replaces; `warning` when the stored token's answer could not say. */
export interface Binding {
  /** Why it must not, as the end of "…, so it was not stored"; undefined when it may. */
  refusal: string | undefined
  warning: string | undefined
}

/**
 * A replacement is the same identity with at least the same permissions: of `app-id`, of the
 * system user the replaced token belongs to, holding every permission name it held. Where
 * debug_token's answer for the replaced token (dead, in an emergency) carries no `user_id` or no
 * scopes, `system-user-id` and `scope` as given stand in for them, with a warning.
 */
export function bindReplacement(
  config: Pick<Config, 'appId' | 'systemUserId' | 'scopes'>,
  replaced: TokenInfo | undefined,
  replacement: TokenInfo
): Binding {
  const reasons: string[] = []
  const guessed: string[] = []
  if (replacement.appId && replacement.appId !== config.appId)
    reasons.push(`it belongs to app ${replacement.appId}, not to \`app-id\` (${config.appId})`)
  const owner = replaced?.userId ?? config.systemUserId
  if (!replaced?.userId) guessed.push('`system-user-id`')
  if (owner && replacement.userId !== owner) {
    reasons.push(
      `it belongs to system user ${replacement.userId ?? 'unknown'}, not to ${replaced?.userId ? `the replaced token's system user ${owner} (\`system-user-id\` is ${config.systemUserId ?? 'empty'})` : `\`system-user-id\` (${owner})`}`
    )
  }
  const needed = replaced && replaced.scopes.length > 0 ? replaced.scopes : config.scopes
  if (!(replaced && replaced.scopes.length > 0)) guessed.push('`scope`')
  const missing = needed.filter(scope => !replacement.scopes.includes(scope))
  if (missing.length > 0)
    reasons.push(
      `it lacks ${missing.join(', ')}, which the replaced token held (\`scope\` asks for ${config.scopes.join(', ') || 'nothing'})`
    )
  return {
    refusal: reasons.length > 0 ? reasons.join(', and ') : undefined,
    warning:
      guessed.length > 0
        ? `Meta's answer for the replaced token named no ${guessed.length === 2 ? 'system user or permissions' : guessed[0] === '`scope`' ? 'permissions' : 'system user'}: the replacement was bound to ${guessed.join(' and ')} as given.`
        : undefined,
  }
}
