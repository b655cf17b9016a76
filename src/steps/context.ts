import type { GraphClient } from '../graph/client.ts'
import type { Octokit } from '../github/client.ts'
import type { SecretStore } from '../github/secret-store.ts'
import type { Config } from '../inputs/config.ts'
import type { Report } from '../report/report.ts'

export interface Logger {
  info(message: string): void
  debug(message: string): void
  warning(message: string): void
  /** A phase of the run, shown as a collapsible group in the log. */
  group<T>(name: string, work: () => Promise<T>): Promise<T>
}

/**
 * What every operation gets: its validated inputs (`C`: an operation's ConfigOf, a step's
 * StepContext fields), the two API clients, the log and the report.
 */
export interface OperationContext<C = Config> {
  config: C
  graph: GraphClient
  /** Present when the operation writes a secret (`secret-name` given). */
  store: SecretStore | undefined
  /** The GitHub client the store uses (deploy workflows go through it too). */
  github: Promise<Octokit> | undefined
  /** Between two reads of a deploy run. */
  deployPollMs: number
  log: Logger
  report: Report
}

/** What a shared step gets: the context, with the configuration fields `K` it reads. */
export type StepContext<K extends keyof Config> = OperationContext<Pick<Config, K>>
