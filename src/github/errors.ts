import { ActionError, describeError } from '../runtime/errors.ts'
import type { SecretTarget } from '../inputs/secret-targets.ts'

/** A GitHub answer (or transport failure) of one request, reduced to what decisions need. */
export class GitHubError extends Error {
  readonly status: number
  readonly headers: Record<string, string | undefined>
  readonly githubMessage: string
  readonly kind: 'http' | 'network' | 'timeout'
  /**
   * Set on the error a request finally fails with: some attempt of it timed out, lost its
   * connection or got a 5xx, so a write may have landed although no answer said so.
   */
  uncertain = false

  constructor(fields: { status: number; headers?: Record<string, string | undefined>; githubMessage: string; kind: GitHubError['kind'] }) {
    super(fields.kind === 'http' ? `GitHub: ${fields.githubMessage} (HTTP ${fields.status})` : `GitHub: ${fields.githubMessage}`)
    this.name = 'GitHubError'
    this.status = fields.status
    this.headers = fields.headers ?? {}
    this.githubMessage = fields.githubMessage
    this.kind = fields.kind
  }

  /** True for an attempt after which the request may have been applied without our knowing. */
  get mayHaveLanded(): boolean {
    return this.kind !== 'http' || this.status >= 500
  }

  get isRateLimit(): boolean {
    if (this.status === 429) return true
    if (this.status !== 403) return false
    return (
      this.headers['x-ratelimit-remaining'] === '0' || this.headers['retry-after'] !== undefined || /rate limit/i.test(this.githubMessage)
    )
  }

  get isImproperlyEncrypted(): boolean {
    return this.status === 422 && /improperly encrypted|key_id/i.test(this.githubMessage)
  }
}

/**
 * How long GitHub asks us to wait after a rate-limit answer: `retry-after` seconds, else the
 * primary limit's reset time, else a minute (GitHub's advice for secondary limits).
 * https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#handle-rate-limit-errors-appropriately
 */
export function rateLimitWaitMs(error: GitHubError, now = Date.now()): number {
  const retryAfter = Number(error.headers['retry-after'])
  if (Number.isFinite(retryAfter) && retryAfter >= 0) return retryAfter * 1000
  const reset = Number(error.headers['x-ratelimit-reset'])
  if (error.headers['x-ratelimit-remaining'] === '0' && Number.isFinite(reset)) return Math.max(0, reset * 1000 - now) + 1000
  return 60_000
}

const NO_GITHUB_TOKEN =
  "The workflow's own GITHUB_TOKEN can never write secrets: pass a GitHub App installation token (actions/create-github-app-token) or a fine-grained PAT as `github-token`."

const PERMISSION_NAMES: Record<string, string> = {
  secrets: '"Secrets" repository permission (read and write)',
  environments: '"Environments" repository permission (read and write)',
  organization_secrets: '"Secrets" organization permission (read and write)',
}

function permissionFor(target: SecretTarget): string {
  if (target.kind === 'environment') return 'environments'
  if (target.kind === 'organization') return 'organization_secrets'
  return 'secrets'
}

/** Turns a permanent GitHub failure on one target into a message that says what to do. */
export function targetError(error: unknown, target: SecretTarget, step: string, doing: string): ActionError {
  if (error instanceof ActionError) return error
  if (!(error instanceof GitHubError)) {
    return new ActionError(step, `${target.label}: could not ${doing}: ${describeError(error)}`)
  }
  const where =
    error.kind === 'http'
      ? `${target.label}: GitHub answered ${error.status} when we tried to ${doing}`
      : `${target.label}: no answer from GitHub (${error.githubMessage}) when we tried to ${doing}`
  if (error.status === 401) {
    return new ActionError(
      step,
      `${where} (bad credentials).`,
      '`github-token` is invalid or expired (GitHub App installation tokens last one hour): mint a fresh one in the same job.'
    )
  }
  if (error.status === 403 && !error.isRateLimit) {
    // The header names what this request needed (read, for a public-key read); writing the
    // secret later needs write, so ask for write from the start.
    const accepted = error.headers['x-accepted-github-permissions']
    const permission = permissionFor(target)
    const needed = `\`${permission}=write\`, the ${PERMISSION_NAMES[permission]}${accepted ? ` (GitHub answered: \`${accepted}\`)` : ''}`
    return new ActionError(
      step,
      `${where}: \`github-token\` is not allowed to (${error.githubMessage}).`,
      `Give the token's GitHub App or fine-grained PAT the missing permission: ${needed}. ${NO_GITHUB_TOKEN}`
    )
  }
  if (error.status === 404) {
    const fix =
      target.kind === 'environment'
        ? `Create the environment "${target.environment}" in ${target.owner}/${target.repo} (Settings → Environments), or check that \`github-token\` can see the repository and has the ${PERMISSION_NAMES.environments}.`
        : target.kind === 'organization'
          ? `Check the organization name and that \`github-token\` has the ${PERMISSION_NAMES.organization_secrets}.`
          : `Check the repository name and that \`github-token\` is installed on it with the ${PERMISSION_NAMES.secrets}. ${NO_GITHUB_TOKEN}`
    return new ActionError(step, `${where} (not found, or not visible to \`github-token\`).`, fix)
  }
  if (error.isRateLimit) {
    return new ActionError(
      step,
      `${where}: rate limited (${error.githubMessage}).`,
      'Run again later; GitHub asked for a longer wait than this run may take.'
    )
  }
  return new ActionError(step, error.kind === 'http' ? `${where}: ${error.githubMessage}.` : `${where}.`)
}
