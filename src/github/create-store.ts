import type { Fetch } from '../http.ts'
import type { Config } from '../inputs.ts'
import type { Deadline } from '../retry.ts'
import type { Timing } from '../timing.ts'
import { GitHubApi } from './api.ts'
import type { GitHubError } from './errors.ts'
import { SecretStore } from './secret-store.ts'

/** The secret store for a run that writes `secret-name` (libsodium loads only when there is something to seal). */
export function createSecretStore(
  config: Config & { secretName: string; githubToken: string },
  timing: Timing,
  deadline: Deadline,
  fetch: Fetch,
  onRetry: (route: string, error: GitHubError, waitMs: number) => void
): SecretStore {
  const api = new GitHubApi({ token: config.githubToken, baseUrl: config.githubApiUrl, requestTimeoutMs: config.requestTimeoutMs, timing, deadline, fetch, onRetry })
  return new SecretStore({ api, secretName: config.secretName, orgVisibility: config.orgVisibility, orgRepositories: config.orgRepositories })
}
