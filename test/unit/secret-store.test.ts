import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createGitHubClient } from '../../src/github/client.ts'
import { type PreparedTarget, SecretStore } from '../../src/github/secret-store.ts'
import { parseTarget } from '../../src/inputs/secret-targets.ts'
import { createFetch } from '../../src/runtime/http.ts'
import { Deadline } from '../../src/runtime/retry.ts'
import { FakeGitHub } from '../fakes/github-server.ts'

const TARGETS = ['octo-org/app', 'octo-org/app:production']

/**
 * `preseal` seals a value ahead of its write (during the verification's round trip); the value
 * GitHub decrypts must always be the one written, for the key it holds at the time.
 */
describe('SecretStore.preseal', () => {
  let github: FakeGitHub
  let store: SecretStore
  let prepared: PreparedTarget[]

  before(async () => {
    github = await FakeGitHub.start()
    github.addRepo('octo-org/app', { environments: ['production'] })
    const client = createGitHubClient({
      token: github.addToken(),
      baseUrl: github.url,
      requestTimeoutMs: 2000,
      timing: { retryBaseMs: 1, retryMaxWaitMs: 5, maxAttempts: 3, deadlineMs: 10_000, limitSecondMs: 1 },
      deadline: new Deadline(10_000),
      fetch: createFetch({}),
      debug: () => undefined,
    })
    store = new SecretStore({ github: client, secretName: 'SEALED', orgVisibility: undefined, orgRepositories: [] })
    const preflight = await store.preflight(TARGETS.map(text => parseTarget(text)))
    prepared = preflight.map(result => {
      assert.ok(result.ok)
      return result.prepared
    })
  })

  after(() => github.close())

  const stored = () => TARGETS.map(target => github.secret(target, 'SEALED')?.value)
  const settle = () => new Promise(resolve => setTimeout(resolve, 50))

  const cases: Array<{ name: string; presealed: string; written: string; rotate?: boolean }> = [
    { name: 'the presealed value is the one written', presealed: 'fake-value-one', written: 'fake-value-one' },
    { name: 'another value than the presealed one is sealed for itself', presealed: 'fake-value-two', written: 'fake-value-three' },
    {
      name: 'after GitHub rotated its key, the value is sealed again for the new key',
      presealed: 'fake-value-four',
      written: 'fake-value-four',
      rotate: true,
    },
  ]
  for (const { name, presealed, written, rotate } of cases) {
    it(name, async () => {
      store.preseal(prepared, presealed)
      await settle()
      if (rotate) for (const target of TARGETS) github.rotatePublicKey(target)
      const results = await store.writeAll(prepared, written)
      assert.deepEqual(
        results.map(result => result.ok),
        [true, true]
      )
      assert.deepEqual(stored(), [written, written])
    })
  }
})
