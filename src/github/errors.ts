import { ActionError, describeError } from '../runtime/errors.ts'
import type { SecretTarget } from '../inputs/secret-targets.ts'

/** A GitHub answer (or transport failure) of one request, reduced to what decisions need. */
export class GitHubError extends Error {
  readonly status: number
  readonly headers: Record<string, string | undefined>
  readonly githubMessage: string
  /**
   * `stopped`: never sent, because GitHub asked for a wait beyond the run's deadline, or this
   * run's share of the write limits has no room left before it (see `resumeAt`).
   */
  readonly kind: 'http' | 'network' | 'timeout' | 'stopped'
  /** GitHub's `documentation_url`, made inert. */
  readonly documentationUrl: string | undefined
  /** For `stopped`: when GitHub takes requests again, or the pace has room again (epoch ms). */
  readonly resumeAt: number | undefined
  /**
   * Set on the error a request finally fails with: some attempt of it timed out, lost its
   * connection or got a 5xx, so a write may have landed although no answer said so.
   */
  uncertain = false

  constructor(fields: {
    status: number
    headers?: Record<string, string | undefined>
    githubMessage: string
    kind: GitHubError['kind']
    documentationUrl?: string
    resumeAt?: number
  }) {
    super(fields.kind === 'http' ? `GitHub: ${fields.githubMessage} (HTTP ${fields.status})` : `GitHub: ${fields.githubMessage}`)
    this.name = 'GitHubError'
    this.status = fields.status
    this.headers = fields.headers ?? {}
    this.githubMessage = fields.githubMessage
    this.kind = fields.kind
    this.documentationUrl = fields.documentationUrl
    this.resumeAt = fields.resumeAt
  }

  /** True for an attempt after which the request may have been applied without our knowing. */
  get mayHaveLanded(): boolean {
    return this.kind === 'network' || this.kind === 'timeout' || (this.kind === 'http' && this.status >= 500)
  }

  /**
   * A primary or secondary rate-limit answer (reference/github.md §4): 429, or a 403 that says so
   * by its headers, its documentation link or its words — today's ("secondary rate limit") or
   * the older ("abuse detection mechanism"), with or without `retry-after`. A local stop counts too.
   */
  get isRateLimit(): boolean {
    if (this.kind === 'stopped') return true
    if (this.kind !== 'http') return false
    if (this.status === 429) return true
    if (this.status !== 403) return false
    return (
      this.headers['x-ratelimit-remaining'] === '0' ||
      this.headers['retry-after'] !== undefined ||
      /rate limit|abuse detection|abuse-rate-limits/i.test(this.githubMessage) ||
      /rate-limit|abuse/i.test(this.documentationUrl ?? '')
    )
  }

  get isImproperlyEncrypted(): boolean {
    return this.status === 422 && /improperly encrypted|key_id/i.test(this.githubMessage)
  }
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
    if (error.kind === 'stopped')
      return new ActionError(step, `${target.label}: not sent: ${error.githubMessage}.`, runAgainAfter(error.resumeAt))
    return new ActionError(step, `${where}: rate limited (${error.githubMessage}).`, runAgainAfter(error.resumeAt))
  }
  return new ActionError(step, error.kind === 'http' ? `${where}: ${error.githubMessage}.` : `${where}.`)
}

/** The fix of a run GitHub's limits stopped: when it may run again (the same words for every target). */
export function runAgainAfter(resumeAt: number | undefined): string {
  // Either GitHub asked for the wait (a limit answer) or this run's own pace has no room left
  // before the deadline (src/github/write-pace.ts): the words fit both.
  if (resumeAt === undefined) return "Run again later; GitHub's limits leave this run no room before its deadline."
  return `GitHub's limits leave this run no room before its deadline: run again after ${minuteUtc(resumeAt)}. With several jobs under one GitHub App, lower their number or pass it as \`parallel-jobs\`, so each paces itself to its share.`
}

/** `2026-12-07 14:50 UTC`: the minute at or after `epochMs`. */
export function minuteUtc(epochMs: number): string {
  return new Date(Math.ceil(epochMs / 60_000) * 60_000)
    .toISOString()
    .replace(/:00\.000Z$/, ' UTC')
    .replace('T', ' ')
}

/** GitHub's limits held a request back before it was sent; `until` (epoch ms) is when to run again. */
export class HeldBack extends Error {
  readonly until: number
  constructor(name: string, message: string, until: number) {
    super(message)
    this.name = name
    this.until = until
  }
}
