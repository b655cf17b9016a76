import type { DeployWorkflow } from '../deploy/deploy-workflows.ts'
import type { Operation } from './catalog.ts'
import type { InputError } from '../runtime/errors.ts'
import type { RecordLines } from './record.ts'
import type { AssetRequirement } from './required-assets.ts'
import type { SecretTarget } from './secret-targets.ts'

export type OrgVisibility = 'all' | 'private' | 'selected'
/** `true`: revoke the old token in this run; `deferred`: in the next one; `false`: never (no record). */
export type RevokeOld = 'true' | 'false' | 'deferred'
/** What is wrong with a replacement setting, by input. */
export type ReplacementProblems = Partial<Record<'system-user-id' | 'scope', string>>

/**
 * Every input as validated, whatever the operation: what parseConfig reads. An operation gets
 * only its own fields of it, typed for it (ConfigOf in catalog.ts).
 */
export interface Config {
  operation: Operation
  appId: string
  appSecret: string
  accessToken: string
  revokeToken: string
  /**
   * The admin system user token: `generate` and `install-app` call as it (`admin-token`, or
   * `access-token` as before); `emergency` generates the replacement with it (`admin-token` only).
   */
  adminToken: string | undefined
  /** The input the admin token came from, for messages. */
  adminTokenInput: 'admin-token' | 'access-token'
  systemUserId: string | undefined
  scopes: string[]
  expiring: boolean
  /** Empty: write no secret. */
  secretName: string | undefined
  targets: SecretTarget[]
  orgVisibility: OrgVisibility | undefined
  orgRepositories: string[]
  githubToken: string | undefined
  renewBeforeDays: number | undefined
  minDaysRemaining: number
  revokeOld: RevokeOld
  /** The tokens of the previous-token record (never `access-token`). */
  previousTokens: string[]
  /** The record as read: line numbers of its tokens, and the lines kept as they are (record.ts). */
  recordLines: RecordLines
  /** Whether `previous-token` held anything: empty while the record exists means the workflow cannot read it. */
  previousTokenGiven: boolean
  /** The record's secret, in the first target; set whenever `secret-name` is. */
  previousSecretName: string | undefined
  /**
   * emergency: why no replacement can be generated although `admin-token` is given (a missing or
   * bad `system-user-id` or `scope`). Reported after the revocations: it never delays them.
   */
  replacementProblem: string | undefined
  /**
   * emergency: the inputs besides those its revokes need that are missing or malformed (an
   * unknown input too), reported after the revokes: none of them delays them (catalog revokesFirst).
   */
  deferredProblems: InputError[]
  /** emergency, doctor: what is wrong with `system-user-id` and `scope`, by input (whether or not `admin-token` is given). */
  replacementProblems: ReplacementProblems
  /** rotate: the consumers to redeploy between storing the new token and revoking the old one; emergency: after storing the replacement. */
  deployWorkflows: DeployWorkflow[]
  deployTimeoutMs: number
  dryRun: boolean
  /** doctor: also generate the emergency's replacement for real, verify it and revoke it at once. */
  drill: boolean
  graphApiVersion: string
  graphApiUrl: string
  githubApiUrl: string
  /** Where run pages live (GITHUB_SERVER_URL): the only links the summary may carry point there. */
  githubServerUrl: string
  requestTimeoutMs: number
  /** `parallel-jobs`: jobs using the same GitHub App at once; this run takes 1/n of GitHub's limits. */
  parallelJobs: number
  /** What the token must reach (`required-assets`); checked by `check` and by the verify step of every new token. */
  requiredAssets: AssetRequirement[]
  /** `probe-assets`: also ask Meta for each required id with the token (`GET /{id}`). */
  probeAssets: boolean
}
