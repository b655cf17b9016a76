import { checkOrgRepositories } from './operation.ts'
import { InputError, looksLikeSecret, quote } from '../runtime/errors.ts'
import { CATALOG, type Operation } from './catalog.ts'
import type { Config, OrgVisibility } from './config.ts'
import { holdsSecretValue, type MetaCredentials } from './credentials.ts'
import { type InputReader, requireAtMost, SECRET_NAME } from './rules.ts'
import { parseTargets, splitList, type SecretTarget } from './secret-targets.ts'

const MAX_ORG_REPOSITORIES = 500

function needsSecretWrite(operation: Operation): boolean {
  return CATALOG[operation].writesSecret !== 'never'
}

/** The secret to write; undefined when the operation writes none or the input is empty. */
export function readSecretName(read: InputReader, operation: Operation, meta: MetaCredentials): string | undefined {
  const raw = read('secret-name').trim()
  if (raw !== '') {
    if (!SECRET_NAME.test(raw) || /^GITHUB_/i.test(raw)) {
      throw new InputError(
        'secret-name',
        `${quote(raw)} is not a valid GitHub secret name: use letters, digits and \`_\`, do not start with a digit or \`GITHUB_\` (e.g. META_ACCESS_TOKEN).`
      )
    }
  } else if (CATALOG[operation].writesSecret === 'required') {
    throw new InputError(
      'secret-name',
      `is required for \`${operation}\`: the GitHub secret that holds the token (e.g. META_ACCESS_TOKEN).`
    )
  }
  if (raw !== '' && (holdsSecretValue(raw, meta) || looksLikeSecret(raw))) {
    // A secret's name is visible to everyone with access to the repository's settings.
    throw new InputError(
      'secret-name',
      `${holdsSecretValue(raw, meta) ? 'holds the value of a secret input' : 'looks like a token or key, not a name'}; it must be the secret's name, such as META_ACCESS_TOKEN.`
    )
  }
  return needsSecretWrite(operation) && raw !== '' ? raw : undefined
}

export function readTargets(read: InputReader, env: NodeJS.ProcessEnv, secretName: string | undefined): SecretTarget[] {
  if (secretName) return parseTargets(read('secret-targets'), env.GITHUB_REPOSITORY?.trim() || undefined)
  // Validate the list even when it will not be used, so a typo never hides until later. Only
  // blank and comment lines: no list, as for the writing operations (the calling repository).
  if (splitList(read('secret-targets')).length > 0) parseTargets(read('secret-targets'), undefined)
  return []
}

export function readOrgSecretSettings(read: InputReader, targets: SecretTarget[]): Pick<Config, 'orgVisibility' | 'orgRepositories'> {
  const visibilityRaw = read('org-secret-visibility').trim().toLowerCase()
  if (visibilityRaw !== '' && !['all', 'private', 'selected'].includes(visibilityRaw)) {
    throw new InputError('org-secret-visibility', `must be \`all\`, \`private\` or \`selected\`; got ${quote(visibilityRaw)}.`)
  }
  const orgVisibility = (visibilityRaw || undefined) as OrgVisibility | undefined
  const orgRepositories = splitList(read('org-secret-repositories'))
  requireAtMost('org-secret-repositories', orgRepositories.length, MAX_ORG_REPOSITORIES, 'repositories')
  checkOrgRepositories(
    orgRepositories,
    targets.flatMap(target => (target.kind === 'organization' ? [target.org] : []))
  )
  if (orgVisibility === 'selected' && orgRepositories.length === 0 && targets.some(t => t.kind === 'organization')) {
    throw new InputError(
      'org-secret-repositories',
      'is required when `org-secret-visibility` is `selected`: list the repositories that may use the secret.'
    )
  }
  if (orgRepositories.length > 0 && orgVisibility !== 'selected') {
    throw new InputError('org-secret-visibility', 'must be `selected` when `org-secret-repositories` is given.')
  }
  return { orgVisibility, orgRepositories }
}

/** The record's secret, in the first target; set whenever `secret-name` is. */
export function readPreviousSecretName(
  read: InputReader,
  secretName: string | undefined,
  meta: MetaCredentials,
  recordTokens: string[]
): string | undefined {
  const raw = read('previous-secret-name').trim()
  if (raw !== '' && (holdsSecretValue(raw, meta) || recordTokens.includes(raw) || looksLikeSecret(raw))) {
    throw new InputError(
      'previous-secret-name',
      `${looksLikeSecret(raw) && !holdsSecretValue(raw, meta) ? 'looks like a token or key, not a name' : 'holds the value of a secret input'}; it must be the record secret's name, such as META_ACCESS_TOKEN_PREVIOUS.`
    )
  }
  if (raw !== '' && (!SECRET_NAME.test(raw) || /^GITHUB_/i.test(raw))) {
    throw new InputError('previous-secret-name', `${quote(raw)} is not a valid GitHub secret name (e.g. META_ACCESS_TOKEN_PREVIOUS).`)
  }
  if (raw !== '' && raw.toUpperCase() === secretName?.toUpperCase()) {
    throw new InputError('previous-secret-name', 'must differ from `secret-name`: the record is a second secret beside the token.')
  }
  return secretName ? raw || `${secretName}_PREVIOUS` : undefined
}
