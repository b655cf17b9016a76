import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { answerMayBeLost, classifyGraphError, fixForGraphError, GraphError, isRetryableGraphError } from '../../src/graph/errors.ts'
import { readUsage, regainAccessMinutes } from '../../src/graph/usage.ts'

function graphError(
  code: number,
  status = 400,
  extra: Partial<{ isTransient: boolean; message: string; subcode: number; minutes: number; appUsage: number }> = {}
) {
  return new GraphError({
    endpoint: 'oauth/access_token',
    kind: 'graph',
    status,
    code,
    subcode: extra.subcode,
    isTransient: extra.isTransient,
    graphMessage: extra.message ?? 'some error',
    regainAccessMinutes: extra.minutes,
    appUsagePercent: extra.appUsage,
  })
}

describe('Graph error classification (graph-api.md §4.2)', () => {
  it('retries code 1 only with HTTP 5xx or is_transient, code 2 ("temporary") always', () => {
    assert.equal(isRetryableGraphError(graphError(1, 500)), true)
    assert.equal(isRetryableGraphError(graphError(1, 400, { isTransient: true })), true)
    assert.equal(isRetryableGraphError(graphError(1, 400)), false)
    assert.equal(isRetryableGraphError(graphError(2, 400, { isTransient: true })), true)
    assert.equal(isRetryableGraphError(graphError(2, 400)), true)
  })

  it('never retries "Error validating client secret."', () => {
    assert.equal(isRetryableGraphError(graphError(1, 400, { message: 'Error validating client secret.' })), false)
    assert.equal(isRetryableGraphError(graphError(1, 500, { message: 'Error validating client secret.', isTransient: true })), false)
  })

  it('retries the rate-limit codes', () => {
    for (const code of [32, 341, 613, 80000, 80004, 80014]) assert.equal(isRetryableGraphError(graphError(code, 403)), true, `code ${code}`)
    assert.equal(isRetryableGraphError(graphError(80015)), false)
  })

  it('retries the hourly app and user limits (4, 17) only when the usage headers give something to go by', () => {
    for (const code of [4, 17]) {
      assert.equal(isRetryableGraphError(graphError(code, 403)), false, `code ${code} without usage headers`)
      assert.equal(isRetryableGraphError(graphError(code, 403, { appUsage: 100 })), false, `code ${code} at 100 %`)
      assert.equal(isRetryableGraphError(graphError(code, 403, { appUsage: 80 })), true, `code ${code} at 80 %`)
      assert.equal(isRetryableGraphError(graphError(code, 403, { minutes: 0 })), true, `code ${code}, 0 minutes to regain access`)
      assert.deepEqual(classifyGraphError(graphError(code, 403, { minutes: 3 })), { retry: true, waitMs: 180_000 })
    }
    assert.match(
      fixForGraphError(graphError(4, 403)),
      /rolling hour and Meta gave no time to wait, so the call was not retried: run again later, after an hour/
    )
    assert.match(fixForGraphError(graphError(17, 400, { appUsage: 104 })), /user request limit .* X-App-Usage says 104 % /)
  })

  it('treats token, permission and parameter errors as permanent', () => {
    for (const [code, subcode] of [[190, 463], [190, 460], [190, 458], [190, 467], [102], [10], [200], [299], [100], [101], [3962]]) {
      assert.equal(isRetryableGraphError(graphError(code, 400, { subcode })), false, `code ${code}`)
    }
  })

  it('retries transport failures and 5xx without a Graph body, not other HTTP failures', () => {
    assert.equal(isRetryableGraphError(new GraphError({ endpoint: 'x', kind: 'network', graphMessage: 'reset' })), true)
    assert.equal(isRetryableGraphError(new GraphError({ endpoint: 'x', kind: 'timeout', graphMessage: 'slow' })), true)
    assert.equal(isRetryableGraphError(new GraphError({ endpoint: 'x', kind: 'http', status: 502, graphMessage: 'bad gateway' })), true)
    assert.equal(isRetryableGraphError(new GraphError({ endpoint: 'x', kind: 'http', status: 404, graphMessage: 'html page' })), false)
  })

  it('waits as long as X-Business-Use-Case-Usage says (minutes)', () => {
    assert.equal(
      regainAccessMinutes('{"123":[{"type":"ads_management","estimated_time_to_regain_access":3},{"estimated_time_to_regain_access":7}]}'),
      7
    )
    assert.equal(regainAccessMinutes('{"123":[{"estimated_time_to_regain_access":0}]}'), 0)
    assert.equal(regainAccessMinutes('not json'), undefined)
    const headers = new Headers({ 'x-app-usage': '{"call_count":28,"total_time":101,"total_cputime":25}' })
    assert.deepEqual(readUsage(headers), { regainAccessMinutes: undefined, appUsagePercent: 101 })
    assert.deepEqual(classifyGraphError(graphError(80004, 400, { minutes: 2 })), { retry: true, waitMs: 120_000 })
    assert.deepEqual(classifyGraphError(graphError(190)), { retry: false })
  })

  it('tells a call Meta may have carried out (lost answer, server error) from a refusal', () => {
    const cases: Array<[GraphError, boolean]> = [
      [new GraphError({ endpoint: 'x', kind: 'network', graphMessage: 'reset' }), true],
      [new GraphError({ endpoint: 'x', kind: 'timeout', graphMessage: 'slow' }), true],
      [new GraphError({ endpoint: 'x', kind: 'http', status: 502, graphMessage: 'bad gateway' }), true],
      [graphError(2, 500, { isTransient: true }), true],
      [graphError(1, 400), true],
      [graphError(1, 400, { message: 'Error validating client secret.' }), false],
      [graphError(4, 403), false],
      [graphError(80004), false],
      [graphError(200, 403), false],
      [graphError(100), false],
      [graphError(190, 400, { subcode: 463 }), false],
    ]
    for (const [error, lost] of cases)
      assert.equal(answerMayBeLost(error), lost, `${error.kind} ${error.code ?? ''} HTTP ${error.status ?? '-'}`)
  })
})
