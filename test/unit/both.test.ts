import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { both } from '../../src/runtime/concurrency.ts'

const later = <T>(ms: number, value: T, fail = false): Promise<T> =>
  new Promise((resolve, reject) => setTimeout(() => (fail ? reject(new Error(String(value))) : resolve(value)), ms))

describe('both', () => {
  it('gives both results', async () => {
    assert.deepEqual(await both(later(5, 'a'), later(1, 2)), ['a', 2])
  })

  it('waits for the second step before throwing the first one’s failure, and the first failure wins', async () => {
    let secondDone = false
    const second = later(30, 'slow').then(value => {
      secondDone = true
      return value
    })
    await assert.rejects(both(later(1, 'first failed', true), second), /first failed/)
    assert.equal(secondDone, true, 'the second step had ended')
    await assert.rejects(both(later(20, 'first', true), later(1, 'second', true)), /^Error: first$/)
  })
})
