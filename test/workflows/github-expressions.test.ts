/** The adapter over GitHub's expression library: contexts, status functions, the implied success() of if:, string coercion. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { evaluate, interpolate, stepRuns } from './github-expressions.ts'

describe('workflow expressions (GitHub’s evaluator, test contexts)', () => {
  const contexts = {
    inputs: { operation: 'Generate', alert: true, 'min-days-remaining': 7 },
    secrets: { 'meta-admin-token': 'admin', 'meta-access-token': '' },
    steps: { plan: { outcome: 'success' }, 'app-token': { outcome: 'failure' }, token: { outcome: 'skipped', outputs: {} } },
    job: { status: 'failure' },
  }

  it('reads the contexts: names with -, index access, missing properties are null; && and || return operands', () => {
    assert.equal(
      evaluate(
        "(inputs.operation == 'generate' || inputs.operation == 'install-app') && secrets.meta-admin-token || secrets.meta-access-token",
        contexts
      ),
      'admin',
      '== ignores case'
    )
    assert.equal(
      evaluate("steps.plan.outcome == 'failure' && 'plan' || steps.app-token.outcome == 'failure' && 'github-app-token' || ''", contexts),
      'github-app-token'
    )
    assert.equal(evaluate("secrets.meta-access-token != ''", contexts), false)
    assert.equal(evaluate('steps.token.outputs.rotated', contexts), null)
    assert.equal(evaluate('!inputs.alert', contexts), false)
    assert.equal(evaluate("secrets[format('{0}-token', 'meta-admin')]", contexts), 'admin', 'index access and format()')
    assert.equal(evaluate('secrets[inputs.operation]', contexts), null)
    assert.equal(evaluate("contains(inputs.operation, 'GEN') && contains(fromJSON('[\"a\",\"b\"]'), 'b')", contexts), true)
    assert.throws(() => evaluate('inputs.operation ==', contexts), 'a malformed expression is an error, not a value')
  })

  it('interpolates into strings as GitHub coerces values, and applies the implied success() of if:', () => {
    assert.equal(
      interpolate('${{ inputs.min-days-remaining }} days, alert ${{ inputs.alert }}, ${{ steps.token.outputs.x }}.', contexts),
      '7 days, alert true, .'
    )
    assert.equal(interpolate('${{ steps.token.outputs }}', contexts), '{}')
    assert.equal(stepRuns('always() && inputs.alert', contexts), true)
    assert.equal(stepRuns('${{ failure() }}', contexts), true)
    assert.equal(stepRuns("steps.plan.outcome == 'success'", contexts), false, 'the job has failed: success() is false')
    assert.equal(stepRuns("'always()' != ''", contexts), false, 'a status function named in a string is not a call')
    assert.equal(stepRuns(undefined, { ...contexts, job: { status: 'success' } }), true)
  })
})
