/**
 * Promise 7 (docs/promises.md): a run killed at any point (runner lost, job timeout) is cleaned up by the next
 * `rotate`, which reads the record through `previous-token`. The bundle runs as the runner runs
 * it and is killed with SIGKILL once the request that marks the point reaches a fake (held there,
 * so the run gets no further); then the scheduled workflow's next rotation runs with the token
 * of the first target and the record secret, and must leave one valid token, in every target,
 * and no record.
 */
import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import type { RecordedGitHubRequest } from '../fakes/github-server.ts'
import type { RecordedGraphRequest } from '../fakes/graph-server.ts'
import {
  assertTokensAccounted,
  held,
  nextRunInputs,
  RECORD,
  recordOf,
  SECRET,
  TARGET_LABELS,
  TARGETS,
} from '../helpers/token-invariants.ts'
import { watch } from '../helpers/watch.ts'
import { describeRun, World } from '../helpers/world.ts'

const LIMIT = { timeout: 20_000 }

/** The tokens of a killed rotation, by role: an earlier one already in the record, the old one, the new one. */
type Role = 'earlier' | 'old' | 'new'

interface KillPoint {
  name: string
  /** Faults that hold the run at the point (and apply what happened before it). */
  hold: (world: World) => void
  /** The requests the kill waits for, and how many of them. */
  github?: (request: RecordedGitHubRequest) => boolean
  graph?: (request: RecordedGraphRequest) => boolean
  count?: number
  /** What the run left when it was killed. */
  targets: Role[]
  record: Role[]
  valid: Role[]
  /** The contract's gap: the new token was never recorded, so nothing can revoke it. */
  gap?: boolean
}

const tokenWrite = (request: RecordedGitHubRequest) => request.method === 'PUT' && request.path.endsWith(`/${SECRET}`)
const recordWrite = (request: RecordedGitHubRequest) => request.method === 'PUT' && request.path.endsWith(`/${RECORD}`)
const revoke = (request: RecordedGraphRequest) => request.path === '/oauth/revoke'
const writePath = (target: string) =>
  target.includes(':')
    ? `/repos/octo-org/app/environments/${target.split(':')[1]}/secrets/${SECRET}`
    : `/repos/${target}/actions/secrets/${SECRET}`

const POINTS: KillPoint[] = [
  {
    name: 'between the refresh and the record write (the gap the contract names)',
    hold: world => world.github.injectFault({ method: 'PUT', path: /_PREVIOUS$/, hang: true }),
    github: recordWrite,
    targets: ['old', 'old', 'old'],
    record: ['earlier'],
    valid: ['earlier', 'old', 'new'],
    gap: true,
  },
  {
    name: 'after the record write, before any target write',
    hold: world => world.github.injectFault({ method: 'PUT', path: /_PREVIOUS$/, apply: true, hang: true }),
    github: recordWrite,
    targets: ['old', 'old', 'old'],
    record: ['earlier', 'old', 'new'],
    valid: ['earlier', 'old', 'new'],
  },
  {
    name: 'after some target writes (the first and the middle one landed, the last did not)',
    hold: world => {
      world.github.injectFault({ method: 'PUT', path: writePath(TARGET_LABELS[1]), apply: true, hang: true })
      world.github.injectFault({ method: 'PUT', path: writePath(TARGET_LABELS[2]), hang: true })
    },
    github: tokenWrite,
    count: 3,
    targets: ['new', 'new', 'old'],
    record: ['earlier', 'old', 'new'],
    valid: ['earlier', 'old', 'new'],
  },
  {
    name: 'after the last target write landed, before its answer',
    hold: world => {
      for (const target of TARGET_LABELS) world.github.injectFault({ method: 'PUT', path: writePath(target), apply: true, hang: true })
    },
    github: tokenWrite,
    count: 3,
    targets: ['new', 'new', 'new'],
    record: ['earlier', 'old', 'new'],
    valid: ['earlier', 'old', 'new'],
  },
  {
    name: 'before the revokes',
    hold: world => world.graph.injectFault({ path: '/oauth/revoke', hang: true, times: 2 }),
    graph: revoke,
    targets: ['new', 'new', 'new'],
    record: ['earlier', 'old', 'new'],
    valid: ['earlier', 'old', 'new'],
  },
  {
    name: 'after the revokes, before the record is deleted',
    hold: world => world.graph.injectFault({ path: '/oauth/revoke', afterHandling: true, hang: true, times: 2 }),
    graph: revoke,
    count: 2,
    targets: ['new', 'new', 'new'],
    record: ['earlier', 'old', 'new'],
    valid: ['new'],
  },
  {
    name: 'during a rollback, after the first restore (the last target refused the new token)',
    hold: world => {
      world.github.injectFault({ method: 'PUT', path: writePath(TARGET_LABELS[2]), status: 403, body: { message: 'Forbidden' } })
      world.github.injectFault({ method: 'PUT', path: writePath(TARGET_LABELS[1]), skip: 1, hang: true })
    },
    // Three writes, then the two restores (that of the middle target is held).
    github: tokenWrite,
    count: 5,
    targets: ['old', 'new', 'old'],
    record: ['earlier', 'old', 'new'],
    valid: ['earlier', 'old', 'new'],
  },
  {
    name: 'during a rollback, after the unused new token was revoked, before the record says so',
    hold: world => {
      world.github.injectFault({ method: 'PUT', path: writePath(TARGET_LABELS[2]), status: 403, body: { message: 'Forbidden' } })
      world.graph.injectFault({ path: '/oauth/revoke', afterHandling: true, hang: true })
    },
    graph: revoke,
    targets: ['old', 'old', 'old'],
    record: ['earlier', 'old', 'new'],
    valid: ['earlier', 'old'],
  },
  {
    name: 'while the record is deleted',
    hold: world => world.github.injectFault({ method: 'DELETE', path: /_PREVIOUS$/, apply: true, hang: true }),
    github: request => request.method === 'DELETE',
    targets: ['new', 'new', 'new'],
    record: [],
    valid: ['new'],
  },
]

describe('a rotation killed halfway is cleaned up by the next one', () => {
  let world: World
  let earlier: string
  beforeEach(async () => {
    world = await World.start({ daysLeft: 10 })
    for (const target of TARGET_LABELS) world.github.putSecret(target, SECRET, world.oldToken)
    // A token an earlier run replaced and could not revoke: it is in the record already.
    earlier = world.graph.mintToken({ appId: world.app.id, userId: world.systemUserId, scopes: ['ads_management'] })
    world.secrets.push(earlier)
    world.github.putSecret(TARGET_LABELS[0], RECORD, earlier)
  })
  afterEach(() => world.close())

  for (const point of POINTS) {
    it(`killed ${point.name}`, LIMIT, async () => {
      point.hold(world)
      const kill = new AbortController()
      let seen = 0
      const count = (matches: boolean) => {
        if (matches && ++seen === (point.count ?? 1)) kill.abort()
      }
      if (point.github) watch(world.github.requests, request => count(point.github?.(request) ?? false))
      if (point.graph) watch(world.graph.requests, request => count(point.graph?.(request) ?? false))

      const killed = await world.runBundle({ 'secret-targets': TARGETS, 'previous-token': earlier }, {}, { kill: kill.signal })
      assert.equal(killed.code, null, `the run was killed: ${describeRun(killed)}`)

      // Where the run stopped.
      // The new token is in the record, or (before the record write and once it is deleted) valid still.
      const known = (token: string) => token === world.oldToken || token === earlier
      const minted = [...new Set([...recordOf(world), ...world.validTokens()].filter(token => !known(token)))]
      assert.equal(minted.length, 1, 'the killed run minted one token')
      const [newToken] = minted
      const roles: Record<Role, string> = { earlier, old: world.oldToken, new: newToken }
      const roleOf = (token: string | undefined) => (Object.keys(roles) as Role[]).find(role => roles[role] === token) ?? token
      assert.deepEqual(held(world).map(roleOf), point.targets, 'the targets when the run was killed')
      assert.deepEqual(recordOf(world).map(roleOf), point.record, 'the record when the run was killed')
      assert.deepEqual(world.validTokens().map(roleOf).sort(), [...point.valid].sort(), 'the valid tokens when the run was killed')
      assertTokensAccounted(world, { untracked: point.gap ? [newToken] : [] })

      // The next scheduled rotation, with nothing held any more.
      world.github.clearFaults()
      world.graph.clearFaults()
      const next = await world.run(nextRunInputs(world))
      assert.equal(next.code, 0, describeRun(next))
      const current = next.outputs.token
      assert.deepEqual(held(world), [current, current, current], 'every target holds the token of the next run')
      assert.equal(world.github.secret(TARGET_LABELS[0], RECORD), undefined, 'no record is left')
      assert.deepEqual(
        world.validTokens().map(roleOf).sort(),
        (point.gap ? [current, 'new'] : [current]).sort(),
        point.gap ? 'only the never-recorded token of the killed run is left besides the current one' : 'every other token is revoked'
      )
      assertTokensAccounted(world, { untracked: point.gap ? [newToken] : [] })
    })
  }
})
