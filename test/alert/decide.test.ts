/**
 * Unit tests of the alert's decisions (src/alert/decide.ts) and of the marker that finds the
 * issue again (src/alert/text.ts).
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { judge, nextStep, type RunFacts, type Verdict } from '../../src/alert/decide.ts'
import { closesWhen, issueBody, marker, readMarker, withLevel, type RunContext } from '../../src/alert/text.ts'

function facts(overrides: Partial<RunFacts> = {}): RunFacts {
  return {
    operation: 'rotate',
    outcome: 'success',
    failedStep: '',
    secretName: 'META_ACCESS_TOKEN',
    minDaysRemaining: 14,
    daysRemaining: 59,
    expiresAt: '2027-01-21T10:00:00Z',
    isValid: true,
    tokenType: 'SYSTEM_USER',
    rotated: true,
    skipped: false,
    dryRun: false,
    ...overrides,
  }
}

function problem(verdict: Verdict) {
  assert.equal(verdict.kind, 'problem', JSON.stringify(verdict))
  return verdict as Extract<Verdict, { kind: 'problem' }>
}

describe('judge', () => {
  it('calls a successful rotation, refresh or generate healthy at the write level', () => {
    for (const operation of ['rotate', 'refresh', 'generate']) {
      assert.deepEqual(judge(facts({ operation })), {
        kind: 'healthy',
        level: 'write',
        summary: `\`${operation}\` succeeded; the token expires at 2027-01-21T10:00:00Z (59 days left).`,
      })
    }
  })

  it('calls a passing check or a skipped rotation healthy at the check level only', () => {
    assert.equal((judge(facts({ operation: 'check', rotated: false })) as { level: string }).level, 'check')
    const skipped = judge(facts({ skipped: true, rotated: false, daysRemaining: 40 }))
    assert.equal(skipped.kind, 'healthy')
    assert.equal((skipped as { level: string }).level, 'check')
    assert.match((skipped as { summary: string }).summary, /no renewal due/)
  })

  it('treats a never-expiring token as healthy', () => {
    const verdict = judge(facts({ daysRemaining: undefined, expiresAt: 'never' }))
    assert.equal(verdict.kind, 'healthy')
    assert.match((verdict as { summary: string }).summary, /never expires/)
  })

  it('sees a problem when a successful run shows fewer than min-days-remaining days', () => {
    const verdict = problem(judge(facts({ operation: 'check', daysRemaining: 13, rotated: false })))
    assert.equal(verdict.level, 'check')
    assert.equal(verdict.title, 'the token in `META_ACCESS_TOKEN` expires in 13 days')
    assert.match(verdict.todo[0], /Rotate now/)
    // Exactly min-days-remaining is fine (check fails only below it).
    assert.equal(judge(facts({ operation: 'check', daysRemaining: 14 })).kind, 'healthy')
  })

  it('blames renew-before-days when a skipped rotation leaves too few days', () => {
    const verdict = problem(judge(facts({ skipped: true, rotated: false, daysRemaining: 5 })))
    assert.match(verdict.todo[0], /raise `renew-before-days` above `min-days-remaining`/)
  })

  it('explains a short-lived token that a successful rotation produced', () => {
    const verdict = problem(judge(facts({ tokenType: 'USER', daysRemaining: 3 })))
    assert.match(verdict.todo[0], /lasts only 3 days \(type USER\)/)
    assert.match(verdict.todo[0], /`operation: generate` with `expiring: true`/)
  })

  it('says which step failed and what to do', () => {
    const plan = problem(judge(facts({ outcome: 'failure', failedStep: 'plan' })))
    assert.match(plan.title, /missing a secret or an input/)
    const app = problem(judge(facts({ outcome: 'failure', failedStep: 'github-app-token' })))
    assert.match(app.todo.join(' '), /"Secrets"/)
    assert.equal(app.level, 'write')
    const generic = problem(judge(facts({ outcome: 'failure', failedStep: 'action' })))
    assert.equal(generic.title, '`rotate` failed for `META_ACCESS_TOKEN`')
    assert.match(generic.todo[0], /Troubleshooting/)
  })

  it('sends a dead token to generate, at the check level (the token, not the pipeline, is broken)', () => {
    const verdict = problem(judge(facts({ outcome: 'failure', failedStep: 'action', isValid: false, daysRemaining: 0 })))
    assert.equal(verdict.level, 'check')
    assert.match(verdict.todo[0], /emergency revocation workflow/)
  })

  it('believes is-valid=false only when the stored token was inspected (the action defaults it to false)', () => {
    const notInspected = problem(
      judge(facts({ outcome: 'failure', failedStep: 'action', isValid: false, daysRemaining: undefined, expiresAt: '', tokenType: '' }))
    )
    assert.equal(notInspected.title, '`rotate` failed for `META_ACCESS_TOKEN`')
    // generate's is-valid describes the new token, not the stored one.
    const generate = problem(judge(facts({ operation: 'generate', outcome: 'failure', failedStep: 'action', isValid: false })))
    assert.equal(generate.title, '`generate` failed for `META_ACCESS_TOKEN`')
  })

  it('raises a failed revocation at the write level, with the manual way out', () => {
    const verdict = problem(
      judge(
        facts({
          operation: 'revoke',
          outcome: 'failure',
          failedStep: 'action',
          isValid: undefined,
          daysRemaining: undefined,
          expiresAt: '',
        })
      )
    )
    assert.equal(verdict.level, 'write')
    assert.match(verdict.todo.join(' '), /Revoke tokens/)
  })

  it('a failing check is a check-level problem; failures of writing operations are write-level', () => {
    assert.equal(problem(judge(facts({ operation: 'check', outcome: 'failure', failedStep: 'action' }))).level, 'check')
    for (const operation of ['rotate', 'refresh', 'generate', 'install-app']) {
      assert.equal(problem(judge(facts({ operation, outcome: 'failure', failedStep: 'action' }))).level, 'write')
    }
  })

  it('stays neutral for cancelled runs, revocations, app installs and dry runs (except dry-run checks)', () => {
    assert.equal(judge(facts({ outcome: 'cancelled' })).kind, 'neutral')
    assert.equal(judge(facts({ outcome: 'skipped' })).kind, 'neutral')
    assert.equal(judge(facts({ operation: 'revoke' })).kind, 'neutral')
    assert.equal(judge(facts({ operation: 'install-app' })).kind, 'neutral')
    assert.equal(judge(facts({ dryRun: true })).kind, 'neutral')
    assert.equal(judge(facts({ operation: 'check', dryRun: true })).kind, 'healthy')
    // A dry run that fails still reports.
    assert.equal(judge(facts({ dryRun: true, outcome: 'failure', failedStep: 'action' })).kind, 'problem')
  })
})

describe('nextStep', () => {
  const writeProblem = judge(facts({ outcome: 'failure', failedStep: 'action' }))
  const checkProblem = judge(facts({ operation: 'check', outcome: 'failure', failedStep: 'action' }))
  const healthyWrite = judge(facts())
  const healthyCheck = judge(facts({ operation: 'check' }))

  it('opens when no issue is open, comments otherwise, keeping the higher level', () => {
    assert.deepEqual(nextStep(writeProblem, undefined), { do: 'open' })
    assert.deepEqual(nextStep(checkProblem, { number: 4, level: 'write' }), { do: 'comment', level: 'write' })
    assert.deepEqual(nextStep(writeProblem, { number: 4, level: 'check' }), { do: 'comment', level: 'write' })
  })

  it('closes only when the healthy run proves at least what the issue is about', () => {
    assert.deepEqual(nextStep(healthyWrite, { number: 4, level: 'write' }), { do: 'close' })
    assert.deepEqual(nextStep(healthyWrite, { number: 4, level: 'check' }), { do: 'close' })
    assert.deepEqual(nextStep(healthyCheck, { number: 4, level: 'check' }), { do: 'close' })
    assert.equal(nextStep(healthyCheck, { number: 4, level: 'write' }).do, 'none')
  })

  it('does nothing when healthy without an issue, or neutral', () => {
    assert.equal(nextStep(healthyWrite, undefined).do, 'none')
    assert.equal(nextStep(judge(facts({ outcome: 'cancelled' })), { number: 1, level: 'check' }).do, 'none')
  })
})

describe('marker', () => {
  const ctx: RunContext = {
    operation: 'rotate',
    secretName: 'META_ACCESS_TOKEN',
    workflow: 'Rotate',
    runUrl: 'https://github.com/o/r/actions/runs/1',
    expiry: 'expiry unknown',
    now: '2026-11-23T10:00:00Z',
  }

  it('round-trips the secret name and level, and is found in a full issue body', () => {
    assert.deepEqual(readMarker(marker('META_ACCESS_TOKEN', 'write')), { secretName: 'META_ACCESS_TOKEN', level: 'write' })
    const body = issueBody(problem(judge(facts({ outcome: 'failure', failedStep: 'action' }))), ctx)
    assert.deepEqual(readMarker(body), { secretName: 'META_ACCESS_TOKEN', level: 'write' })
    assert.equal(readMarker('a body without one'), undefined)
    assert.equal(readMarker(null), undefined)
  })

  it('raises the level in place, including the sentence that says what closes the issue', () => {
    const body = issueBody(problem(judge(facts({ operation: 'check', outcome: 'failure', failedStep: 'action' }))), ctx)
    assert.ok(body.includes(closesWhen('check')))
    const raised = withLevel(body, 'META_ACCESS_TOKEN', 'write')
    assert.deepEqual(readMarker(raised), { secretName: 'META_ACCESS_TOKEN', level: 'write' })
    assert.ok(raised.includes(closesWhen('write')))
    assert.ok(!raised.includes(closesWhen('check')))
    // A body whose marker was edited away gets one again.
    assert.deepEqual(readMarker(withLevel('edited by hand', 'META_ACCESS_TOKEN', 'check')), {
      secretName: 'META_ACCESS_TOKEN',
      level: 'check',
    })
  })
})
