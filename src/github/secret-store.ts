import { mapWithLimit } from '../concurrency.ts'
import { ActionError } from '../errors.ts'
import type { OrgVisibility } from '../inputs.ts'
import type { SecretTarget } from '../targets.ts'
import type { GitHubApi } from './api.ts'
import { GitHubError, targetError } from './errors.ts'
import { preloadSodium, sealSecret } from './seal.ts'

/** The contract's limit on writes in flight (shared/spec/ACTION.md, "Writes"). */
export const MAX_WRITES_IN_FLIGHT = 10

interface PublicKey {
  keyId: string
  key: string
}

interface OrgSettings {
  visibility: OrgVisibility
  selectedRepositoryIds: number[] | undefined
}

/** A target that passed the preflight: its public key is readable (so it is writable). */
export interface PreparedTarget {
  target: SecretTarget
  org: OrgSettings | undefined
}

export type PreflightResult = { target: SecretTarget; ok: true; prepared: PreparedTarget } | { target: SecretTarget; ok: false; error: ActionError }

export type WriteResult = { target: SecretTarget; ok: true; created: boolean } | { target: SecretTarget; ok: false; error: ActionError }

export interface SecretStoreOptions {
  api: GitHubApi
  secretName: string
  orgVisibility: OrgVisibility | undefined
  orgRepositories: string[]
}

function scopePath(target: SecretTarget): string {
  switch (target.kind) {
    case 'repository':
      return `/repos/${enc(target.owner)}/${enc(target.repo)}/actions`
    case 'environment':
      return `/repos/${enc(target.owner)}/${enc(target.repo)}/environments/${enc(target.environment)}`
    case 'organization':
      return `/orgs/${enc(target.org)}/actions`
  }
}

function enc(part: string): string {
  return encodeURIComponent(part)
}

/**
 * Actions secrets of repositories, environments and organizations: preflight (public key and,
 * for organizations, the secret's current visibility) and sealed writes.
 * https://docs.github.com/en/rest/actions/secrets
 */
export class SecretStore {
  private readonly options: SecretStoreOptions
  private readonly keys = new Map<string, Promise<PublicKey>>()
  private readonly repositoryIds = new Map<string, Promise<number>>()

  constructor(options: SecretStoreOptions) {
    this.options = options
  }

  get secretName(): string {
    return this.options.secretName
  }

  /** Checks every target concurrently; never throws, each result says what went wrong. */
  async preflight(targets: SecretTarget[]): Promise<PreflightResult[]> {
    return Promise.all(
      targets.map(async (target): Promise<PreflightResult> => {
        try {
          // The key read and an organization secret's settings read do not depend on each other.
          const [, org] = await Promise.all([this.publicKey(target), target.kind === 'organization' ? this.orgSettings(target) : undefined])
          return { target, ok: true, prepared: { target, org } }
        } catch (error) {
          return { target, ok: false, error: targetError(error, target, 'check secret targets', 'read its secrets public key') }
        }
      })
    )
  }

  /**
   * Starts loading libsodium (~20 ms of compilation on the main thread) so that it overlaps a
   * round trip. Called right after a request is started on a kept-alive socket: by the time
   * setImmediate runs, the request has been written, so the compilation does not hold it back.
   */
  preloadSealing(): void {
    setImmediate(preloadSodium)
  }

  /** Writes `value` to every target, at most MAX_WRITES_IN_FLIGHT at once; never throws. */
  async writeAll(prepared: PreparedTarget[], value: string): Promise<WriteResult[]> {
    return mapWithLimit(prepared, MAX_WRITES_IN_FLIGHT, async (item): Promise<WriteResult> => {
      try {
        return { target: item.target, ok: true, created: await this.write(item, value) }
      } catch (error) {
        return { target: item.target, ok: false, error: targetError(error, item.target, 'write secrets', `write ${this.secretName}`) }
      }
    })
  }

  /** Returns true when the secret was created, false when it was updated. */
  private async write(item: PreparedTarget, value: string): Promise<boolean> {
    try {
      return await this.put(item, value)
    } catch (error) {
      // The key may have been rotated since we read it: read it again once and retry.
      if (!(error instanceof GitHubError) || !error.isImproperlyEncrypted) throw error
      this.keys.delete(scopePath(item.target))
      return await this.put(item, value)
    }
  }

  /**
   * https://docs.github.com/en/rest/actions/secrets#create-or-update-a-repository-secret
   * https://docs.github.com/en/rest/actions/secrets#create-or-update-an-environment-secret
   * https://docs.github.com/en/rest/actions/secrets#create-or-update-an-organization-secret
   */
  private async put(item: PreparedTarget, value: string): Promise<boolean> {
    const key = await this.publicKey(item.target)
    const body: Record<string, unknown> = {
      encrypted_value: await sealSecret(value, key.key, item.target.label),
      key_id: key.keyId,
    }
    if (item.org) {
      body.visibility = item.org.visibility
      if (item.org.visibility === 'selected') body.selected_repository_ids = item.org.selectedRepositoryIds ?? []
    }
    const response = await this.options.api.request(`PUT ${scopePath(item.target)}/secrets/{secret_name}`, {
      secret_name: this.secretName,
      ...body,
    })
    return response.status === 201
  }

  /** One read per target and run, shared by concurrent callers. */
  private publicKey(target: SecretTarget): Promise<PublicKey> {
    const path = scopePath(target)
    let key = this.keys.get(path)
    if (!key) {
      // https://docs.github.com/en/rest/actions/secrets#get-a-repository-public-key (and the environment and organization variants)
      key = this.options.api.request(`GET ${path}/secrets/public-key`).then(response => {
        const data = response.data as { key_id?: unknown; key?: unknown }
        if (typeof data?.key_id !== 'string' || typeof data?.key !== 'string') {
          throw new ActionError('check secret targets', `${target.label}: GitHub's public-key answer has no key_id or key.`)
        }
        return { keyId: data.key_id, key: data.key }
      })
      key.catch(() => this.keys.delete(path))
      this.keys.set(path, key)
    }
    return key
  }

  /**
   * Visibility and selected repositories for an organization secret: from the inputs when given,
   * otherwise kept from the existing secret (`private` for a new one).
   */
  private async orgSettings(target: Extract<SecretTarget, { kind: 'organization' }>): Promise<OrgSettings> {
    const { orgVisibility, orgRepositories } = this.options
    if (orgVisibility) {
      const selectedRepositoryIds =
        orgVisibility === 'selected' ? await Promise.all(orgRepositories.map(name => this.repositoryId(target.org, name))) : undefined
      return { visibility: orgVisibility, selectedRepositoryIds }
    }
    let existing: { visibility?: unknown }
    try {
      // https://docs.github.com/en/rest/actions/secrets#get-an-organization-secret
      existing = (await this.options.api.request(`GET /orgs/{org}/actions/secrets/{secret_name}`, { org: target.org, secret_name: this.secretName })).data as { visibility?: unknown }
    } catch (error) {
      if (error instanceof GitHubError && error.status === 404) return { visibility: 'private', selectedRepositoryIds: undefined }
      throw error
    }
    const visibility = existing.visibility === 'all' || existing.visibility === 'selected' ? existing.visibility : 'private'
    if (visibility !== 'selected') return { visibility, selectedRepositoryIds: undefined }
    return { visibility, selectedRepositoryIds: await this.selectedRepositoryIds(target.org) }
  }

  /** https://docs.github.com/en/rest/actions/secrets#list-selected-repositories-for-an-organization-secret */
  private async selectedRepositoryIds(org: string): Promise<number[]> {
    const ids: number[] = []
    for (let page = 1; ; page++) {
      const response = await this.options.api.request('GET /orgs/{org}/actions/secrets/{secret_name}/repositories', {
        org,
        secret_name: this.secretName,
        per_page: 100,
        page,
      })
      const data = response.data as { total_count?: number; repositories?: Array<{ id: number }> }
      const repositories = data.repositories ?? []
      ids.push(...repositories.map(repo => repo.id))
      if (repositories.length < 100 || ids.length >= (data.total_count ?? 0)) return ids
    }
  }

  /** https://docs.github.com/en/rest/repos/repos#get-a-repository */
  private repositoryId(org: string, name: string): Promise<number> {
    const fullName = name.includes('/') ? name : `${org}/${name}`
    let id = this.repositoryIds.get(fullName.toLowerCase())
    if (!id) {
      const [owner, repo] = fullName.split('/')
      id = this.options.api.request('GET /repos/{owner}/{repo}', { owner, repo }).then(
        response => (response.data as { id: number }).id,
        error => {
          if (error instanceof GitHubError && error.status === 404) {
            throw new ActionError('check secret targets', `org-secret-repositories: repository ${fullName} was not found or \`github-token\` cannot see it.`, 'Check the name, and that the token can read that repository (Metadata: read).')
          }
          throw error
        }
      )
      this.repositoryIds.set(fullName.toLowerCase(), id)
    }
    return id
  }
}
