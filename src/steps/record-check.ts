import { ActionError } from '../runtime/errors.ts'
import type { StepContext } from './context.ts'

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
export function unreadRecord(
  ctx: StepContext<'previousSecretName' | 'previousTokenGiven' | 'revokeOld' | 'targets'>,
  doing: 'Rotating' | 'Retiring' = 'Rotating'
): Promise<ActionError | undefined> {
  const { config, store } = ctx
  const first = config.targets[0]
  const name = config.previousSecretName
  const keepsRecord = doing === 'Retiring' || config.revokeOld !== 'false'
  if (!store || !first || !name || !keepsRecord || config.previousTokenGiven) return Promise.resolve(undefined)
  return store.exists(first, name).then(
    exists =>
      exists
        ? new ActionError(
            'check the previous-token record',
            `${name}, the previous-token record, exists in ${first.label}, but \`previous-token\` arrived empty: the workflow running this ${doing === 'Rotating' ? 'rotation' : 'retire'} cannot read that target's secrets, or does not pass the record. ${doing} now would ${doing === 'Rotating' ? 'overwrite' : 'delete'} the record and leave the tokens it holds valid and untracked, so nothing was changed.`,
            `Run the ${doing === 'Rotating' ? 'rotation' : 'retire'} in the repository that holds the record (for an environment target, in a job with \`environment: ${first.kind === 'environment' ? first.environment : 'NAME'}\`; an organization secret must be visible to the repository running it) and pass \`previous-token: \${{ secrets.${name} }}\` (the reusable workflow: the secret \`meta-previous-token\`). Or put first in \`secret-targets\` the target whose secrets the rotating workflow reads.`
          )
        : undefined,
    (error: unknown) => (error instanceof ActionError ? error : new ActionError('check the previous-token record', String(error)))
  )
}
