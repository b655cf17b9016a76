/**
 * Transient and permanent failures at Meta and GitHub, end to end (promise 5 and
 * "Retries of minting calls" of the contract; Meta's and GitHub's error handling guides). Every
 * test gets its own World, since faults are injected into it. Waits are shortened by
 * FAST_TIMING (test/helpers/run-action.ts).
 */
import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import type { GitHubFault } from '../fakes/github-server.ts'
import type { GraphFault } from '../fakes/graph-server.ts'
import type { ActionRun } from '../helpers/run-action.ts'
import { describeRun, World } from '../helpers/world.ts'

const SECRET = 'META_ACCESS_TOKEN'
const TARGET = 'octo-org/app'
const PUBLIC_KEY = '/repos/octo-org/app/actions/secrets/public-key'
const PUT_SECRET = `/repos/octo-org/app/actions/secrets/${SECRET}`
/**
 * Every run should take well under a second (the primary-limit test about 2 s); a run that waits
 * for its deadline (20 s in FAST_TIMING) or for a hanging request fails here instead, and the
 * World's close() then cuts the hanging connections.
 */
const LIMIT = { timeout: 15_000 }
const SECONDARY_LIMIT_MESSAGE =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0000:1111:2222:3333:4444.'

/** Requests the fake Graph got for one path (without the version prefix). */
function graphRequests(world: World, path: string): number {
  return world.graph.requests.filter(request => request.path === path).length
}

function githubRequests(world: World, method: string, path: string): number {
  return world.github.requests.filter(request => request.method === method && request.path === path).length
}

/** Calls `fn` for every request a fake records, as it records it (before it answers). */
function watch<T>(requests: T[], fn: (request: T) => void): void {
  const push = requests.push.bind(requests)
  requests.push = (...items: T[]): number => {
    const length = push(...items)
    for (const item of items) fn(item)
    return length
  }
}

/** The end state of a completed rotation: the new token stored and valid, the old one revoked. */
function assertRotated(world: World, run: ActionRun): string {
  assert.equal(run.code, 0, describeRun(run))
  const newToken = run.outputs.token
  assert.ok(newToken && newToken !== world.oldToken, 'a new token is in the token output')
  assert.equal(world.github.secret(TARGET, SECRET)?.value, newToken, 'the secret holds the new token')
  assert.equal(world.graph.isValid(newToken), true, 'the new token works')
  assert.equal(world.graph.isValid(world.oldToken), false, 'the old token is revoked')
  assert.equal(run.outputs.rotated, 'true')
  assert.equal(run.outputs.revoked, 'true')
  assert.equal(run.outputs['secrets-updated'], TARGET)
  assert.equal(run.summary.split('\n')[0], '## Meta token: `rotate` ✅ rotated; the old token is revoked')
  return newToken
}

/** A failed run that changed nothing: old token stored and working, no new token, no write. */
function assertNothingChanged(world: World, run: ActionRun): void {
  assert.equal(run.code, 1, describeRun(run))
  assert.equal(run.errors.length, 1, 'one error annotation')
  assert.equal(world.github.secret(TARGET, SECRET)?.value, world.oldToken, 'the secret still holds the old token')
  assert.equal(world.graph.isValid(world.oldToken), true, 'the old token still works')
  assert.deepEqual(world.validTokens(), [world.oldToken], 'no other token of the app is left valid')
  assert.ok(!world.githubCalls().some(call => call.startsWith('PUT') && call.endsWith(`/${SECRET}`)), 'no secret was written')
  assert.equal(run.outputs.rotated, 'false')
  assert.equal(run.outputs.revoked, 'false')
  assert.match(run.summary, /^## Meta token: `rotate` ❌ failed to [a-z ]+\n\n### What went wrong\n/, 'the title names the failed step')
  assert.match(
    run.summary,
    /\n\*\*Nothing changed: every target still holds the old token[^*\n]*\*\*\n/,
    'the summary says nothing changed'
  )
}

/** Nothing that changes state was asked of Meta: only the read-only inspection. */
function assertMetaOnlyInspected(world: World): void {
  assert.equal(graphRequests(world, '/oauth/access_token'), 0, 'no new token was requested')
  assert.equal(graphRequests(world, '/oauth/revoke'), 0, 'nothing was revoked')
  assert.ok(
    world.graphCalls().every(call => call === 'GET /debug_token'),
    `only debug_token reached Meta: ${world.graphCalls().join(', ')}`
  )
}

describe('transient failures', () => {
  let world: World
  beforeEach(async () => {
    world = await World.start({ daysLeft: 10 })
    world.github.putSecret(TARGET, SECRET, world.oldToken)
  })
  afterEach(() => world.close())

  describe('Graph: transient errors are retried and the rotation completes', () => {
    const BUC_ZERO = JSON.stringify({
      '1234567890': [{ type: 'ads_management', call_count: 100, total_cputime: 12, total_time: 15, estimated_time_to_regain_access: 0 }],
    })
    const cases: Array<{ name: string; fault: GraphFault; inputs?: Record<string, string>; requests: number }> = [
      {
        name: 'code 2 with HTTP 500 and is_transient on oauth/access_token',
        fault: { path: '/oauth/access_token', status: 500, error: { code: 2, isTransient: true } },
        requests: 2,
      },
      {
        name: 'code 1 with HTTP 500 (no is_transient) on debug_token',
        fault: { path: '/debug_token', status: 500, error: { code: 1, message: 'An unknown error has occurred.', isTransient: false } },
        requests: 4, // the failed inspection, its retry, the new token's verification and, beside it, the old token's second inspection
      },
      {
        name: 'code 2 with HTTP 400 and no is_transient ("temporary" whatever the status)',
        fault: { path: '/oauth/access_token', status: 400, error: { code: 2, isTransient: false } },
        requests: 2,
      },
      {
        name: 'code 4 (HTTP 403) on debug_token whose X-App-Usage is below 100 %',
        fault: {
          path: '/debug_token',
          status: 403,
          error: { code: 4, message: '(#4) Application request limit reached' },
          headers: { 'X-App-Usage': '{"call_count":80,"total_time":20,"total_cputime":20}' },
        },
        requests: 4,
      },
      {
        name: 'code 613 on oauth/access_token, even without is_transient',
        fault: { path: '/oauth/access_token', error: { code: 613, isTransient: false } },
        requests: 2,
      },
      {
        name: 'code 17 (user request limit) whose X-Business-Use-Case-Usage says 0 minutes',
        fault: { path: '/oauth/access_token', error: { code: 17 }, headers: { 'X-Business-Use-Case-Usage': BUC_ZERO } },
        requests: 2,
      },
      {
        name: 'code 32 (Pages request limit)',
        fault: { path: '/oauth/access_token', error: { code: 32 } },
        requests: 2,
      },
      {
        name: 'code 341 (application limit reached), which Meta does not mark is_transient',
        fault: { path: '/oauth/access_token', error: { code: 341, message: '(#341) Application limit reached', isTransient: false } },
        requests: 2,
      },
      {
        name: 'HTTP 502 without a Graph body on oauth/access_token',
        fault: { path: '/oauth/access_token', status: 502, body: '<html><body>502 Bad Gateway</body></html>' },
        requests: 2,
      },
      {
        name: 'code 80004 whose X-Business-Use-Case-Usage says 0 minutes',
        fault: {
          path: '/oauth/access_token',
          status: 400,
          error: {
            code: 80004,
            subcode: 2446079,
            message: '(#80004) There have been too many calls to this ad-account. Wait a bit and try again.',
          },
          headers: { 'X-Business-Use-Case-Usage': BUC_ZERO },
        },
        requests: 2,
      },
      {
        name: 'a connection reset on oauth/revoke',
        fault: { path: '/oauth/revoke', reset: true },
        requests: 2,
      },
      {
        name: 'a hanging debug_token with request-timeout-seconds 0.3',
        fault: { path: '/debug_token', hang: true },
        inputs: { 'request-timeout-seconds': '0.3' },
        requests: 4,
      },
    ]
    for (const { name, fault, inputs, requests } of cases) {
      it(name, LIMIT, async () => {
        world.graph.injectFault(fault)
        const run = await world.run({ 'secret-targets': TARGET, ...inputs })
        assertRotated(world, run)
        assert.equal(graphRequests(world, fault.path), requests, `requests to ${fault.path}: ${world.graphCalls().join(', ')}`)
        assert.deepEqual(world.validTokens(), [run.outputs.token], 'exactly one token of the app is left valid')
        assert.ok(run.durationMs < 10_000, `the run took ${Math.round(run.durationMs)} ms`)
      })
    }
  })

  describe('Graph: permanent errors are not retried and say what to do', () => {
    it('code 1 "Error validating client secret." (HTTP 400) on oauth/access_token points at app-secret', LIMIT, async () => {
      world.graph.injectFault({
        path: '/oauth/access_token',
        status: 400,
        error: { code: 1, message: 'Error validating client secret.', isTransient: false },
      })
      const run = await world.run({ 'secret-targets': TARGET })
      assertNothingChanged(world, run)
      assert.equal(graphRequests(world, '/oauth/access_token'), 1, 'not retried')
      assert.match(run.errors[0], /oauth\/access_token/)
      assert.match(run.errors[0], /Error validating client secret/)
      assert.match(run.errors[0], /`app-secret`/)
      assert.match(run.summary, /What to do next/)
    })

    it('code 1 "Error validating client secret." is not retried even when marked is_transient with HTTP 500', LIMIT, async () => {
      world.graph.injectFault({
        path: '/oauth/access_token',
        status: 500,
        error: { code: 1, message: 'Error validating client secret.', isTransient: true },
      })
      const run = await world.run({ 'secret-targets': TARGET })
      assertNothingChanged(world, run)
      assert.equal(graphRequests(world, '/oauth/access_token'), 1, 'not retried (graph-api.md §4.2: "never for the client-secret message")')
      assert.match(run.errors[0], /`app-secret`/)
    })

    it('code 190 subcode 463 (expired) on refresh suggests generate', LIMIT, async () => {
      world.graph.injectFault({
        path: '/oauth/access_token',
        status: 400,
        error: {
          code: 190,
          subcode: 463,
          message:
            'Error validating access token: Session has expired on Monday, 02-Nov-26 10:00:00 PST. The current time is Monday, 23-Nov-26 04:00:00 PST.',
        },
      })
      const run = await world.run({ 'secret-targets': TARGET })
      assertNothingChanged(world, run)
      assert.equal(graphRequests(world, '/oauth/access_token'), 1, 'not retried')
      assert.match(run.errors[0], /operation: generate/)
    })

    it('code 100 (bad parameter) on refresh is not retried and says what to do', LIMIT, async () => {
      world.graph.injectFault({
        path: '/oauth/access_token',
        status: 400,
        error: { code: 100, message: '(#100) Invalid parameter', type: 'OAuthException' },
      })
      const run = await world.run({ 'secret-targets': TARGET })
      assertNothingChanged(world, run)
      assert.equal(graphRequests(world, '/oauth/access_token'), 1, 'not retried')
      assert.match(run.errors[0], /oauth\/access_token/)
      assert.match(run.errors[0], /code 100/)
      // Promise 5 (docs/promises.md): "their message says what the user must do".
      assert.match(run.errors[0], /What to do: \S/, 'the message says what to do')
    })
  })

  describe('Graph: limits of retrying', () => {
    it('a lost answer of the minting call: retried, completed, the lost token stored nowhere, the summary says so', LIMIT, async () => {
      world.graph.injectFault({ path: '/oauth/access_token', afterHandling: true, reset: true })
      const run = await world.run({ 'secret-targets': TARGET })
      const newToken = assertRotated(world, run)
      assert.equal(graphRequests(world, '/oauth/access_token'), 2)

      // The lost answer minted a token too; it is neither stored nor the output, and expires on its own.
      const others = world.validTokens().filter(token => token !== newToken)
      assert.equal(others.length, 1, 'the lost answer minted one more token')
      const [lost] = others
      assert.notEqual(run.outputs.token, lost)
      assert.notEqual(world.github.secret(TARGET, SECRET)?.value, lost)
      for (const request of world.graph.requests) {
        assert.ok(!Object.values(request.params).includes(lost), `the lost token was never used (${request.method} ${request.path})`)
      }
      assert.match(run.summary, /oauth\/access_token/)
      assert.match(run.summary, /retried/i)
    })

    it('a minting call that times out after Meta minted: retried, the lost token stored nowhere, the summary says so', LIMIT, async () => {
      world.graph.injectFault({ path: '/oauth/access_token', afterHandling: true, hang: true })
      const run = await world.run({ 'secret-targets': TARGET, 'request-timeout-seconds': '0.3' })
      const newToken = assertRotated(world, run)
      assert.equal(graphRequests(world, '/oauth/access_token'), 2)
      const others = world.validTokens().filter(token => token !== newToken)
      assert.equal(others.length, 1, 'the timed-out call minted one more token')
      assert.notEqual(world.github.secret(TARGET, SECRET)?.value, others[0])
      assert.match(run.summary, /oauth\/access_token/)
      assert.match(run.summary, /retried/i)
    })

    it(
      'generate: a lost answer of POST /{system-user-id}/access_tokens is retried and the lost token is stored nowhere',
      LIMIT,
      async () => {
        const mintPath = `/${world.systemUserId}/access_tokens`
        world.graph.injectFault({ path: mintPath, method: 'POST', afterHandling: true, reset: true })
        const run = await world.run({
          operation: 'generate',
          'access-token': world.adminToken,
          'system-user-id': world.systemUserId,
          scope: 'ads_management,business_management',
          'secret-targets': TARGET,
        })
        assert.equal(run.code, 0, describeRun(run))
        assert.equal(graphRequests(world, mintPath), 2)
        const generated = run.outputs.token
        assert.ok(generated && generated !== world.oldToken && generated !== world.adminToken)
        assert.equal(world.github.secret(TARGET, SECRET)?.value, generated, 'the secret holds the token of the retried call')
        const lost = world.validTokens().filter(token => token !== generated && token !== world.oldToken)
        assert.equal(lost.length, 1, 'the lost answer minted one more token')
        assert.notEqual(world.github.secret(TARGET, SECRET)?.value, lost[0])
        assert.match(run.summary, /access_tokens/)
        assert.match(run.summary, /retried/i)
      }
    )

    it('a BUC limit with 60 minutes to regain access stops at once with a clear message', LIMIT, async () => {
      const usage = JSON.stringify({
        '1234567890': [{ type: 'ads_management', call_count: 100, total_cputime: 40, total_time: 60, estimated_time_to_regain_access: 60 }],
      })
      world.graph.injectFault({
        path: '/oauth/access_token',
        status: 400,
        error: {
          code: 80004,
          subcode: 2446079,
          message: '(#80004) There have been too many calls to this ad-account. Wait a bit and try again.',
        },
        headers: { 'X-Business-Use-Case-Usage': usage },
      })
      const run = await world.run({ 'secret-targets': TARGET })
      assertNothingChanged(world, run)
      assert.equal(graphRequests(world, '/oauth/access_token'), 1, 'no second attempt')
      assert.ok(run.durationMs < 5_000, `no long wait (took ${Math.round(run.durationMs)} ms)`)
      assert.match(run.errors[0], /oauth\/access_token/)
      assert.match(run.errors[0], /60 minutes/)
      assert.match(run.errors[0], /run again later/i)
    })

    // A one-hour window: retries within seconds only spend calls of it.
    for (const { name, fault } of [
      {
        name: 'code 4 without usage headers',
        fault: { status: 403, error: { code: 4, message: '(#4) Application request limit reached' } },
      },
      {
        name: 'code 17 whose X-App-Usage is at 100 %',
        fault: {
          error: { code: 17, message: '(#17) User request limit reached' },
          headers: { 'X-App-Usage': '{"call_count":100,"total_time":40,"total_cputime":30}' },
        },
      },
    ]) {
      it(`${name}: not retried, the run says to run again in an hour`, LIMIT, async () => {
        world.graph.injectFault({ path: '/oauth/access_token', ...fault })
        const run = await world.run({ 'secret-targets': TARGET })
        assertNothingChanged(world, run)
        assert.equal(graphRequests(world, '/oauth/access_token'), 1, 'no second attempt')
        assert.match(
          run.errors[0],
          /request limit is counted over a rolling hour .* so the call was not retried: run again later, after an hour/
        )
      })
    }

    it('a transient error that never stops: gives up after the attempt limit, naming the endpoint', LIMIT, async () => {
      world.graph.injectFault({ path: '/oauth/access_token', times: 1000, error: { code: 2 } })
      const run = await world.run({ 'secret-targets': TARGET }, { META_TOKEN_KEEPER_MAX_ATTEMPTS: '3' })
      assertNothingChanged(world, run)
      assert.equal(graphRequests(world, '/oauth/access_token'), 3, 'exactly the attempt limit')
      assert.match(run.errors[0], /Meta oauth\/access_token/)
      assert.match(run.errors[0], /Service temporarily unavailable/)
      assert.match(run.errors[0], /run again later/i)
      assert.ok(run.durationMs < 10_000, `bounded time (took ${Math.round(run.durationMs)} ms)`)
    })
  })

  describe('GitHub: transient errors are retried', () => {
    const cases: Array<{ name: string; fault: GitHubFault & { method: string; path: string }; inputs?: Record<string, string> }> = [
      { name: '502 on the PUT', fault: { method: 'PUT', path: PUT_SECRET, status: 502, body: { message: 'Server Error' } } },
      {
        name: '403 secondary rate limit with retry-after: 0 on the PUT',
        fault: {
          method: 'PUT',
          path: PUT_SECRET,
          status: 403,
          body: {
            message: SECONDARY_LIMIT_MESSAGE,
            documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
          },
          headers: { 'retry-after': '0' },
        },
      },
      {
        name: '429 with retry-after: 0 on the PUT',
        fault: {
          method: 'PUT',
          path: PUT_SECRET,
          status: 429,
          body: { message: SECONDARY_LIMIT_MESSAGE },
          headers: { 'retry-after': '0' },
        },
      },
      { name: 'a reset socket on the public-key GET', fault: { method: 'GET', path: PUBLIC_KEY, reset: true } },
      {
        name: 'a hanging public-key GET with a short request timeout',
        fault: { method: 'GET', path: PUBLIC_KEY, hang: true },
        inputs: { 'request-timeout-seconds': '0.3' },
      },
    ]
    for (const { name, fault, inputs } of cases) {
      it(name, LIMIT, async () => {
        world.github.injectFault(fault)
        const run = await world.run({ 'secret-targets': TARGET, ...inputs })
        assertRotated(world, run)
        assert.equal(githubRequests(world, fault.method, fault.path), 2, 'the failed request, then its retry')
        assert.ok(run.durationMs < 10_000, `the run took ${Math.round(run.durationMs)} ms`)
      })
    }

    it('a primary rate limit (x-ratelimit-remaining: 0) is waited out until x-ratelimit-reset', LIMIT, async () => {
      // 1–2 s ahead, so a retry that ignores the header comes before it.
      const reset = Math.ceil(Date.now() / 1000) + 1
      world.github.injectFault({
        method: 'PUT',
        path: PUT_SECRET,
        status: 403,
        body: {
          message: 'API rate limit exceeded for installation ID 4242.',
          documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
        },
        headers: {
          'x-ratelimit-limit': '5000',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-used': '5000',
          'x-ratelimit-reset': String(reset),
        },
      })
      const putTimes: number[] = []
      watch(world.github.requests, request => {
        if (request.method === 'PUT' && request.path === PUT_SECRET) putTimes.push(Date.now())
      })
      const run = await world.run({ 'secret-targets': TARGET })
      assertRotated(world, run)
      assert.equal(putTimes.length, 2)
      assert.ok(putTimes[1] >= reset * 1000, `the retry came ${reset * 1000 - putTimes[1]} ms before x-ratelimit-reset`)
    })

    it(
      'a 5xx that never stops on the public-key GET: gives up after the attempt limit, before Meta is asked for anything',
      LIMIT,
      async () => {
        world.github.injectFault({ method: 'GET', path: PUBLIC_KEY, status: 503, times: 1000, body: { message: 'Service Unavailable' } })
        const run = await world.run({ 'secret-targets': TARGET }, { META_TOKEN_KEEPER_MAX_ATTEMPTS: '3' })
        assertNothingChanged(world, run)
        assertMetaOnlyInspected(world)
        assert.equal(githubRequests(world, 'GET', PUBLIC_KEY), 3, 'exactly the attempt limit')
        assert.match(run.errors[0], /octo-org\/app/)
        assert.match(run.errors[0], /503/)
        assert.ok(run.durationMs < 10_000, `bounded time (took ${Math.round(run.durationMs)} ms)`)
      }
    )

    it('422 "improperly encrypted" after the public key rotated: the key is read again once', LIMIT, async () => {
      // The key rotates once, after the preflight read it and the record was written with it:
      // just as the first write of the token arrives, sealed for the old key.
      let rotated = false
      watch(world.github.requests, request => {
        if (rotated || request.method !== 'PUT' || request.path !== PUT_SECRET) return
        rotated = true
        world.github.rotatePublicKey(TARGET)
      })
      const run = await world.run({ 'secret-targets': TARGET })
      assertRotated(world, run)
      assert.equal(githubRequests(world, 'GET', PUBLIC_KEY), 2, 'the public key was read again once')
      assert.equal(githubRequests(world, 'PUT', PUT_SECRET), 2, 'the rejected write, then the write with the new key')
    })
  })

  describe('GitHub: a write that cannot succeed fails promptly and rolls back', () => {
    it('a 422 other than "improperly encrypted" on the PUT is not retried; the rotation rolls back', LIMIT, async () => {
      world.github.injectFault({
        method: 'PUT',
        path: PUT_SECRET,
        status: 422,
        body: {
          message: 'Validation Failed',
          documentation_url: 'https://docs.github.com/rest/actions/secrets#create-or-update-a-repository-secret',
        },
      })
      const run = await world.run({ 'secret-targets': TARGET })
      assert.equal(run.code, 1, describeRun(run))
      assert.equal(githubRequests(world, 'PUT', PUT_SECRET), 1, 'not retried')
      assert.equal(githubRequests(world, 'GET', PUBLIC_KEY), 1, 'the key is not read again for another 422')
      assert.match(run.errors[0], /octo-org\/app/)
      assert.match(run.errors[0], /Validation Failed/)
      assert.equal(world.github.secret(TARGET, SECRET)?.value, world.oldToken)
      assert.deepEqual(world.validTokens(), [world.oldToken], 'the old token works and the unused new one was revoked')
      assert.equal(run.outputs.rotated, 'false')
    })

    it('a secondary rate limit asking for longer than the run may take fails at once', LIMIT, async () => {
      world.github.injectFault({
        method: 'PUT',
        path: PUT_SECRET,
        status: 403,
        body: { message: SECONDARY_LIMIT_MESSAGE },
        headers: { 'retry-after': '3600' },
      })
      const run = await world.run({ 'secret-targets': TARGET })
      assert.equal(run.code, 1, describeRun(run))
      assert.ok(run.durationMs < 5_000, `no long wait (took ${Math.round(run.durationMs)} ms)`)
      assert.equal(githubRequests(world, 'PUT', PUT_SECRET), 1, 'no second attempt')
      assert.match(run.errors[0], /octo-org\/app/)
      assert.match(run.errors[0], /rate limit/i)
      assert.match(run.errors[0], /run again after \d{4}-\d\d-\d\d \d\d:\d\d UTC/)
      assert.equal(world.github.secret(TARGET, SECRET)?.value, world.oldToken)
      assert.deepEqual(world.validTokens(), [world.oldToken], 'the old token works and the unused new one was revoked')
    })
  })

  describe('GitHub: permanent errors fail the preflight, and Meta is asked for nothing', () => {
    it('401: an unknown token is reported invalid or expired', LIMIT, async () => {
      const run = await world.run({ 'secret-targets': TARGET, 'github-token': 'fake-gh-not-known-to-the-fake' })
      assertNothingChanged(world, run)
      assertMetaOnlyInspected(world)
      assert.equal(githubRequests(world, 'GET', PUBLIC_KEY), 1, 'not retried')
      assert.match(run.errors[0], /octo-org\/app/)
      assert.match(run.errors[0], /401/)
      assert.match(run.errors[0], /`github-token` is invalid or expired/)
      assert.match(run.errors[0], /nothing was changed at Meta/)
    })

    it('403 for a workflow GITHUB_TOKEN: names the permission and says it can never write secrets', LIMIT, async () => {
      const githubToken = world.github.addToken({ kind: 'github_token' })
      const run = await world.run({ 'secret-targets': TARGET, 'github-token': githubToken })
      assertNothingChanged(world, run)
      assertMetaOnlyInspected(world)
      assert.equal(githubRequests(world, 'GET', PUBLIC_KEY), 1, 'not retried')
      assert.match(run.errors[0], /octo-org\/app/)
      assert.match(run.errors[0], /403/)
      assert.match(run.errors[0], /secrets=read/, 'names the permission GitHub asked for (X-Accepted-GitHub-Permissions)')
      assert.match(run.errors[0], /GITHUB_TOKEN can never write secrets/)
    })

    it('404: an unknown repository', LIMIT, async () => {
      const run = await world.run({ 'secret-targets': 'octo-org/missing' })
      assertNothingChanged(world, run)
      assertMetaOnlyInspected(world)
      assert.equal(githubRequests(world, 'GET', '/repos/octo-org/missing/actions/secrets/public-key'), 1, 'not retried')
      assert.match(run.errors[0], /octo-org\/missing/)
      assert.match(run.errors[0], /404/)
      assert.match(run.errors[0], /Check the repository name/)
    })

    it('404: an environment that does not exist says to create it', LIMIT, async () => {
      const run = await world.run({ 'secret-targets': 'octo-org/app:staging' })
      assertNothingChanged(world, run)
      assertMetaOnlyInspected(world)
      assert.equal(githubRequests(world, 'GET', '/repos/octo-org/app/environments/staging/secrets/public-key'), 1, 'not retried')
      assert.match(run.errors[0], /octo-org\/app:staging/)
      assert.match(run.errors[0], /Create the environment "staging"/)
    })
  })
})
