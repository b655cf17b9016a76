/**
 * The reusable workflow's first step, as a pure function: whether the secrets an operation
 * needs arrived, which GitHub credentials it writes with, and — for a GitHub App — the owner,
 * repositories and permissions its installation token needs. The targets are read by the
 * action's own parsers (src/inputs/secret-targets.ts, src/deploy/deploy-workflows.ts), so the plan and the
 * action can never read `secret-targets` or `deploy-workflows` differently.
 */
import { factsOf, writesSecret } from '../inputs/catalog.ts'
import { parseDeployWorkflows } from '../deploy/deploy-workflows.ts'
import { parseTargets, splitList, type SecretTarget } from '../inputs/secret-targets.ts'
import { checkOrgRepositories, parseOperation } from '../inputs/operation.ts'
import type { Operation } from '../inputs/catalog.ts'
import { describeError } from '../runtime/errors.ts'

export interface PlanInputs {
  operation: string
  secretName: string
  secretTargets: string
  orgSecretRepositories: string
  deployWorkflows: string
  /** The doctor's checks run after the operation in the same job (the schedule's weekly doctor). */
  doctor?: boolean
  /** The GitHub App's client id (a variable, not a secret). */
  appClientId: string
  /** Which secrets arrived non-empty (the step never sees their values). */
  has: { metaAppSecret: boolean; metaAccessToken: boolean; metaAdminToken: boolean; appPrivateKey: boolean; githubToken: boolean }
  /** GITHUB_REPOSITORY: the calling repository, the target when `secret-targets` names none. */
  repository: string | undefined
}

export type Credentials = 'app' | 'token' | 'none'

/** The `permission-*` inputs of actions/create-github-app-token; '' leaves one out. */
export type Access = '' | 'read' | 'write'

export interface AppPermissions {
  secrets: Access
  environments: Access
  'organization-secrets': Access
  actions: Access
  /** The doctor reads each deploy workflow's file at its ref. */
  contents: Access
}

export interface Plan {
  credentials: Credentials
  /** For an App: the one owner of every target and deploy workflow. */
  owner: string
  /** For an App: the repositories the token may see; empty with an owner = all of the installation's (organization targets only). */
  repositories: string[]
  permissions: AppPermissions
  /** What is wrong, each a whole message; the step fails when there is any. */
  problems: string[]
}

/** The doctor reads every target and deploy workflow and writes nothing (a drill token it cannot revoke goes into the record, which the run's own token does not write). */
const DOCTOR = 'doctor'

const NO_PERMISSIONS: AppPermissions = { secrets: '', environments: '', 'organization-secrets': '', actions: '', contents: '' }

/** Write covers read; the stronger of two wins. */
function grant(permissions: AppPermissions, name: keyof AppPermissions, access: Exclude<Access, ''>): void {
  if (permissions[name] !== 'write') permissions[name] = access
}

export function planRun(inputs: PlanInputs): Plan {
  const problems: string[] = []
  const none: Plan = { credentials: 'none', owner: '', repositories: [], permissions: { ...NO_PERMISSIONS }, problems }
  let operation: Operation
  try {
    operation = parseOperation(inputs.operation)
  } catch (error) {
    problems.push(describeError(error))
    return none
  }
  const { has } = inputs

  if (!has.metaAppSecret)
    problems.push(
      'The secret meta-app-secret is empty: pass the Meta app secret as meta-app-secret (the secret META_APP_SECRET of the environment meta-token-keeper in the templates) and check that the secret exists.'
    )
  // Operations that call Meta as an admin system user token instead of the stored one.
  if (factsOf(operation)?.adminToken === 'calls as it') {
    if (!has.metaAdminToken)
      problems.push(
        `Operation ${operation} calls Meta as an admin system user: pass the secret meta-admin-token (the repository secret META_ADMIN_TOKEN in the templates) and check that the secret exists.`
      )
  } else if (!has.metaAccessToken) {
    problems.push(
      'The secret meta-access-token is empty: pass the current token as meta-access-token (the secret named in secret-name) and check that the secret exists. If it never existed, generate a first token (README: Quick start).'
    )
  }

  const doctor = operation === DOCTOR || inputs.doctor === true
  // Operations that write a GitHub secret (given `secret-name`).
  const facts = factsOf(operation)
  const writes = facts !== undefined && writesSecret(facts) && inputs.secretName.trim() !== ''
  const credentials = chooseCredentials(inputs, writes, doctor, problems)
  const plan: Plan = { credentials, owner: '', repositories: [], permissions: { ...NO_PERMISSIONS }, problems }
  // Read the lists whatever the credentials, so a typo fails here, before any token is minted.
  const targets = readList(() => parseTargets(inputs.secretTargets, inputs.repository?.trim() || undefined), problems)
  const deploys = readList(() => parseDeployWorkflows(inputs.deployWorkflows), problems)
  const orgs = (targets ?? []).flatMap(target => (target.kind === 'organization' ? [target.org] : []))
  const orgRepositories = readList(() => {
    const entries = orgs.length > 0 ? splitList(inputs.orgSecretRepositories) : []
    checkOrgRepositories(entries, orgs)
    return entries
  }, problems)
  if (credentials !== 'app' || !targets || !deploys || !orgRepositories) return plan

  const owners = new Owners(problems)
  const repositories = new Repositories()
  for (const target of targets) addTarget(target, writes ? 'write' : 'read', plan.permissions, owners, repositories)
  // Deploy workflows are dispatched and followed with the same token (Actions: write); the
  // doctor only reads them and their files (Actions and Contents: read).
  for (const deploy of deploys) {
    owners.add(deploy.owner)
    repositories.add(deploy.repo)
    if (operation !== DOCTOR) grant(plan.permissions, 'actions', 'write')
    if (doctor) {
      grant(plan.permissions, 'actions', 'read')
      grant(plan.permissions, 'contents', 'read')
    }
  }
  // The weekly doctor beside a rotation reads the same targets: write covers it.
  if (doctor && writes) for (const target of targets) addTarget(target, 'read', plan.permissions, owners, repositories)
  // The selected repositories of an organization secret are looked up by name: the token must see them.
  for (const item of orgRepositories) repositories.add(item.slice(item.indexOf('/') + 1))
  plan.owner = owners.first ?? ''
  plan.repositories = repositories.list
  return plan
}

function chooseCredentials(inputs: PlanInputs, writes: boolean, doctor: boolean, problems: string[]): Credentials {
  const clientId = inputs.appClientId.trim() !== ''
  // The doctor reads targets with whatever GitHub credentials are configured; without any it reports that.
  if (!writes && doctor) return clientId && inputs.has.appPrivateKey ? 'app' : inputs.has.githubToken ? 'token' : 'none'
  if (!writes) return 'none'
  if (clientId && inputs.has.appPrivateKey) return 'app'
  if (inputs.has.githubToken) return 'token'
  if (clientId)
    problems.push("github-app-client-id is set but the secret github-app-private-key is empty: pass the GitHub App's private key.")
  else if (inputs.has.appPrivateKey)
    problems.push(
      "The secret github-app-private-key is set but the input github-app-client-id is empty: pass the GitHub App's client id (the variable SECRETS_APP_CLIENT_ID in the templates)."
    )
  else
    problems.push(
      `Operation ${inputs.operation || 'rotate'} writes a GitHub secret and needs credentials that may write secrets: a GitHub App (input github-app-client-id and secret github-app-private-key) or a fine-grained PAT (secret github-token). The workflow's own GITHUB_TOKEN can never write secrets.`
    )
  return 'none'
}

/** A parser's result, or undefined with its error (which names the input) among the problems. */
function readList<T>(parse: () => T[], problems: string[]): T[] | undefined {
  try {
    return parse()
  } catch (error) {
    problems.push(describeError(error))
    return undefined
  }
}

function addTarget(
  target: SecretTarget,
  access: Exclude<Access, ''>,
  permissions: AppPermissions,
  owners: Owners,
  repositories: Repositories
): void {
  if (target.kind === 'organization') {
    owners.add(target.org)
    grant(permissions, 'organization-secrets', access)
    return
  }
  owners.add(target.owner)
  repositories.add(target.repo)
  grant(permissions, target.kind === 'environment' ? 'environments' : 'secrets', access)
}

/** The one owner an installation token covers; a second one is a problem. Owners compare without case. */
class Owners {
  first: string | undefined
  private readonly refused = new Set<string>()
  private readonly problems: string[]

  constructor(problems: string[]) {
    this.problems = problems
  }

  add(owner: string): void {
    if (this.first === undefined) this.first = owner
    else if (this.first.toLowerCase() !== owner.toLowerCase() && !this.refused.has(owner.toLowerCase())) {
      this.refused.add(owner.toLowerCase())
      this.problems.push(
        `secret-targets name more than one owner (${this.first} and ${owner}); a GitHub App installation token covers one. Call the workflow once per owner, or pass a fine-grained PAT as github-token.`
      )
    }
  }
}

/** Repository names in order of first mention, without duplicates (GitHub compares them without case). */
class Repositories {
  readonly list: string[] = []

  add(name: string): void {
    if (!this.list.some(known => known.toLowerCase() === name.toLowerCase())) this.list.push(name)
  }
}

/** The one line the step prints for an App token: whom it covers and what it may do. */
export function describePlan(plan: Plan): string {
  const p = plan.permissions
  const scope = plan.repositories.length > 0 ? plan.repositories.join(',') : 'all repositories of the installation'
  return `GitHub App token for ${plan.owner} (${scope}); permissions: secrets=${p.secrets || 'none'}, environments=${p.environments || 'none'}, organization-secrets=${p['organization-secrets'] || 'none'}, actions=${p.actions || 'none'}, contents=${p.contents || 'none'}`
}
