/**
 * Rotation into organization secrets (`org:NAME` targets): visibility and selected
 * repositories (https://docs.github.com/en/rest/actions/secrets),
 * and the preflight for org targets (promise 4).
 */
import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import type { RecordedGitHubRequest } from '../fakes/github-server.ts'
import type { ActionRun } from '../helpers/run-action.ts'
import { describeRun, World } from '../helpers/world.ts'

const SECRET = 'META_ACCESS_TOKEN'
const ORG = 'org:octo-org'
const ORG_SECRET_PATH = `/orgs/octo-org/actions/secrets/${SECRET}`

describe('rotate into organization secrets', () => {
  let world: World
  beforeEach(async () => (world = await World.start()))
  afterEach(() => world.close())

  function orgPuts(path = ORG_SECRET_PATH): RecordedGitHubRequest[] {
    return world.github.requests.filter(r => r.method === 'PUT' && r.path === path)
  }

  /** A successful rotation: the org secret decrypts to the token output, written once. */
  function assertRotatedInto(run: ActionRun, target = ORG): void {
    assert.equal(run.code, 0, describeRun(run))
    assert.equal(run.outputs.rotated, 'true')
    const token = run.outputs.token
    assert.ok(token && token !== world.oldToken, 'a new token is in the token output')
    assert.equal(world.github.secret(target, SECRET)?.value, token, `${target} decrypts to the token output`)
    assert.equal(world.github.secret(target, SECRET)?.writes, 1, `${target} was written once`)
  }

  it('creates a new org secret with visibility private', async () => {
    const run = await world.run({ 'secret-targets': ORG })
    assertRotatedInto(run)
    assert.equal(world.github.secret(ORG, SECRET)?.visibility, 'private')
    const [put] = orgPuts()
    assert.equal((put.body as Record<string, unknown>).visibility, 'private')
    assert.ok(!('selected_repository_ids' in (put.body as object)), 'no selected_repository_ids for a private secret')
    assert.equal(run.outputs['secrets-updated'], ORG)
  })

  it('keeps the visibility and selected repositories of an existing secret when org-secret-visibility is not given', async () => {
    world.github.putSecret(ORG, SECRET, world.oldToken, { visibility: 'selected', selectedRepositoryIds: [101] })
    const run = await world.run({ 'secret-targets': ORG })
    assertRotatedInto(run)
    const stored = world.github.secret(ORG, SECRET)
    assert.equal(stored?.visibility, 'selected')
    assert.deepEqual(stored?.selectedRepositoryIds, [101])
    // GitHub does not document what an update without selected_repository_ids does to the
    // selection (reference §1.2), so the write itself must carry the ids it read.
    const [put] = orgPuts()
    assert.deepEqual(
      { visibility: (put.body as Record<string, unknown>).visibility, ids: (put.body as Record<string, unknown>).selected_repository_ids },
      { visibility: 'selected', ids: [101] },
      'the PUT resends the visibility and the selected repository ids'
    )
  })

  it('keeps visibility all of an existing secret when org-secret-visibility is not given', async () => {
    world.github.putSecret(ORG, SECRET, world.oldToken, { visibility: 'all' })
    const run = await world.run({ 'secret-targets': ORG })
    assertRotatedInto(run)
    assert.equal(world.github.secret(ORG, SECRET)?.visibility, 'all')
    assert.equal((orgPuts()[0].body as Record<string, unknown>).visibility, 'all')
  })

  it('resolves org-secret-repositories (name and owner/name) to ids with org-secret-visibility: selected', async () => {
    const run = await world.run({
      'secret-targets': ORG,
      'org-secret-visibility': 'selected',
      'org-secret-repositories': 'app, octo-org/site',
    })
    assertRotatedInto(run)
    const stored = world.github.secret(ORG, SECRET)
    assert.equal(stored?.visibility, 'selected')
    assert.deepEqual([...(stored?.selectedRepositoryIds ?? [])].sort(), [101, 102])
    const body = orgPuts()[0].body as Record<string, unknown>
    assert.equal(body.visibility, 'selected')
    assert.deepEqual([...(body.selected_repository_ids as number[])].sort(), [101, 102])
  })

  it('replaces an existing selection with the one given in org-secret-repositories', async () => {
    world.github.putSecret(ORG, SECRET, world.oldToken, { visibility: 'selected', selectedRepositoryIds: [101] })
    const run = await world.run({ 'secret-targets': ORG, 'org-secret-visibility': 'selected', 'org-secret-repositories': 'octo-org/site' })
    assertRotatedInto(run)
    assert.deepEqual(world.github.secret(ORG, SECRET)?.selectedRepositoryIds, [102])
  })

  it('lets org-secret-visibility: all override an existing selected secret', async () => {
    world.github.putSecret(ORG, SECRET, world.oldToken, { visibility: 'selected', selectedRepositoryIds: [101] })
    const run = await world.run({ 'secret-targets': ORG, 'org-secret-visibility': 'all' })
    assertRotatedInto(run)
    assert.equal(world.github.secret(ORG, SECRET)?.visibility, 'all')
    const body = orgPuts()[0].body as Record<string, unknown>
    assert.equal(body.visibility, 'all')
    assert.ok(!('selected_repository_ids' in body), 'no selected_repository_ids with visibility all')
  })

  it('writes the token to every org target, each decrypting to the token output', async () => {
    world.github.addOrg('octo-labs')
    world.github.putSecret('org:octo-labs', SECRET, world.oldToken, { visibility: 'all' })
    const run = await world.run({ 'secret-targets': 'org:octo-org, org:octo-labs, octo-org/app' })
    assertRotatedInto(run, ORG)
    assertRotatedInto(run, 'org:octo-labs')
    assert.equal(world.github.secret('octo-org/app', SECRET)?.value, run.outputs.token)
    assert.equal(world.github.secret(ORG, SECRET)?.visibility, 'private', 'a new secret is private')
    assert.equal(world.github.secret('org:octo-labs', SECRET)?.visibility, 'all', 'an existing one keeps its visibility')
    assert.equal(run.outputs['secrets-updated'], 'org:octo-org\norg:octo-labs\nocto-org/app')
    assert.equal(world.graph.isValid(world.oldToken), false, 'the old token is revoked')
  })

  describe('preflight failures change nothing at Meta (promise 4)', () => {
    /** Meta was asked for nothing that changes state, the old token works, nothing was written. */
    function assertNothingChanged(run: ActionRun): void {
      assert.equal(run.code, 1, describeRun(run))
      assert.deepEqual(
        world.graph.requests.filter(r => r.path !== '/debug_token').map(r => `${r.method} ${r.path}`),
        [],
        'only debug_token was called: no /oauth/access_token, no revoke'
      )
      assert.equal(world.graph.isValid(world.oldToken), true, 'the old token still works')
      assert.deepEqual(world.validTokens(), [world.oldToken], 'no new token was minted')
      assert.deepEqual(
        world.github.requests.filter(r => r.method !== 'GET').map(r => `${r.method} ${r.path}`),
        [],
        'nothing was written at GitHub'
      )
      assert.equal(world.github.secret(ORG, SECRET), undefined)
      assert.equal(run.outputs.rotated, 'false')
      assert.equal(run.outputs.revoked, 'false')
      assert.equal(run.summary.split('\n')[0], '## Meta token: `rotate` ❌ failed to check secret targets')
    }

    it('fails on an unknown repository in org-secret-repositories and names it', async () => {
      const run = await world.run({
        'secret-targets': ORG,
        'org-secret-visibility': 'selected',
        'org-secret-repositories': 'app, ghost-repo',
      })
      assertNothingChanged(run)
      assert.match(run.errors[0], /ghost-repo/, 'the error names the repository')
      assert.match(run.errors[0], /org-secret-repositories/, 'the error names the input')
      assert.match(run.errors[0], /nothing was changed at Meta/)
    })

    it('fails on a github-token without the organization_secrets permission, and says GITHUB_TOKEN can never write secrets', async () => {
      const token = world.github.addToken({ permissions: { secrets: 'write', environments: 'write' } })
      world.secrets.push(token)
      const run = await world.run({ 'github-token': token, 'secret-targets': `octo-org/app\n${ORG}` })
      assertNothingChanged(run)
      assert.equal(world.github.secret('octo-org/app', SECRET), undefined, 'the writable target was not written either')
      const message = run.errors[0]
      assert.match(message, /org:octo-org/, 'the error names the target')
      assert.doesNotMatch(message.split('\n')[0], /octo-org\/app/, 'the writable target is not blamed')
      assert.match(message, /organization_secrets|"Secrets" organization permission/, 'the error names the missing permission')
      assert.match(message, /GITHUB_TOKEN can(?:not| never) write secrets/)
    })

    it('asks for write access to organization secrets, not just read, when the permission is missing', async () => {
      const token = world.github.addToken({ permissions: { secrets: 'write', environments: 'write' } })
      world.secrets.push(token)
      const run = await world.run({ 'github-token': token, 'secret-targets': ORG })
      assertNothingChanged(run)
      // Granting only what the message asks for must be enough for the next run. A token with
      // organization_secrets=read passes the public-key preflight, gets a new token minted, and
      // then fails the PUT (rollback).
      assert.match(
        run.errors[0],
        /organization_secrets(?:=|: ?)write|"Secrets" organization permission \(read and write\)/,
        `the fix asks for write access: ${run.errors[0]}`
      )
      assert.doesNotMatch(run.errors[0], /needs `organization_secrets=read`/, 'it does not suggest read access is enough')
    })
  })
})
