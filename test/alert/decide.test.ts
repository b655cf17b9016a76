/**
 * Unit tests of the alert's decisions (src/alert/decide.ts) and of the marker that finds the
 * issue again (src/alert/text.ts).
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { HOSTILE_TEXTS } from '../helpers/inert.ts'
import { assertInertIssue } from './inert-issue.ts'
import { type AdminFacts, expiryText, judge, MAX_DAYS, nextStep, type RunFacts, type Verdict } from '../../src/alert/decide.ts'
import {
  closesWhen,
  failureComment,
  issueBody,
  issueTitle,
  marker,
  markerKey,
  readMarker,
  withMarker,
  type RunContext,
} from '../../src/alert/text.ts'

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
    replaced: false,
    revoked: undefined,
    failureStep: '',
    failureMessage: '',
    nextStep: '',
    findings: [],
    admin: undefined,
    ...overrides,
  }
}

function problem(verdict: Verdict) {
  assert.equal(verdict.kind, 'problem', JSON.stringify(verdict))
  return verdict as Extract<Verdict, { kind: 'problem' }>
}

/** The issue's title as GitHub lists it: the secret once, then the problem. */
function titleOf(verdict: Verdict): string {
  const ctx = {
    repository: 'octo-org/app',
    operation: 'rotate',
    secretName: 'META_ACCESS_TOKEN',
    workflow: 'Meta token',
    runUrl: '',
    expiry: '',
    now: '',
  }
  return issueTitle(problem(verdict), ctx)
}

describe('judge', () => {
  it('calls a successful rotation, refresh or generate healthy at the write level', () => {
    for (const operation of ['rotate', 'refresh', 'generate']) {
      assert.deepEqual(judge(facts({ operation })), {
        kind: 'healthy',
        level: 'write',
        summary: `\`${operation}\` succeeded; the token expires at 2027-01-21T10:00:00Z (59 days left).`,
        adminChecked: false,
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

  it('sees a problem in a never-expiring token (it cannot be rotated): replace it with a 60-day token', () => {
    for (const operation of ['check', 'rotate', 'refresh', 'generate']) {
      const verdict = problem(judge(facts({ operation, daysRemaining: undefined, expiresAt: 'never', rotated: false })))
      assert.equal(verdict.level, 'check', 'a passing check of a 60-day token closes it')
      assert.equal(titleOf(verdict), 'Meta token META_ACCESS_TOKEN: the token never expires')
      assert.match(verdict.todo[0], /run meta-token\.yml by hand .* with operation `generate`/)
      assert.match(verdict.todo[0], /`META_ADMIN_TOKEN` in the environment `meta-token-keeper` and `system-user-id` set in meta-token\.yml/)
    }
  })

  it('sees a problem when a successful run shows fewer than min-days-remaining days', () => {
    const verdict = problem(judge(facts({ operation: 'check', daysRemaining: 13, rotated: false })))
    assert.equal(verdict.level, 'check')
    assert.equal(titleOf(verdict), 'Meta token META_ACCESS_TOKEN: the token expires in 13 days')
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
    assert.match(verdict.todo[0], /lasts only 3 days \(type `USER`\)/)
    assert.match(verdict.todo[0], /Generate a system user token instead: .*run meta-token\.yml by hand .* with operation `generate`\.$/)
  })

  it('says which step failed and what to do', () => {
    const plan = problem(judge(facts({ outcome: 'failure', failedStep: 'plan' })))
    assert.match(plan.title, /missing a secret or an input/)
    const app = problem(judge(facts({ outcome: 'failure', failedStep: 'github-app-token' })))
    assert.match(app.todo.join(' '), /"Secrets"/)
    assert.equal(app.level, 'write')
    const generic = problem(judge(facts({ outcome: 'failure', failedStep: 'action' })))
    assert.equal(titleOf(generic), 'Meta token META_ACCESS_TOKEN: rotate failed')
    assert.match(generic.todo[0], /Troubleshooting/)
  })

  it('sends a dead token to generate, at the check level (the token, not the pipeline, is broken)', () => {
    const verdict = problem(judge(facts({ outcome: 'failure', failedStep: 'action', isValid: false, daysRemaining: 0 })))
    assert.equal(verdict.level, 'check')
    assert.match(verdict.todo[0], /with operation `generate`, or run the emergency workflow \(meta-token-emergency\.yml\)/)
  })

  it('believes is-valid=false only when the stored token was inspected (the action defaults it to false)', () => {
    const notInspected = problem(
      judge(facts({ outcome: 'failure', failedStep: 'action', isValid: false, daysRemaining: undefined, expiresAt: '', tokenType: '' }))
    )
    assert.equal(titleOf(notInspected), 'Meta token META_ACCESS_TOKEN: rotate failed')
    // generate's is-valid describes the new token, not the stored one.
    const generate = problem(judge(facts({ operation: 'generate', outcome: 'failure', failedStep: 'action', isValid: false })))
    assert.equal(titleOf(generate), 'Meta token META_ACCESS_TOKEN: generate failed')
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

  describe('emergency', () => {
    const emergency = (overrides: Partial<RunFacts> = {}) =>
      facts({ operation: 'emergency', rotated: false, replaced: false, revoked: true, tokenType: '', ...overrides })

    it('without a replacement: the leak is closed, the secret is dead, and the issue says how to store a new token', () => {
      const verdict = problem(judge(emergency({ daysRemaining: undefined, expiresAt: '', isValid: undefined })))
      assert.equal(verdict.level, 'check', 'a passing check of the new token shows it is resolved')
      assert.equal(
        titleOf(verdict),
        'Meta token META_ACCESS_TOKEN: the leaked token is revoked; store a new one now (the secret holds the revoked token)'
      )
      assert.match(verdict.details, /revoked every leaked token/)
      assert.match(
        verdict.details,
        /`META_ACCESS_TOKEN` holds a revoked token, and everything that reads it fails until a new token is stored/
      )
      assert.doesNotMatch(verdict.title, /failed/)
      const store = verdict.todo[0]
      for (const way of [
        'run meta-token.yml by hand (Actions → the workflow → Run workflow) with operation `generate`',
        'run the emergency workflow (meta-token-emergency.yml) again',
        '`gh secret set META_ACCESS_TOKEN`',
      ])
        assert.ok(store.includes(way), `${way} in ${store}`)
      assert.equal(verdict.cause, undefined)
      // A dry run changed nothing; a replacement makes it healthy, at the level that closes failed rotations.
      assert.equal(judge(emergency({ dryRun: true })).kind, 'neutral')
      assert.deepEqual(judge(emergency({ replaced: true, rotated: true })), {
        kind: 'healthy',
        level: 'write',
        summary:
          '`emergency` succeeded: every leaked token is dead and a replacement is stored; the token expires at 2027-01-21T10:00:00Z (59 days left).',
        adminChecked: false,
      })
    })

    const failed = { outcome: 'failure', failedStep: 'action', failureStep: 'write secrets', failureMessage: 'octo-org/web: 403.' } as const
    for (const { name, given, says, todo } of [
      {
        name: 'a target kept the revoked token',
        given: { revoked: true, replaced: false, nextStep: 'Give the App "Secrets: write" on octo-org/web.' },
        says: [
          /Every leaked token is dead\./,
          /`META_ACCESS_TOKEN` holds no replacement in some or all of its targets: there it holds the revoked token/,
        ],
        todo: [
          /^Give the App "Secrets: write" on octo-org\/web\.$/,
          /^If the cause cannot be fixed at once, store a new token where the replacement is missing, one of three ways/,
        ],
      },
      {
        name: 'a revoke failed, with a replacement stored',
        given: { revoked: false, replaced: true, nextStep: 'Revoke it by hand now.' },
        says: [
          /Not every leaked token is confirmed dead/,
          /A replacement is stored in every target of `META_ACCESS_TOKEN`, but a later step failed\./,
        ],
        todo: [/^Revoke it by hand now\.$/],
      },
      {
        name: 'a revoke failed, no replacement, no next step',
        given: { revoked: false, replaced: false, nextStep: '' },
        says: [/Not every leaked token is confirmed dead/, /there it holds the old token/],
        todo: [/^Open the failed run/, /revoke the token by hand/, /store a new token where the replacement is missing/],
      },
    ]) {
      it(`failed (${name}): the leak response is incomplete, with the action's message and next step`, () => {
        const verdict = problem(judge(emergency({ ...failed, ...given })))
        assert.equal(verdict.level, 'write')
        assert.equal(titleOf(verdict), 'Meta token META_ACCESS_TOKEN: the leak response is incomplete')
        assert.equal(verdict.cause, 'write secrets: octo-org/web: 403.')
        for (const pattern of says) assert.match(verdict.details, pattern)
        assert.equal(verdict.todo.length, todo.length, verdict.todo.join('\n'))
        todo.forEach((pattern, index) => assert.match(verdict.todo[index], pattern))
      })
    }

    it('stopped before the action ran: the leaked token still works, revoke it by hand first', () => {
      for (const failedStep of ['plan', 'github-app-token'] as const) {
        const verdict = problem(judge(emergency({ outcome: 'failure', failedStep, revoked: undefined })))
        assert.match(verdict.title, /^the leaked token was not revoked \(/)
        assert.match(verdict.details, /The leaked token in `META_ACCESS_TOKEN` still works\.$/)
        assert.match(verdict.todo[0], /revoke the token by hand/)
      }
    })

    it('a failed dry run revoked nothing and meant not to: an ordinary failure', () => {
      for (const failedStep of ['plan', 'action'] as const) {
        const verdict = problem(judge(emergency({ outcome: 'failure', failedStep, dryRun: true, revoked: false })))
        assert.doesNotMatch(verdict.title, /leak|revoked/)
        assert.doesNotMatch(verdict.details, /leaked token|still works/)
      }
    })

    it('the closing rule names the emergency that stores a replacement', () => {
      const unreplaced = problem(judge(emergency()))
      assert.deepEqual(nextStep(judge(emergency({ replaced: true })), { number: 3, level: unreplaced.level, admin: false }), {
        do: 'close',
      })
      assert.deepEqual(nextStep(judge(emergency({ replaced: true })), { number: 3, level: 'write', admin: false }), { do: 'close' })
      assert.match(closesWhen('write'), /`emergency` that stores a replacement/)
    })
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
    assert.deepEqual(nextStep(checkProblem, { number: 4, level: 'write', admin: false }), { do: 'comment', level: 'write', admin: false })
    assert.deepEqual(nextStep(writeProblem, { number: 4, level: 'check', admin: true }), { do: 'comment', level: 'write', admin: true })
  })

  it('closes only when the healthy run proves at least what the issue is about', () => {
    assert.deepEqual(nextStep(healthyWrite, { number: 4, level: 'write', admin: false }), { do: 'close' })
    assert.deepEqual(nextStep(healthyWrite, { number: 4, level: 'check', admin: false }), { do: 'close' })
    assert.deepEqual(nextStep(healthyCheck, { number: 4, level: 'check', admin: false }), { do: 'close' })
    assert.equal(nextStep(healthyCheck, { number: 4, level: 'write', admin: false }).do, 'none')
  })

  it('does nothing when healthy without an issue, or neutral', () => {
    assert.equal(nextStep(healthyWrite, undefined).do, 'none')
    assert.equal(nextStep(judge(facts({ outcome: 'cancelled' })), { number: 1, level: 'check', admin: false }).do, 'none')
  })
})

describe('marker', () => {
  const KEY = markerKey('o/r', 'META_ACCESS_TOKEN')
  it('has a key per repository and secret', () => {
    assert.match(KEY, /^[0-9a-f]{20}$/)
    assert.equal(markerKey('O/R', 'META_ACCESS_TOKEN'), KEY, 'owner and repository names are case-insensitive')
    assert.notEqual(markerKey('o/other', 'META_ACCESS_TOKEN'), KEY)
    assert.notEqual(markerKey('o/r', 'META_OTHER_TOKEN'), KEY)
  })

  const ctx: RunContext = {
    repository: 'o/r',
    operation: 'rotate',
    secretName: 'META_ACCESS_TOKEN',
    workflow: 'Rotate',
    runUrl: 'https://github.com/o/r/actions/runs/1',
    expiry: 'expiry unknown',
    now: '2026-11-23T10:00:00Z',
  }

  it('round-trips the secret name and level, and is found in a full issue body', () => {
    assert.deepEqual(readMarker(marker('o/r', 'META_ACCESS_TOKEN', 'write')), {
      secretName: 'META_ACCESS_TOKEN',
      key: KEY,
      level: 'write',
      admin: false,
    })
    assert.deepEqual(readMarker(marker('o/r', 'META_ACCESS_TOKEN', 'check', true)), {
      secretName: 'META_ACCESS_TOKEN',
      key: KEY,
      level: 'check',
      admin: true,
    })
    const body = issueBody(problem(judge(facts({ outcome: 'failure', failedStep: 'action' }))), ctx)
    assert.deepEqual(readMarker(body), { secretName: 'META_ACCESS_TOKEN', key: KEY, level: 'write', admin: false })
    assert.equal(readMarker('a body without one'), undefined)
    assert.equal(readMarker(null), undefined)
  })

  it('raises the level in place, including the sentence that says what closes the issue', () => {
    const body = issueBody(problem(judge(facts({ operation: 'check', outcome: 'failure', failedStep: 'action' }))), ctx)
    assert.ok(body.includes(closesWhen('check')))
    const raised = withMarker(body, 'o/r', 'META_ACCESS_TOKEN', 'write', false)
    assert.deepEqual(readMarker(raised), { secretName: 'META_ACCESS_TOKEN', key: KEY, level: 'write', admin: false })
    assert.ok(raised.includes(closesWhen('write')))
    assert.ok(!raised.includes(closesWhen('check')))
    // The admin flag, added and kept once: the sentence is replaced, never repeated.
    const withAdmin = withMarker(withMarker(raised, 'o/r', 'META_ACCESS_TOKEN', 'write', true), 'o/r', 'META_ACCESS_TOKEN', 'write', true)
    assert.deepEqual(readMarker(withAdmin), { secretName: 'META_ACCESS_TOKEN', key: KEY, level: 'write', admin: true })
    assert.equal(withAdmin.split('also about the admin token').length, 2)
    assert.equal(withAdmin.split('The next successful').length, 2)
    // An issue opened by 1.0.0 has its older sentence replaced too.
    const older = 'The next healthy run (a passing `check`, or a successful `rotate`, `refresh` or `generate`) closes it.'
    const upgraded = withMarker(
      `${marker('o/r', 'META_ACCESS_TOKEN', 'check')}\n\nOpened by the alert. ${older}`,
      'o/r',
      'META_ACCESS_TOKEN',
      'write',
      false
    )
    assert.ok(upgraded.endsWith(closesWhen('write')), upgraded)
    // A body whose marker was edited away gets one again.
    assert.deepEqual(readMarker(withMarker('edited by hand', 'o/r', 'META_ACCESS_TOKEN', 'check', false)), {
      secretName: 'META_ACCESS_TOKEN',
      key: KEY,
      level: 'check',
      admin: false,
    })
  })
})

describe("the main action's failure in the issue", () => {
  const ctx: RunContext = {
    repository: 'o/r',
    operation: 'rotate',
    secretName: 'META_ACCESS_TOKEN',
    workflow: 'Rotate',
    runUrl: 'https://github.com/o/r/actions/runs/1',
    expiry: 'expiry unknown',
    now: '2026-11-23T10:00:00Z',
  }

  it('says what went wrong and starts what to do with the next step the action gave', () => {
    const verdict = problem(
      judge(
        facts({
          outcome: 'failure',
          failedStep: 'action',
          failureStep: 'check secret targets',
          failureMessage: 'octo-org/app: GitHub answered 403 when we tried to read its secrets public key.',
          nextStep: 'Give the GitHub App "Secrets: write" on octo-org/app.',
        })
      )
    )
    assert.equal(verdict.cause, 'check secret targets: octo-org/app: GitHub answered 403 when we tried to read its secrets public key.')
    assert.equal(verdict.todo[0], 'Give the GitHub App "Secrets: write" on octo-org/app.')
    const body = issueBody(verdict, ctx)
    assert.match(body, /### What went wrong\n\ncheck secret targets: octo-org\/app: GitHub answered 403/)
    assert.match(body, /### What to do\n\n1\. Give the GitHub App "Secrets: write" on octo-org\/app\./)
    assert.match(failureComment(verdict, ctx), /\*\*What went wrong\*\*\n\ncheck secret targets: /)
    // Without them, the issue says where to read the error.
    const bare = problem(judge(facts({ outcome: 'failure', failedStep: 'action' })))
    assert.equal(bare.cause, undefined)
    assert.match(bare.todo[0], /^Open the failed run/)
  })

  it('keeps its own advice for a dead token, with the cause beside it', () => {
    const verdict = problem(
      judge(
        facts({
          outcome: 'failure',
          failedStep: 'action',
          isValid: false,
          failureMessage: 'The token is not valid.',
          nextStep: 'Run generate.',
        })
      )
    )
    assert.match(verdict.todo[0], /^A dead token cannot be refreshed; generate a new one/)
    assert.match(verdict.todo[0], /run the emergency workflow \(meta-token-emergency\.yml\)/)
    assert.equal(verdict.cause, 'The token is not valid.')
  })
})

describe('outside text in the issue is inert', () => {
  const ctx = (workflow: string): RunContext => ({
    repository: 'o/r',
    operation: 'rotate',
    secretName: 'META_ACCESS_TOKEN',
    workflow,
    runUrl: 'https://github.com/o/r/actions/runs/1',
    expiry: 'expiry unknown',
    now: '2026-11-23T10:00:00Z',
  })
  const hostile = [
    ...HOSTILE_TEXTS.map(h => h.text),
    '@octocat please look',
    'cc @octo-org/admins',
    '| broken | table |',
    'fixes #12 and octo-org/app#3',
    '#1 first',
  ]

  for (const text of hostile) {
    it(`through every value it shows: ${JSON.stringify(text).slice(0, 60)}`, async () => {
      const admin: AdminFacts = { outcome: 'failure', daysRemaining: undefined, expiresAt: '', isValid: undefined, failureMessage: text }
      const failed = problem(
        judge(
          facts({
            operation: text,
            outcome: 'failure',
            failedStep: 'action',
            tokenType: text,
            expiresAt: text,
            daysRemaining: 3,
            failureStep: text,
            failureMessage: text,
            nextStep: text,
            admin,
          })
        )
      )
      const short = problem(judge(facts({ tokenType: text, daysRemaining: 3, expiresAt: text, operation: 'refresh' })))
      const leak = problem(
        judge(
          facts({
            operation: 'emergency',
            outcome: 'failure',
            failedStep: 'action',
            failureStep: text,
            failureMessage: text,
            nextStep: text,
            revoked: false,
          })
        )
      )
      for (const verdict of [failed, short, leak]) {
        await assertInertIssue(issueBody(verdict, { ...ctx(text), operation: text }), ['https://github.com/o/r/actions/runs/1'])
        await assertInertIssue(failureComment(verdict, ctx(text)), ['https://github.com/o/r/actions/runs/1'])
        assert.doesNotMatch(issueTitle(verdict, ctx(text)), /[\r\n]/)
      }
    })
  }
})

describe('values it only shows are clamped, not refused', () => {
  it('shows a huge number of days as 99999+', () => {
    assert.equal(
      expiryText({ expiresAt: '+275760-09-13T00:00:00Z', daysRemaining: MAX_DAYS }),
      'expires at \\+275760-09-13T00:00:00Z (99999+ days left)'
    )
    assert.equal(judge(facts({ daysRemaining: MAX_DAYS })).kind, 'healthy')
  })
})

describe('the admin token', () => {
  const adminFacts = (overrides: Partial<AdminFacts>): AdminFacts => ({
    outcome: 'success',
    daysRemaining: 40,
    expiresAt: '2027-01-01T10:00:00Z',
    isValid: true,
    failureMessage: '',
    ...overrides,
  })

  it('an admin token about to expire is a check-level problem of its own when the token is fine', () => {
    const verdict = problem(
      judge(facts({ admin: adminFacts({ outcome: 'failure', daysRemaining: 3, expiresAt: '2026-12-05T10:00:00Z' }) }))
    )
    assert.equal(verdict.level, 'check')
    assert.equal(verdict.title, 'the admin token expires in 3 days')
    assert.match(verdict.details, /The token in `META_ACCESS_TOKEN` is fine: `rotate` succeeded/)
    assert.match(verdict.admin?.line ?? '', /expires at 2026-12-05T10:00:00Z \(3 days left\): fewer than `min-days-remaining` \(14\)/)
    assert.match(verdict.admin?.todo[0] ?? '', /Generate new token/)
    assert.match(
      issueBody(verdict, {
        repository: 'o/r',
        operation: 'rotate',
        secretName: 'META_ACCESS_TOKEN',
        workflow: 'w',
        runUrl: '',
        expiry: '',
        now: '',
      }),
      /### The admin token\n\nThe scheduled check/
    )
  })

  it("joins the token's own problem as its own line", () => {
    const verdict = problem(
      judge(
        facts({ outcome: 'failure', failedStep: 'action', admin: adminFacts({ outcome: 'failure', isValid: false, daysRemaining: 0 }) })
      )
    )
    assert.equal(titleOf(verdict), 'Meta token META_ACCESS_TOKEN: rotate failed')
    assert.equal(verdict.level, 'write')
    assert.equal(verdict.admin?.title, 'the admin token is no longer valid')
  })

  it('says when the admin token could not be checked, with the reason', () => {
    const verdict = problem(
      judge(
        facts({
          admin: adminFacts({
            outcome: 'failure',
            isValid: undefined,
            daysRemaining: undefined,
            expiresAt: '',
            failureMessage: 'Meta debug_token: timeout',
          }),
        })
      )
    )
    assert.equal(verdict.title, 'the admin token could not be checked')
    assert.match(verdict.admin?.line ?? '', /failed: Meta debug_token: timeout/)
  })

  it('a fine admin token changes nothing, and lets a healthy run close an issue that is also about it', () => {
    const healthy = judge(facts({ admin: adminFacts({}) }))
    assert.equal(healthy.kind, 'healthy')
    assert.equal((healthy as { adminChecked: boolean }).adminChecked, true)
    assert.deepEqual(nextStep(healthy, { number: 2, level: 'write', admin: true }), { do: 'close' })
    // A run that did not check it (a deploy gate, a run by hand) leaves such an issue open.
    const unchecked = nextStep(judge(facts()), { number: 2, level: 'check', admin: true })
    assert.equal(unchecked.do, 'none')
    assert.match((unchecked as { why: string }).why, /also about the admin token/)
    // A problem about the admin token marks the issue.
    const admin = judge(facts({ admin: adminFacts({ outcome: 'failure', daysRemaining: 2 }) }))
    assert.deepEqual(nextStep(admin, { number: 2, level: 'write', admin: false }), { do: 'comment', level: 'write', admin: true })
  })
})

describe('the doctor: a failed check names the setting that would fail on the day of a leak', () => {
  const cases = [
    { title: 'the weekly doctor beside a healthy rotation', given: { operation: 'rotate', failedStep: 'doctor' as const } },
    { title: 'a doctor run by hand', given: { operation: 'doctor', failedStep: 'action' as const, rotated: false } },
  ]
  for (const { title, given } of cases) {
    it(title, () => {
      const verdict = problem(
        judge(
          facts({
            ...given,
            outcome: 'failure',
            findings: ['scope: ads_managment is not a permission Meta knows', 'admin-token: expires in 3 days'],
          })
        )
      )
      assert.equal(verdict.level, 'write')
      assert.match(verdict.details, /- scope: ads_managment/)
      assert.match(verdict.details, /- admin-token: expires in 3 days/)
      assert.match(verdict.todo.join(' '), /operation `doctor`/)
    })
  }
})
