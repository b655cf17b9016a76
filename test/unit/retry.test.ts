import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { backoffMs, Deadline, withRetries } from '../../src/runtime/retry.ts'

const timing = { retryBaseMs: 100, retryMaxWaitMs: 1000, maxAttempts: 4, deadlineMs: 60_000, limitSecondMs: 1 }

describe('withRetries', () => {
  it('waits what the server asked for when it fits in the deadline', async () => {
    const waits: number[] = []
    let attempts = 0
    const result = await withRetries(
      async () => {
        if (++attempts < 3) throw new Error('limited')
        return 'done'
      },
      {
        timing,
        deadline: new Deadline(600_000),
        classify: () => ({ retry: true, waitMs: 120_000 }),
        sleep: async ms => void waits.push(ms),
      }
    )
    assert.equal(result, 'done')
    assert.deepEqual(waits, [120_000, 120_000])
  })

  it('stops at once, with the out-of-time error, when the wait would cross the deadline', async () => {
    const waits: number[] = []
    const error = await withRetries(
      async () => {
        throw new Error('limited')
      },
      {
        timing,
        deadline: new Deadline(60_000),
        classify: () => ({ retry: true, waitMs: 30 * 60_000 }),
        sleep: async ms => void waits.push(ms),
        onOutOfTime: (_e, waitMs) => new Error(`would wait ${waitMs}`),
      }
    ).catch(e => e)
    assert.equal(error.message, `would wait ${30 * 60_000}`)
    assert.deepEqual(waits, [])
  })

  it('gives up after maxAttempts and does not retry permanent errors', async () => {
    let attempts = 0
    await assert.rejects(
      withRetries(
        async () => {
          attempts++
          throw new Error('always')
        },
        { timing, deadline: new Deadline(60_000), classify: () => ({ retry: true }), sleep: async () => {} }
      ),
      /always/
    )
    assert.equal(attempts, 4)
    attempts = 0
    await assert.rejects(
      withRetries(
        async () => {
          attempts++
          throw new Error('permanent')
        },
        { timing, deadline: new Deadline(60_000), classify: () => ({ retry: false }), sleep: async () => {} }
      ),
      /permanent/
    )
    assert.equal(attempts, 1)
  })

  it('backs off with full jitter, doubling up to the cap', () => {
    for (let attempt = 1; attempt <= 8; attempt++) {
      const ceiling = Math.min(1000, 100 * 2 ** (attempt - 1))
      for (let i = 0; i < 50; i++) {
        const wait = backoffMs(attempt, timing)
        assert.ok(wait >= 0 && wait <= ceiling, `attempt ${attempt}: ${wait} > ${ceiling}`)
      }
    }
  })
})
