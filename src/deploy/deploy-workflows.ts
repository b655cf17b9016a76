import { InputError, quote } from '../runtime/errors.ts'
import { parseRepository, requireAtMost } from '../inputs/rules.ts'

/** A consumer's deploy workflow: `owner/repo/.github/workflows/FILE.yml@REF`. */
export interface DeployWorkflow {
  owner: string
  repo: string
  file: string
  ref: string
  label: string
}

/** Deploy workflows one rotation dispatches and follows. */
export const MAX_DEPLOY_WORKFLOWS = 20

const FORM = /^([^/\s]+\/[^/\s]+)\/\.github\/workflows\/([A-Za-z0-9._-]+\.ya?ml)@(\S+)$/

/** `deploy-workflows`: one a line; blank and `#` lines dropped; duplicates (case-insensitive) collapse. */
export function parseDeployWorkflows(raw: string): DeployWorkflow[] {
  const workflows: DeployWorkflow[] = []
  const lines = raw.split(/\r\n|[\r\n]/).map(item => item.trim())
  requireAtMost('deploy-workflows', lines.filter(line => line !== '' && !line.startsWith('#')).length, MAX_DEPLOY_WORKFLOWS, 'workflows')
  for (const line of lines) {
    if (line === '' || line.startsWith('#')) continue
    const match = FORM.exec(line)
    const repository = match && parseRepository(match[1])
    // A ref with what git forbids in ref names (FORM already refuses whitespace and control characters).
    if (!match || !repository || /[~^:?*[\\]|\.\.|@\{/.test(match[3])) {
      throw new InputError(
        'deploy-workflows',
        `${quote(line)} is not a workflow; expected \`owner/repo/.github/workflows/FILE.yml@REF\`, one a line.`
      )
    }
    const label = `${repository.owner}/${repository.repo}/.github/workflows/${match[2]}@${match[3]}`
    if (workflows.some(w => w.label.toLowerCase() === label.toLowerCase())) continue
    workflows.push({ ...repository, file: match[2], ref: match[3], label })
  }
  return workflows
}

/** `deploy-timeout-minutes`: up to 45 (an App installation token lasts an hour, and the record must be written after). */
export function parseDeployTimeout(raw: string): number {
  const text = raw.trim() || '30'
  const minutes = Number(text)
  if (!/^\d{1,2}(?:\.\d{1,3})?$/.test(text) || minutes <= 0 || minutes > 45) {
    throw new InputError('deploy-timeout-minutes', `must be a number of minutes above 0 and at most 45 (e.g. 30); got ${quote(text)}.`)
  }
  return Math.round(minutes * 60_000)
}
