/**
 * What must hold after any run, however it ended (Promises 3 and 7 of the contract): no target
 * holds a token that Meta considers invalid, and every token of the app that still works is
 * accounted for, held by some target or kept in the previous-token record.
 */
import assert from 'node:assert/strict'
import type { World } from './world.ts'

export const SECRET = 'META_ACCESS_TOKEN'
export const RECORD = `${SECRET}_PREVIOUS`

/** Three targets of the World, in `secret-targets` order: the first holds the record. */
export const TARGET_LABELS = ['octo-org/app', 'octo-org/app:prod/eu', 'octo-org/site']
export const TARGETS = TARGET_LABELS.join('\n')

/** The token each target holds (undefined where the secret does not exist). */
export function held(world: World, targets = TARGET_LABELS): Array<string | undefined> {
  return targets.map(target => world.github.secret(target, SECRET)?.value)
}

/** The record's tokens, one a line (none when the secret does not exist), without its comment line. */
export function recordOf(world: World, firstTarget = TARGET_LABELS[0]): string[] {
  const value = world.github.secret(firstTarget, RECORD)?.value
  return value === undefined ? [] : value.split('\n').filter(line => !line.startsWith('#'))
}

/**
 * The inputs the scheduled workflow passes to its next `rotate`: the token in the first target
 * as `access-token`, the record secret as `previous-token` (empty when there is none).
 */
export function nextRunInputs(world: World, targets = TARGET_LABELS): Record<string, string> {
  return {
    'secret-targets': targets.join('\n'),
    'access-token': world.github.secret(targets[0], SECRET)?.value ?? '',
    'previous-token': world.github.secret(targets[0], RECORD)?.value ?? '',
  }
}

export interface InvariantOptions {
  targets?: string[]
  /** Tokens the test revoked on purpose, which a target may still hold. */
  revokedOnPurpose?: string[]
  /** Valid tokens that are known to be untracked (the contract's gaps), e.g. one minted by a run killed before its record write. */
  untracked?: string[]
}

/** Names a token for an assertion message without quoting it. */
function nameOf(world: World, token: string): string {
  if (token === world.oldToken) return 'the old token'
  const index = world.secrets.indexOf(token)
  return index >= 0 ? `secret #${index} of the world` : 'a token the world never saw'
}

export function assertTokensAccounted(world: World, options: InvariantOptions = {}): void {
  const targets = options.targets ?? TARGET_LABELS
  const inTargets = held(world, targets)
  targets.forEach((target, index) => {
    const token = inTargets[index]
    if (token === undefined || options.revokedOnPurpose?.includes(token)) return
    assert.ok(world.graph.isValid(token), `${target} holds ${nameOf(world, token)}, which Meta no longer accepts`)
  })
  const record = recordOf(world, targets[0])
  const untracked = world
    .validTokens()
    .filter(token => !inTargets.includes(token) && !record.includes(token) && !options.untracked?.includes(token))
  assert.deepEqual(
    untracked.map(token => nameOf(world, token)),
    [],
    'every valid token of the app is held by a target or kept in the record'
  )
}
