import { ActionError } from '../runtime/errors.ts'
import { recordHeader } from '../inputs/record.ts'
import type { StepContext } from './context.ts'

type RecordCheckContext = StepContext<
  'previousSecretName' | 'previousTokenGiven' | 'revokeOld' | 'targets' | 'recordLines' | 'previousTokens' | 'appId'
>

/**
 * A record that exists but arrived empty. The record lives in the first target; a workflow that
 * cannot read that target's secrets (a central repository rotating into another one, a job
 * outside the record's environment, an organization secret not visible to the repository) gets
 * an empty `previous-token`. Rotating then would overwrite the record (retiring would delete it)
 * and leave the tokens it held valid and untracked, so `rotate` and `retire` ask GitHub whether the record exists — its metadata
 * (name and dates, never the value) is readable with the token that writes it.
 *
 * Started beside the preflight; resolves to the error to fail with, or undefined. Never rejects.
 */
export function unreadRecord(ctx: RecordCheckContext, doing: 'Rotating' | 'Retiring' = 'Rotating'): Promise<ActionError | undefined> {
  const { config, store } = ctx
  const first = config.targets[0]
  const name = config.previousSecretName
  const keepsRecord = doing === 'Retiring' || config.revokeOld !== 'false'
  // A record written by this action names itself on its first line: nothing to ask.
  const namesItself = config.previousTokenGiven && config.recordLines.names.includes(name ?? '')
  if (!store || !first || !name || !keepsRecord || namesItself) return Promise.resolve(undefined)
  return store.exists(first, name).then(
    async exists => {
      if (!exists) return undefined
      if (config.previousTokenGiven) return (await holdsTokenOfThisApp(ctx)) ? undefined : notARecord(ctx, doing)
      return new ActionError(
        'check the previous-token record',
        `${name}, the previous-token record, exists in ${first.label}, but \`previous-token\` arrived empty: the workflow running this ${doing === 'Rotating' ? 'rotation' : 'retire'} cannot read that target's secrets, or does not pass the record. ${doing} now would ${doing === 'Rotating' ? 'overwrite' : 'delete'} the record and leave the tokens it holds valid and untracked, so nothing was changed.`,
        `Run the ${doing === 'Rotating' ? 'rotation' : 'retire'} in the repository that holds the record (for an environment target, in a job with \`environment: ${first.kind === 'environment' ? first.environment : 'NAME'}\`; an organization secret must be visible to the repository running it) and pass \`previous-token: \${{ secrets.${name} }}\` (the reusable workflow: the secret \`meta-previous-token\`). Or put first in \`secret-targets\` the target whose secrets the rotating workflow reads.`
      )
    },
    (error: unknown) => (error instanceof ActionError ? error : new ActionError('check the previous-token record', String(error)))
  )
}

/**
 * Whether a passed record without its header (one written before the header existed) holds a
 * token of this app: debug_token names the app even of a token that no longer works. A value
 * that is no record — the app secret, another credential — holds none.
 */
async function holdsTokenOfThisApp(ctx: RecordCheckContext): Promise<boolean> {
  // `access-token` is this app's (checked before any change): a record holding it is a record.
  if (ctx.config.recordLines.holdsAccessToken) return true
  const answers = await Promise.all(
    ctx.config.previousTokens.map(token =>
      ctx.graph.debugToken(token).then(
        info => info.appId === ctx.config.appId,
        () => false
      )
    )
  )
  return answers.includes(true)
}

function notARecord(ctx: RecordCheckContext, doing: 'Rotating' | 'Retiring'): ActionError {
  const name = ctx.config.previousSecretName ?? ''
  return new ActionError(
    'check the previous-token record',
    `Input \`previous-secret-name\`: ${name} exists in ${ctx.config.targets[0].label} but is not a previous-token record: the value passed as \`previous-token\` does not begin with the record's own first line (\`${recordHeader(name)}\`) and holds no token of app ${ctx.config.appId}. ${doing} now would ${doing === 'Rotating' ? 'overwrite' : 'delete'} that secret, so nothing was changed.`,
    `Set \`previous-secret-name\` to a secret of its own (the default is \`<secret-name>_PREVIOUS\`) and pass that secret as \`previous-token\`; never the name of another credential such as the app secret.`
  )
}
