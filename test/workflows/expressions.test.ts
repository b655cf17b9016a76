/** The test-only expression evaluator behaves like GitHub's on the forms the workflows use. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { evaluate, interpolate, stepRuns } from './expressions.ts'

describe('expression evaluator (tests only)', () => {
  const contexts = {
    inputs: { operation: 'Generate', alert: true, 'min-days-remaining': 7 },
    secrets: { 'meta-admin-token': 'admin', 'meta-access-token': '' },
    steps: { plan: { outcome: 'success' }, 'app-token': { outcome: 'failure' }, token: { outcome: 'skipped', outputs: {} } },
    job: { status: 'failure' },
  }

  it('&& and || return operands; == ignores case; missing properties are null', () => {
    assert.equal(
      evaluate(
        "(inputs.operation == 'generate' || inputs.operation == 'install-app') && secrets.meta-admin-token || secrets.meta-access-token",
        contexts
      ),
      'admin'
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
  })

  it('interpolates into strings and applies the implied success() of if:', () => {
    assert.equal(interpolate('${{ inputs.min-days-remaining }} days, alert ${{ inputs.alert }}', contexts), '7 days, alert true')
    assert.equal(stepRuns('always() && inputs.alert', contexts), true)
    assert.equal(stepRuns("steps.plan.outcome == 'success'", contexts), false, 'the job has failed: success() is false')
    assert.equal(stepRuns(undefined, { ...contexts, job: { status: 'success' } }), true)
  })
})
