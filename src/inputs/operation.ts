import { InputError, quote } from '../runtime/errors.ts'
import { type Operation, OPERATIONS } from './catalog.ts'

/**
 * What the action and the reusable workflow's plan step both read, read one way. The workflow's
 * own expressions (`inputs.operation == 'emergency'`, the job's `concurrency` group) compare the
 * input as written, untrimmed: an operation the action would read after trimming, or in another
 * case, would run as one operation while the workflow treats it as another (no admin token
 * passed, the rotation's concurrency group). So only the exact names are accepted.
 */

/** The operation, exactly as written; empty means the default, `rotate`. */
export function parseOperation(raw: string): Operation {
  if (raw === '') return 'rotate'
  const operation = OPERATIONS.find(op => op === raw)
  if (!operation) {
    throw new InputError('operation', `must be exactly one of ${OPERATIONS.join(', ')} (as written, without spaces); got ${quote(raw)}.`)
  }
  return operation
}

/**
 * `org-secret-repositories` entries name repositories of the organization that holds the secret
 * (`name` or `org/name`): the action looks each up in that organization. An entry of another
 * owner (`evil/app`) would be read as `app` by one reader and as `evil/app` by the other, so it is
 * refused. Owners compare case-insensitively, as GitHub's logins do. `orgs`: the organizations
 * of the targets (an entry applies to each).
 */
export function checkOrgRepositories(entries: string[], orgs: string[]): void {
  for (const entry of entries) {
    if (!/^(?:[A-Za-z0-9][A-Za-z0-9-]{0,38}\/)?[A-Za-z0-9._-]{1,100}$/.test(entry) || /(?:^|\/)\.{1,2}$/.test(entry)) {
      throw new InputError('org-secret-repositories', `${quote(entry)} is not a repository name; use \`name\` or \`owner/name\`.`)
    }
    const slash = entry.indexOf('/')
    if (slash < 0) continue
    const owner = entry.slice(0, slash)
    const other = orgs.find(org => org.toLowerCase() !== owner.toLowerCase())
    if (other !== undefined) {
      throw new InputError(
        'org-secret-repositories',
        `${quote(entry)} belongs to ${owner}, not to ${other}, the organization of the secret; list only its repositories (\`name\` or \`${other}/name\`).`
      )
    }
  }
}
