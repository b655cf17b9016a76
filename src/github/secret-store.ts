import { ActionError } from '../runtime/errors.ts'
import type { OrgVisibility } from '../inputs/config.ts'
import type { SecretTarget } from '../inputs/secret-targets.ts'
import type { Octokit } from './client.ts'
import { GitHubError, targetError } from './errors.ts'
import { afterNextRequestSent } from '../runtime/http.ts'
import { preloadSodium, sealSecret } from './seal.ts'
import { type OrgSettings, publicKeyRequest, secretRequest } from './secret-kinds.ts'

interface PublicKey {
  keyId: string
  key: string
}

/** A target that passed the preflight: its public key is readable (so it is writable). */
export interface PreparedTarget {
  target: SecretTarget
  org: OrgSettings | undefined
}

export type PreflightResult =
  { target: SecretTarget; ok: true; prepared: PreparedTarget } | { target: SecretTarget; ok: false; error: ActionError }

/**
 * `uncertain`: a failed write some attempt of which timed out, lost its connection or got a
 * 5xx; it may have landed (docs/promises.md, Promise 3, counts it as possibly written).
 */
export type WriteResult =
  { target: SecretTarget; ok: true; created: boolean } | { target: SecretTarget; ok: false; uncertain: boolean; error: ActionError }

export interface SecretStoreOptions {
  github: Promise<Octokit>
  secretName: string
  orgVisibility: OrgVisibility | undefined
  orgRepositories: string[]
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
  /** By target label: a value sealed ahead of its write (see preseal). */
  private readonly presealed = new Map<string, { value: string; key: PublicKey; sealed: Promise<string> }>()

  constructor(options: SecretStoreOptions) {
    this.options = options
  }

  get secretName(): string {
    return this.options.secretName
  }

  /** Checks every target concurrently (the client keeps to the in-flight limits); never throws. */
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
   * round trip: called just before a request starts, it waits until that request is sent.
   */
  preloadSealing(): void {
    afterNextRequestSent(preloadSodium)
  }

  /**
   * Seals `value` for every target now, so that its write does not wait for the sealing
   * (libsodium on the main thread, a few milliseconds for the first targets): call it while a
   * round trip is under way, once that request is on the wire. Nothing is sent; whether the
   * value is written stays the caller's decision (docs/promises.md, Promise 3: only a token Meta confirmed).
   */
  preseal(prepared: PreparedTarget[], value: string): void {
    for (const { target } of prepared) {
      this.publicKey(target).then(
        key => {
          const sealed = sealSecret(value, key.key, target.label)
          // A key that cannot be used fails the write itself, with the same error.
          sealed.catch(() => undefined)
          this.presealed.set(target.label, { value, key, sealed })
        },
        () => undefined
      )
    }
  }

  /** Writes `value` to every target at once (the client paces the writes); never throws. */
  async writeAll(prepared: PreparedTarget[], value: string, name = this.secretName): Promise<WriteResult[]> {
    return Promise.all(prepared.map(item => this.writeOne(item, value, name)))
  }

  /** Writes `value` as the secret `name` of one target; never throws. */
  async writeOne(item: PreparedTarget, value: string, name = this.secretName): Promise<WriteResult> {
    try {
      return { target: item.target, ok: true, created: await this.write(item, value, name) }
    } catch (error) {
      const uncertain = error instanceof GitHubError && error.uncertain
      return { target: item.target, ok: false, uncertain, error: targetError(error, item.target, 'write secrets', `write ${name}`) }
    }
  }

  /**
   * Deletes the secret `name` of one target; one that is already gone counts as deleted.
   */
  async remove(item: PreparedTarget, name: string): Promise<void> {
    const github = await this.options.github
    const { target } = item
    const { route, params } = secretRequest('DELETE', target, name)
    try {
      await github.request(route, params)
    } catch (error) {
      if (error instanceof GitHubError && error.status === 404) return
      throw targetError(error, target, 'write secrets', `delete ${name}`)
    }
  }

  /**
   * Whether the secret `name` exists in `target`: its metadata (name and dates, never the value)
   * is readable with the token that writes it. Throws an ActionError naming the target.
   */
  async exists(target: SecretTarget, name: string): Promise<boolean> {
    const github = await this.options.github
    const { route, params } = secretRequest('GET', target, name)
    try {
      await github.request(route, params)
      return true
    } catch (error) {
      if (error instanceof GitHubError && error.status === 404) return false
      throw targetError(error, target, 'check the previous-token record', `read whether ${name} exists`)
    }
  }

  /** The value sealed for this target's key: by preseal when it sealed the same value for the same key. */
  private seal(target: SecretTarget, key: PublicKey, value: string): Promise<string> {
    const ready = this.presealed.get(target.label)
    if (ready && ready.value === value && ready.key === key) return ready.sealed
    return sealSecret(value, key.key, target.label)
  }

  /** Returns true when the secret was created, false when it was updated. */
  private async write(item: PreparedTarget, value: string, name: string): Promise<boolean> {
    try {
      return await this.put(item, value, name)
    } catch (error) {
      // The key may have been rotated since we read it: read it again once and retry.
      if (!(error instanceof GitHubError) || !error.isImproperlyEncrypted) throw error
      this.keys.delete(item.target.label)
      try {
        return await this.put(item, value, name)
      } catch (retryError) {
        if (retryError instanceof GitHubError) retryError.uncertain ||= error.uncertain
        throw retryError
      }
    }
  }

  private async put(item: PreparedTarget, value: string, name: string): Promise<boolean> {
    const [github, key] = await Promise.all([this.options.github, this.publicKey(item.target)])
    const request = secretRequest('PUT', item.target, name, {
      encrypted_value: await this.seal(item.target, key, value),
      key_id: key.keyId,
      org: item.org,
    })
    const response = await github.request(request.route, request.params)
    return response.status === 201
  }

  /** One read per target and run, shared by concurrent callers. */
  private publicKey(target: SecretTarget): Promise<PublicKey> {
    let key = this.keys.get(target.label)
    if (!key) {
      key = this.readPublicKey(target).then(data => {
        if (typeof data?.key_id !== 'string' || typeof data?.key !== 'string') {
          throw new ActionError('check secret targets', `${target.label}: GitHub's public-key answer has no key_id or key.`)
        }
        return { keyId: data.key_id, key: data.key }
      })
      key.catch(() => this.keys.delete(target.label))
      this.keys.set(target.label, key)
    }
    return key
  }

  private async readPublicKey(target: SecretTarget): Promise<{ key_id?: unknown; key?: unknown }> {
    const github = await this.options.github
    const { route, params } = publicKeyRequest(target)
    return (await github.request(route, params)).data as { key_id?: unknown; key?: unknown }
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
    const github = await this.options.github
    let existing: { visibility?: unknown }
    try {
      // https://docs.github.com/en/rest/actions/secrets#get-an-organization-secret
      existing = (await github.rest.actions.getOrgSecret({ org: target.org, secret_name: this.secretName })).data
    } catch (error) {
      if (error instanceof GitHubError && error.status === 404) return { visibility: 'private', selectedRepositoryIds: undefined }
      throw error
    }
    const visibility = existing.visibility === 'all' || existing.visibility === 'selected' ? existing.visibility : 'private'
    if (visibility !== 'selected') return { visibility, selectedRepositoryIds: undefined }
    // https://docs.github.com/en/rest/actions/secrets#list-selected-repositories-for-an-organization-secret
    const repositories = await github.paginate(github.rest.actions.listSelectedReposForOrgSecret, {
      org: target.org,
      secret_name: this.secretName,
      per_page: 100,
    })
    return { visibility, selectedRepositoryIds: repositories.map(repo => repo.id) }
  }

  /** https://docs.github.com/en/rest/repos/repos#get-a-repository */
  private repositoryId(org: string, name: string): Promise<number> {
    const fullName = name.includes('/') ? name : `${org}/${name}`
    let id = this.repositoryIds.get(fullName.toLowerCase())
    if (!id) {
      const [owner, repo] = fullName.split('/')
      id = this.options.github
        .then(github => github.rest.repos.get({ owner, repo }))
        .then(
          response => response.data.id,
          error => {
            if (error instanceof GitHubError && error.status === 404) {
              throw new ActionError(
                'check secret targets',
                `org-secret-repositories: repository ${fullName} was not found or \`github-token\` cannot see it.`,
                'Check the name, and that the token can read that repository (Metadata: read).'
              )
            }
            throw error
          }
        )
      this.repositoryIds.set(fullName.toLowerCase(), id)
    }
    return id
  }
}
