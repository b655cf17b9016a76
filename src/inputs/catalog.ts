import type { Config } from './config.ts'

/**
 * What an operation is, for everything that must know: the input rules (inputs.ts), the plan
 * action (what the GitHub App token needs), the alert (what a run's outcome means) and the
 * configuration each operation gets. Adding an operation is one entry here and its module in
 * src/operations/ (wired in main.ts's HANDLERS).
 */
export interface OperationFacts {
  /**
   * The admin system user token: the operation calls Meta as it, uses it for a replacement,
   * checks it and the replacement's settings (`system-user-id`, `scope`) without failing on them
   * at input time, or does not use it.
   */
  adminToken: 'calls as it' | 'generates the replacement' | 'checks the replacement' | 'unused'
  /**
   * Whether the operation writes the GitHub secret `secret-name` (`required`: it cannot run
   * without one); `reads it`: it reads the secret's targets and record and writes no token there.
   */
  writesSecret: 'required' | 'optional' | 'reads it' | 'never'
  /** Inputs that must be given (besides the credentials). */
  needs: ReadonlyArray<'system-user-id' | 'scope'>
  /** Whether `deploy-workflows` may be given: the deploys run after the new token is stored. */
  takesDeploys: boolean
  /** Whether a success stores a new token: such a run closes the alert's `write` issues. */
  storesNewToken: boolean
  /** Whether it replaces the stored token with one Meta renews or generates, leaving the old one working when it fails. */
  rotates: boolean
  /** Whether its `is-valid` output describes the stored token. */
  inspectsStored: boolean
  /** The configuration fields the operation reads: its `ctx.config` holds these alone. */
  fields: ReadonlyArray<keyof Config>
}

const RENEWAL_FIELDS = [
  'appId',
  'accessToken',
  'secretName',
  'targets',
  'renewBeforeDays',
  'previousTokens',
  'deployWorkflows',
  'dryRun',
  'requiredAssets',
  'probeAssets',
] as const

const RECORD_FIELDS = ['previousSecretName', 'previousTokenGiven', 'recordLines', 'revokeOld'] as const

/** The facts of an operation that only reads: each entry below overrides what differs. */
const READS_ONLY = {
  adminToken: 'unused',
  writesSecret: 'never',
  needs: [],
  takesDeploys: false,
  storesNewToken: false,
  rotates: false,
  inspectsStored: false,
} as const

export const CATALOG = {
  rotate: {
    ...READS_ONLY,
    writesSecret: 'required',
    takesDeploys: true,
    storesNewToken: true,
    rotates: true,
    inspectsStored: true,
    fields: [...RENEWAL_FIELDS, ...RECORD_FIELDS, 'deployTimeoutMs', 'githubServerUrl'],
  },
  refresh: {
    ...READS_ONLY,
    writesSecret: 'optional',
    storesNewToken: true,
    rotates: true,
    inspectsStored: true,
    fields: RENEWAL_FIELDS,
  },
  check: {
    ...READS_ONLY,
    inspectsStored: true,
    fields: ['appId', 'accessToken', 'minDaysRemaining', 'requiredAssets', 'probeAssets'],
  },
  doctor: {
    ...READS_ONLY,
    adminToken: 'checks the replacement',
    writesSecret: 'reads it',
    takesDeploys: true,
    fields: [
      'appId',
      'accessToken',
      'adminToken',
      'systemUserId',
      'scopes',
      'replacementProblems',
      'expiring',
      'minDaysRemaining',
      'secretName',
      'targets',
      'previousTokens',
      'deployWorkflows',
      'drill',
      'requiredAssets',
      'probeAssets',
      ...RECORD_FIELDS,
    ],
  },
  revoke: {
    ...READS_ONLY,
    fields: ['appId', 'accessToken', 'revokeToken', 'dryRun'],
  },
  retire: {
    ...READS_ONLY,
    writesSecret: 'optional',
    fields: ['appId', 'accessToken', 'targets', 'previousTokens', 'dryRun', ...RECORD_FIELDS],
  },
  generate: {
    ...READS_ONLY,
    adminToken: 'calls as it',
    writesSecret: 'optional',
    needs: ['system-user-id', 'scope'],
    storesNewToken: true,
    rotates: true,
    fields: [
      'appId',
      'accessToken',
      'adminToken',
      'adminTokenInput',
      'systemUserId',
      'scopes',
      'expiring',
      'targets',
      'dryRun',
      'requiredAssets',
      'probeAssets',
    ],
  },
  'install-app': {
    ...READS_ONLY,
    adminToken: 'calls as it',
    needs: ['system-user-id'],
    fields: ['appId', 'adminToken', 'adminTokenInput', 'systemUserId', 'dryRun'],
  },
  emergency: {
    ...READS_ONLY,
    adminToken: 'generates the replacement',
    writesSecret: 'optional',
    takesDeploys: true,
    storesNewToken: true,
    // Every field for now: src/operations/emergency.ts reads the whole configuration.
    fields: [],
  },
} as const satisfies Record<string, OperationFacts>

export type Operation = keyof typeof CATALOG
export const OPERATIONS = Object.keys(CATALOG) as Operation[]

/** The catalog's entry of a name from outside (the plan's and the alert's inputs), if it is an operation. */
export function factsOf(name: string): OperationFacts | undefined {
  return Object.hasOwn(CATALOG, name) ? CATALOG[name as Operation] : undefined
}

/** Whether the operation is given the emergency's replacement settings (`admin-token`, `system-user-id`, `scope`) to use or to check. */
export function takesReplacement(operation: Operation): boolean {
  const { adminToken } = CATALOG[operation]
  return adminToken === 'generates the replacement' || adminToken === 'checks the replacement'
}

/**
 * The emergency: only what its revokes need (`meta-app-id`, `app-secret`, `access-token`,
 * `previous-token`, the Graph URL and version, `dry-run`) is checked before them; every other
 * input found missing or malformed is reported after them (Config.deferredProblems).
 */
export function revokesFirst(operation: Operation): boolean {
  return CATALOG[operation].adminToken === 'generates the replacement'
}

/** Whether the operation writes `secret-name` when it is given. */
export function writesSecret(facts: OperationFacts): boolean {
  return facts.writesSecret === 'required' || facts.writesSecret === 'optional'
}

/** The names of the operations whose facts pass `test`. */
export function operationsWhere(test: (facts: OperationFacts) => boolean): Set<string> {
  return new Set(OPERATIONS.filter(operation => test(CATALOG[operation])))
}

/** What an operation whose admin token calls Meta knows for sure: the token and the system user. */
interface AdminCall {
  adminToken: string
  systemUserId: string
}

/** The configuration one operation gets: its catalog fields, typed for it. */
export type ConfigOf<Op extends Operation> = { operation: Op } & (Op extends 'emergency'
  ? Config
  : Pick<Config, (typeof CATALOG)[Op]['fields'][number]> & ((typeof CATALOG)[Op]['adminToken'] extends 'calls as it' ? AdminCall : unknown))

/** The fields of `config` that `operation` reads (catalog `fields`), and nothing else. */
export function fieldsFor<Op extends Exclude<Operation, 'emergency'>>(
  config: Config,
  operation: Op
): { operation: Op } & Pick<Config, (typeof CATALOG)[Op]['fields'][number]> {
  const fields: ReadonlyArray<keyof Config> = CATALOG[operation].fields
  return Object.fromEntries([['operation', operation], ...fields.map(field => [field, config[field]])]) as { operation: Op } & Pick<
    Config,
    (typeof CATALOG)[Op]['fields'][number]
  >
}

/** For an operation that calls as the admin token: the token and the system user, which the input rules required. */
export function withAdminCall<C extends Partial<Record<keyof AdminCall, string | undefined>>>(config: C): C & AdminCall {
  const { adminToken, systemUserId } = config
  if (adminToken === undefined || systemUserId === undefined)
    throw new Error('An admin operation ran without `admin-token` or `system-user-id`.')
  return { ...config, adminToken, systemUserId }
}
