import { InputError, quote } from '../runtime/errors.ts'
import { DEFAULT_GRAPH_API_VERSION } from '../graph/versions.ts'
import type { Config } from './config.ts'
import type { InputReader } from './rules.ts'
import { baseUrl } from './urls.ts'

/** Where the run talks to: Meta's Graph API (version, URL), GitHub's API and server, how long a request may take, and the run's share of GitHub's limits. */
export function readEndpoints(
  read: InputReader,
  env: NodeJS.ProcessEnv
): Pick<Config, 'graphApiVersion' | 'graphApiUrl' | 'githubApiUrl' | 'githubServerUrl' | 'requestTimeoutMs' | 'parallelJobs'> {
  const graphApiVersion = read('graph-api-version').trim() || DEFAULT_GRAPH_API_VERSION
  if (!/^v\d{1,3}\.\d{1,2}$/.test(graphApiVersion)) {
    throw new InputError('graph-api-version', `must look like ${DEFAULT_GRAPH_API_VERSION}; got ${quote(graphApiVersion)}.`)
  }
  const graphApiUrl = baseUrl(read('graph-api-url').trim() || 'https://graph.facebook.com', 'graph-api-url')
  const githubApiUrl = baseUrl(env.GITHUB_API_URL?.trim() || 'https://api.github.com', 'GITHUB_API_URL')
  const githubServerUrl = baseUrl(env.GITHUB_SERVER_URL?.trim() || 'https://github.com', 'GITHUB_SERVER_URL')

  const timeoutRaw = read('request-timeout-seconds').trim() || '30'
  const timeoutSeconds = Number(timeoutRaw)
  if (!/^\d{1,3}(?:\.\d{1,3})?$/.test(timeoutRaw) || timeoutSeconds < 0.001 || timeoutSeconds > 600) {
    throw new InputError('request-timeout-seconds', `must be a number of seconds from 0.001 to 600 (e.g. 30); got ${quote(timeoutRaw)}.`)
  }
  const jobsRaw = read('parallel-jobs').trim() || '1'
  if (!/^\d{1,3}$/.test(jobsRaw) || Number(jobsRaw) < 1 || Number(jobsRaw) > 80) {
    throw new InputError(
      'parallel-jobs',
      `must be a whole number from 1 to 80 (the jobs that use the same GitHub App at once); got ${quote(jobsRaw)}.`
    )
  }
  return {
    graphApiVersion,
    graphApiUrl,
    githubApiUrl,
    githubServerUrl,
    requestTimeoutMs: Math.round(timeoutSeconds * 1000),
    parallelJobs: Number(jobsRaw),
  }
}
