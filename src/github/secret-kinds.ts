import type { SecretTarget } from '../inputs/secret-targets.ts'

/** An organization secret's access: which repositories may use it. */
export interface OrgSettings {
  visibility: 'all' | 'private' | 'selected'
  selectedRepositoryIds: number[] | undefined
}

/**
 * Where GitHub keeps one kind of target's Actions secrets: the REST paths of its secrets (read,
 * written and deleted at `{secrets}/{secret_name}`) and of its public key, the path parameters a
 * target of the kind fills in, and the body fields a write carries beside the sealed value.
 * https://docs.github.com/en/rest/actions/secrets
 */
interface SecretKind<T extends SecretTarget> {
  secrets: string
  params(target: T): Record<string, string>
  /** Body fields of a write besides `encrypted_value` and `key_id`. */
  writeFields(org: OrgSettings | undefined): Record<string, unknown>
}

type Kinds = { [K in SecretTarget['kind']]: SecretKind<Extract<SecretTarget, { kind: K }>> }

/** One row per kind of target: a new kind of secret is one row (and its parsing in secret-targets.ts). */
const KINDS: Kinds = {
  repository: {
    secrets: '/repos/{owner}/{repo}/actions/secrets',
    params: target => ({ owner: target.owner, repo: target.repo }),
    writeFields: () => ({}),
  },
  environment: {
    secrets: '/repos/{owner}/{repo}/environments/{environment_name}/secrets',
    params: target => ({ owner: target.owner, repo: target.repo, environment_name: target.environment }),
    writeFields: () => ({}),
  },
  organization: {
    secrets: '/orgs/{org}/actions/secrets',
    params: target => ({ org: target.org }),
    // A new organization secret is private unless the inputs or the existing secret say otherwise.
    writeFields: org => {
      const { visibility, selectedRepositoryIds } = org ?? { visibility: 'private', selectedRepositoryIds: undefined }
      return { visibility, ...(visibility === 'selected' ? { selected_repository_ids: selectedRepositoryIds ?? [] } : {}) }
    },
  },
}

/** A request to GitHub for a target: the route and its parameters. */
export interface SecretRequest {
  route: string
  params: Record<string, unknown>
}

function kindOf(target: SecretTarget): SecretKind<SecretTarget> {
  return KINDS[target.kind] as SecretKind<SecretTarget>
}

/** GET …/secrets/public-key: the key a value is sealed with. */
export function publicKeyRequest(target: SecretTarget): SecretRequest {
  const kind = kindOf(target)
  return { route: `GET ${kind.secrets}/public-key`, params: kind.params(target) }
}

/** GET, PUT or DELETE …/secrets/{secret_name}; a PUT carries the sealed value and the kind's fields. */
export function secretRequest(
  method: 'GET' | 'PUT' | 'DELETE',
  target: SecretTarget,
  name: string,
  body?: { encrypted_value: string; key_id: string; org: OrgSettings | undefined }
): SecretRequest {
  const kind = kindOf(target)
  const params: Record<string, unknown> = { ...kind.params(target), secret_name: name }
  if (body) Object.assign(params, { encrypted_value: body.encrypted_value, key_id: body.key_id }, kind.writeFields(body.org))
  return { route: `${method} ${kind.secrets}/{secret_name}`, params }
}
