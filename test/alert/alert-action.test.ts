/**
 * End-to-end tests of the alert action: alert/dist/index.js run as the runner runs it, against
 * a fake GitHub issues API. One issue per secret, found again by its label; later failures
 * comment on it; the next healthy run closes it.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { FakeIssues } from '../fakes/github-issues.ts'
import { marker } from '../../src/alert/text.ts'
import { HOSTILE_TEXTS } from '../helpers/inert.ts'
import { assertInertIssue } from './inert-issue.ts'
import {
  alert,
  type AlertRun,
  describeAlertRun,
  fake,
  failedRotation,
  healthyRotation,
  LABEL,
  RUN_PAGE,
  token,
  useFakeIssues,
} from './run-alert.ts'

useFakeIssues()

const healthyCheck = {
  operation: 'check',
  outcome: 'success',
  'days-remaining': '40',
  'expires-at': '2027-02-01T10:00:00Z',
  'is-valid': 'true',
}

function openAlerts(): ReturnType<FakeIssues['issue']>[] {
  return fake.issues.filter(issue => issue.state === 'open' && issue.labels.includes(LABEL))
}

/** No token value may reach GitHub's issues or the log (except the ::add-mask:: command). */
function assertNoTokenIn(run: AlertRun): void {
  const visible = run.stdout
    .split('\n')
    .filter(line => !line.startsWith('::add-mask::'))
    .join('\n')
  for (const [place, text] of [
    ['stdout', visible],
    ['stderr', run.stderr],
    ['summary', run.summary],
    ['outputs', JSON.stringify(run.outputs)],
  ]) {
    assert.ok(!text.includes(token), `the GitHub token leaked into ${place}`)
  }
  for (const issue of fake.issues) {
    for (const text of [issue.title, issue.body ?? '', ...issue.comments])
      assert.ok(!text.includes(token), `the GitHub token leaked into issue #${issue.number}`)
  }
}

describe('alert: one issue, opened, commented, closed', () => {
  it('opens one labelled issue when a rotation fails, saying what failed and what to do', async () => {
    const run = await alert(failedRotation)
    assert.equal(run.code, 0, describeAlertRun(run))
    assert.equal(run.outputs.action, 'opened')
    assert.equal(run.outputs.verdict, 'problem')
    assert.equal(run.outputs['issue-number'], '1')
    assert.equal(run.outputs['issue-url'], 'https://github.com/octo-org/app/issues/1')
    assert.ok(run.masks.includes(token), 'the GitHub token is masked')

    const [issue] = fake.issues
    assert.equal(fake.issues.length, 1)
    assert.deepEqual(issue.labels, [LABEL])
    assert.match(issue.title, /^Meta token META_ACCESS_TOKEN: rotate failed/)
    assert.match(issue.body ?? '', /<!-- meta-token-keeper-alert secret="META_ACCESS_TOKEN" key="[0-9a-f]{20}" level="write" -->/)
    assert.match(issue.body ?? '', /### What to do\n\n1\. Open the failed run/)
    assert.match(issue.body ?? '', /\[octo-org\/app\/actions\/runs\/4242\]\(https:\/\/github\.com\/octo-org\/app\/actions\/runs\/4242\)/)
    assert.match(issue.body ?? '', /expires at 2027-01-21T10:00:00Z \(20 days left\)/)
    assert.match(issue.body ?? '', /\| Workflow \| Rotate Meta token \|/)
    // The label did not exist: it was created first, with a description.
    assert.equal(fake.labels.get(LABEL)?.description, 'Meta Token Keeper: a Meta token needs attention')
    assert.deepEqual(fake.calls(), [
      'GET /repos/octo-org/app/issues',
      'GET /repos/octo-org/app/labels/meta-token-keeper',
      'POST /repos/octo-org/app/labels',
      'POST /repos/octo-org/app/issues',
    ])
    assert.deepEqual(fake.requests[0].query, { labels: LABEL, state: 'open', sort: 'created', direction: 'asc', per_page: '100' })
    assert.match(run.summary, /### Meta token alert\n\nOpened issue #1/)
    assertNoTokenIn(run)
  })

  it('comments on the open issue on later failures and never opens a second one', async () => {
    await alert(failedRotation)
    const second = await alert(failedRotation)
    const third = await alert({ ...failedRotation, 'failed-step': 'github-app-token' })
    for (const run of [second, third]) {
      assert.equal(run.code, 0, describeAlertRun(run))
      assert.equal(run.outputs.action, 'commented')
      assert.equal(run.outputs['issue-number'], '1')
    }
    assert.equal(fake.issues.length, 1, 'still one issue')
    const [issue] = fake.issues
    assert.equal(issue.comments.length, 2)
    assert.match(issue.comments[0], /^### Failed again: `rotate` failed/)
    assert.match(issue.comments[1], /no GitHub App token/)
    assert.match(issue.comments[1], /create-github-app-token/)
    // The label exists now: no second label request.
    assert.equal(fake.calls().filter(call => call.includes('/labels')).length, 2)
  })

  it('closes the issue with a comment on the next healthy rotation', async () => {
    await alert(failedRotation)
    const run = await alert(healthyRotation)
    assert.equal(run.code, 0, describeAlertRun(run))
    assert.equal(run.outputs.action, 'closed')
    assert.equal(run.outputs.verdict, 'healthy')
    const [issue] = fake.issues
    assert.equal(issue.state, 'closed')
    assert.equal(issue.stateReason, 'completed')
    assert.match(issue.comments.at(-1) ?? '', /^### ✅ Healthy again/)
    assert.match(issue.comments.at(-1) ?? '', /`rotate` succeeded; the token expires at 2027-03-01T10:00:00Z \(59 days left\)/)

    // A later failure opens a new issue (the closed one is history).
    const again = await alert(failedRotation)
    assert.equal(again.outputs.action, 'opened')
    assert.equal(again.outputs['issue-number'], '2')
    assert.equal(openAlerts().length, 1)
  })

  it('does nothing on a healthy run when no issue is open', async () => {
    const run = await alert(healthyRotation)
    assert.equal(run.code, 0, describeAlertRun(run))
    assert.equal(run.outputs.action, 'none')
    assert.deepEqual(fake.calls(), ['GET /repos/octo-org/app/issues'])
    assert.equal(fake.issues.length, 0)
  })

  it('a passing check does not close an issue about a failed rotation, but a healthy rotation does', async () => {
    await alert(failedRotation)
    const check = await alert(healthyCheck)
    assert.equal(check.code, 0, describeAlertRun(check))
    assert.equal(check.outputs.action, 'none')
    assert.match(check.stdout, /only a successful rotate, refresh or generate closes it/)
    assert.equal(fake.issues[0].state, 'open')
    assert.equal((await alert(healthyRotation)).outputs.action, 'closed')
  })

  it('a passing check closes an issue opened by a failing check', async () => {
    const failing = await alert({
      operation: 'check',
      outcome: 'failure',
      'failed-step': 'action',
      'days-remaining': '3',
      'expires-at': '2026-12-01T10:00:00Z',
      'is-valid': 'true',
    })
    assert.equal(failing.outputs.action, 'opened')
    assert.match(fake.issues[0].body ?? '', /level="check"/)
    const passing = await alert(healthyCheck)
    assert.equal(passing.outputs.action, 'closed')
  })

  it('a failed rotation on a check-level issue raises its level, so a passing check no longer closes it', async () => {
    await alert({
      operation: 'check',
      outcome: 'failure',
      'failed-step': 'action',
      'days-remaining': '3',
      'expires-at': '2026-12-01T10:00:00Z',
      'is-valid': 'true',
    })
    const rotation = await alert(failedRotation)
    assert.equal(rotation.outputs.action, 'commented')
    assert.match(fake.issues[0].body ?? '', /level="write"/)
    assert.ok(fake.calls().includes('PATCH /repos/octo-org/app/issues/1'))
    assert.equal((await alert(healthyCheck)).outputs.action, 'none')
    assert.equal(fake.issues[0].state, 'open')
  })

  it('opens an issue when a successful run shows fewer than min-days-remaining days, with a warning', async () => {
    const run = await alert({
      operation: 'check',
      outcome: 'success',
      'days-remaining': '10',
      'expires-at': '2026-12-03T10:00:00Z',
      'is-valid': 'true',
    })
    assert.equal(run.code, 0, describeAlertRun(run))
    assert.equal(run.outputs.action, 'opened')
    assert.match(fake.issues[0].title, /expires in 10 days/)
    assert.match(fake.issues[0].body ?? '', /fewer than `min-days-remaining` \(14\)/)
    assert.match(fake.issues[0].body ?? '', /Rotate now/)
    assert.equal(run.warnings.length, 1)
    assert.match(run.warnings[0], /^Meta token META_ACCESS_TOKEN: the token expires in 10 days\. /)
  })

  it('tells the user to generate a new token when Meta reports the stored one invalid', async () => {
    await alert({
      operation: 'rotate',
      outcome: 'failure',
      'failed-step': 'action',
      'is-valid': 'false',
      'days-remaining': '0',
      'expires-at': '2026-11-01T10:00:00Z',
    })
    const body = fake.issues[0].body ?? ''
    assert.match(fake.issues[0].title, /is no longer valid/)
    assert.match(body, /with operation `generate`, or run the emergency workflow \(meta-token-emergency\.yml\)/)
    assert.match(body, /level="check"/, 'any healthy run that sees a valid token resolves it')
  })

  it("keeps one issue per secret: another secret's issue is neither found nor closed", async () => {
    await alert(failedRotation, {})
    const other = await alert({ ...failedRotation, 'secret-name': 'META_CAPI_TOKEN' })
    assert.equal(other.outputs.action, 'opened')
    assert.equal(openAlerts().length, 2)
    await alert(healthyRotation)
    assert.deepEqual(
      fake.issues.map(issue => [issue.title.split(':')[0], issue.state]),
      [
        ['Meta token META_ACCESS_TOKEN', 'closed'],
        ['Meta token META_CAPI_TOKEN', 'open'],
      ]
    )
  })

  it('ignores pull requests and issues without its marker, even with the label', async () => {
    fake.addIssue({
      title: 'A pull request',
      labels: [LABEL],
      isPullRequest: true,
      body: '<!-- meta-token-keeper-alert secret="META_ACCESS_TOKEN" level="write" -->',
    })
    fake.addIssue({ title: 'Someone else used the label', labels: [LABEL], body: 'no marker' })
    const run = await alert(failedRotation)
    assert.equal(run.outputs.action, 'opened')
    assert.equal(run.outputs['issue-number'], '3')
  })

  it('does nothing for cancelled runs, successful revocations and dry runs', async () => {
    await alert(failedRotation)
    const before = fake.requests.length
    for (const inputs of [
      { ...failedRotation, outcome: 'cancelled' },
      { operation: 'revoke', outcome: 'success' },
      { ...healthyRotation, 'dry-run': 'true' },
    ]) {
      const run = await alert(inputs)
      assert.equal(run.code, 0, describeAlertRun(run))
      assert.equal(run.outputs.action, 'none')
      assert.equal(run.outputs.verdict, 'neutral')
    }
    assert.equal(fake.requests.length, before, 'no GitHub calls for a neutral verdict')
    assert.equal(fake.issues[0].state, 'open')
  })

  it('retries a transient GitHub failure', async () => {
    fake.fault({ method: 'POST', path: '/repos/octo-org/app/issues', status: 502, times: 1 })
    const run = await alert(failedRotation)
    assert.equal(run.code, 0, describeAlertRun(run))
    assert.equal(run.outputs.action, 'opened')
    assert.match(run.stdout, /retrying in/)
    assert.equal(fake.issues.length, 1)
  })
})

describe('alert: failures say what to do', () => {
  it('fails the step when a problem cannot be reported: token without issues: write', async () => {
    const run = await alert({ ...failedRotation, 'github-token': fake.addToken('read') })
    assert.equal(run.code, 1, describeAlertRun(run))
    assert.equal(run.errors.length, 1)
    assert.match(run.errors[0], /Alert issue not opened: GitHub answered 403/)
    assert.match(run.errors[0], /permissions: issues: write/)
    assertNoTokenIn(run)
  })

  it('fails the step with advice when issues are disabled', async () => {
    fake.issuesDisabled = true
    const run = await alert(failedRotation)
    assert.equal(run.code, 1, describeAlertRun(run))
    assert.match(run.errors[0], /Issues are disabled in octo-org\/app: enable them .* or call the reusable workflow with `alert: false`/)
  })

  it('only warns when a healthy run cannot close the issue', async () => {
    await alert(failedRotation)
    fake.fault({
      method: 'PATCH',
      path: '/repos/octo-org/app/issues/1',
      status: 403,
      body: { message: 'Resource not accessible by integration' },
    })
    const run = await alert(healthyRotation)
    assert.equal(run.code, 0, describeAlertRun(run))
    assert.deepEqual(run.errors, [])
    assert.match(run.warnings.join('\n'), /Alert issue not closed: GitHub answered 403/)
  })

  it('warns when GitHub drops the label on create', async () => {
    fake.dropLabelsOnCreate = true
    const run = await alert(failedRotation)
    assert.equal(run.outputs.action, 'opened')
    assert.match(run.warnings.join('\n'), /created without the label "meta-token-keeper"/)
  })

  it('rejects bad input before any request, naming the input', async () => {
    for (const [inputs, pattern] of [
      [{ outcome: 'maybe' }, /Input `outcome`: must be one of success, failure, cancelled, skipped/],
      [{ outcome: 'failure', 'secret-name': 'not a name' }, /Input `secret-name`/],
      [{ outcome: 'failure', 'days-remaining': 'soon' }, /Input `days-remaining`: must be a whole number/],
      [{ outcome: 'failure', 'github-token': '' }, /Input `github-token`: is required/],
      [{ outcome: 'success', operation: 'emergency', replaced: 'yes' }, /Input `replaced`: must be `true` or `false`/],
      [{ outcome: 'failure', operation: 'emergency', revoked: '1' }, /Input `revoked`: must be `true` or `false`/],
    ] as const) {
      const run = await alert(inputs)
      assert.equal(run.code, 1, describeAlertRun(run))
      assert.match(run.errors[0], pattern)
    }
    assert.equal(fake.requests.length, 0)
  })
})

describe('alert: outside text is inert, and what it only shows is never refused', () => {
  const hostile = HOSTILE_TEXTS.map(h => h.text).join(' ')

  it("shows the workflow name, the action's messages, the token type and expiry inert; links only to the run page", async () => {
    const workflow = '@octocat ![x](https://evil.example/p.png) <b>hi</b> | x | [run](https://evil.example) fixes #1'
    const run = await alert(
      {
        ...failedRotation,
        'token-type': `PAGE ${hostile}`,
        'expires-at': '<script>alert(1)</script>',
        'failure-step': 'check secret targets',
        'failure-message': `octo-org/app: GitHub answered 403 (@octocat ${hostile})`,
        'next-step': `Grant Secrets: write. cc @octo-org/admins ${hostile}`,
      },
      { GITHUB_WORKFLOW: workflow }
    )
    assert.equal(run.code, 0, describeAlertRun(run))
    assert.equal(run.outputs.action, 'opened')
    const body = fake.issues[0].body ?? ''
    await assertInertIssue(body, [RUN_PAGE])
    // Mentions in code (GitHub notifies no one there), images and links escaped, their URLs in code.
    assert.match(body, /### What went wrong\n\ncheck secret targets: octo-org\/app: GitHub answered 403 \(`@octocat` /)
    assert.match(body, /### What to do\n\n1\. Grant Secrets: write\. cc `@octo-org\/admins` /)
    assert.match(body, /\| Workflow \| `@octocat` \\!\\\[x\\\]\(`https:\/\/evil\.example\/p\.png`\) &lt;b&gt;hi&lt;\/b&gt; \\\| x/)
    assert.doesNotMatch(body, /\u2060/, 'no invisible character inside a name a reader copies')
    await assertInertIssue(run.summary, ['https://github.com/octo-org/app/issues/1'], false)
    // Later failures comment with the same words.
    await alert({ ...failedRotation, 'failure-message': hostile, 'next-step': hostile }, { GITHUB_WORKFLOW: workflow })
    await assertInertIssue(fake.issues[0].comments[0], [RUN_PAGE])
    assertNoTokenIn(run)
  })

  it('links to no run that is not an https run page on GITHUB_SERVER_URL, and says so', async () => {
    for (const runUrl of [
      'https://evil.example/octo-org/app/actions/runs/1',
      'http://github.com/octo-org/app/actions/runs/1',
      'https://github.com/octo-org/app/actions/runs/1)](https://evil.example',
      'https://github.com/octo-org/app/settings',
      'https://user:pass@github.com/octo-org/app/actions/runs/1',
      'https://github.com/octo-org/app/actions/runs/1?x=https://evil.example',
      'javascript:alert(1)',
    ]) {
      const run = await alert({ ...failedRotation, 'run-url': runUrl })
      assert.equal(run.code, 0, describeAlertRun(run))
      assert.match(run.warnings.join('\n'), /`run-url` is not an https run page on https:\/\/github\.com/)
      const text = fake.issues[0].comments.at(-1) ?? fake.issues[0].body ?? ''
      assert.match(text, /\| Run \| \(unknown\) \|/, runUrl)
      await assertInertIssue(text, [])
    }
    // A run page of this server is linked, on GitHub Enterprise Server too.
    const ghes = await alert(
      { ...failedRotation, 'run-url': 'https://ghe.example.com/octo-org/app/actions/runs/7/attempts/2' },
      { GITHUB_SERVER_URL: 'https://ghe.example.com' }
    )
    assert.deepEqual(ghes.warnings, [])
    assert.match(fake.issues[0].comments.at(-1) ?? '', /\(https:\/\/ghe\.example\.com\/octo-org\/app\/actions\/runs\/7\/attempts\/2\)/)
  })

  it('does not link an issue whose html_url is not its page on this server (issue-url stays empty)', async () => {
    fake.htmlUrlOverride = 'https://evil.example/octo-org/app/issues/1'
    const run = await alert(failedRotation)
    assert.equal(run.code, 0, describeAlertRun(run))
    assert.equal(run.outputs.action, 'opened')
    assert.equal(run.outputs['issue-number'], '1')
    assert.equal(run.outputs['issue-url'], undefined)
    assert.doesNotMatch(run.summary + run.stdout, /evil\.example/)
    await assertInertIssue(run.summary, [], false)
  })

  it('opens the issue whatever the token type, expiry or operation name, and shows a huge days-remaining clamped', async () => {
    const run = await alert({
      ...failedRotation,
      operation: 'Rotate now!',
      'token-type': 'system user (new)',
      'days-remaining': '9'.repeat(40),
      'expires-at': '+275760-09-13T00:00:00Z',
    })
    assert.equal(run.code, 0, describeAlertRun(run))
    assert.equal(run.outputs.action, 'opened')
    const body = fake.issues[0].body ?? ''
    assert.match(body, /expires at \\\+275760-09-13T00:00:00Z \(99999\+ days left\)/)
    assert.match(body, /\| Operation \| rotate now\\! \|/)
    await assertInertIssue(body, [RUN_PAGE])
  })

  it('refuses a github-token shorter than 16 characters (`false` from an expression) without masking it', async () => {
    for (const value of ['false', 'short-token']) {
      const run = await alert({ ...failedRotation, 'github-token': value })
      assert.equal(run.code, 1, describeAlertRun(run))
      assert.match(run.errors[0], /Input `github-token`: is shorter than 16 characters/)
      assert.ok(!run.masks.includes(value), `${value} is not masked`)
    }
    assert.equal(fake.requests.length, 0)
  })
})

describe("alert: only the alert's own issues", () => {
  const planted = `${marker('octo-org/app', 'META_ACCESS_TOKEN', 'check')}\nPlease paste the token here.`

  it('leaves an issue with its label and marker alone when someone else opened it', async () => {
    fake.addIssue({ title: 'Meta token META_ACCESS_TOKEN: planted', labels: [LABEL], body: planted, author: 'octocat' })
    const run = await alert(failedRotation)
    assert.equal(run.code, 0, describeAlertRun(run))
    assert.equal(run.outputs.action, 'opened')
    assert.equal(run.outputs['issue-number'], '2')
    assert.match(
      run.warnings.join('\n'),
      /#1 has the label "meta-token-keeper" and this secret's marker but was not opened by the alert's token/
    )
    assert.ok(fake.calls().includes('POST /graphql'), 'it asked GitHub whose the token is')
    assert.deepEqual(fake.issues[1].author, 'github-actions[bot]')
    // Its own issue is found again; a healthy run closes it and never the planted one.
    assert.equal((await alert(failedRotation)).outputs.action, 'commented')
    assert.equal((await alert(healthyRotation)).outputs.action, 'closed')
    assert.deepEqual(
      fake.issues.map(issue => [issue.number, issue.state, issue.comments.length]),
      [
        [1, 'open', 0],
        [2, 'closed', 2],
      ]
    )
  })

  it('knows its identity for a PAT (the user) as for the workflow token (github-actions[bot])', async () => {
    const pat = { ...failedRotation, 'github-token': fake.addToken('write', 'release-bot') }
    assert.equal((await alert(pat)).outputs.action, 'opened')
    assert.equal(fake.issues[0].author, 'release-bot')
    assert.equal((await alert(pat)).outputs.action, 'commented')
    // Another account's token does not take it over.
    const other = await alert({ ...failedRotation, 'github-token': fake.addToken('write') })
    assert.equal(other.outputs.action, 'opened')
    assert.equal(fake.issues[1].author, 'github-actions[bot]')
  })

  it('asks whose the token is only when an issue could be its own', async () => {
    await alert(failedRotation)
    assert.ok(!fake.calls().includes('POST /graphql'))
  })

  it('fails the step, saying why, when GitHub does not say whose the token is', async () => {
    await alert(failedRotation)
    fake.fault({ method: 'POST', path: '/graphql', status: 401, body: { message: 'Bad credentials' } })
    const run = await alert(failedRotation)
    assert.equal(run.code, 1, describeAlertRun(run))
    assert.match(run.errors[0], /Alert issue not opened or updated: GitHub answered 401/)
  })
})

describe('alert: never-expiring tokens and the admin token', () => {
  it('opens an issue for a token that never expires: replace it with a 60-day token', async () => {
    const run = await alert({ operation: 'check', outcome: 'success', 'expires-at': 'never', 'is-valid': 'true', 'days-remaining': '' })
    assert.equal(run.code, 0, describeAlertRun(run))
    assert.equal(run.outputs.action, 'opened')
    assert.match(fake.issues[0].title, /^Meta token META_ACCESS_TOKEN: the token never expires$/)
    assert.match(
      fake.issues[0].body ?? '',
      /Replace it with a 60-day token: with `META_ADMIN_TOKEN` .* run meta-token\.yml by hand .* with operation `generate`/
    )
    assert.match(fake.issues[0].body ?? '', /level="check"/)
    // A passing check of the 60-day token that replaced it closes the issue.
    assert.equal((await alert(healthyCheck)).outputs.action, 'closed')
  })

  const adminExpiring = {
    'admin-outcome': 'failure',
    'admin-days-remaining': '3',
    'admin-expires-at': '2026-12-05T10:00:00Z',
    'admin-is-valid': 'true',
  }

  it('an admin token about to expire opens the issue with its own line; only a run that checks it closes it', async () => {
    const run = await alert({ ...healthyRotation, ...adminExpiring })
    assert.equal(run.code, 0, describeAlertRun(run))
    assert.equal(run.outputs.action, 'opened')
    const body = fake.issues[0].body ?? ''
    assert.match(fake.issues[0].title, /the admin token expires in 3 days/)
    assert.match(body, /admin="true"/)
    assert.match(
      body,
      /### The admin token\n\nThe scheduled check found that the admin token .* expires at 2026-12-05T10:00:00Z \(3 days left\)/
    )
    await assertInertIssue(body, [RUN_PAGE])
    // A deploy gate's check (no admin check) leaves it open.
    const gate = await alert(healthyCheck)
    assert.equal(gate.outputs.action, 'none')
    assert.match(gate.stdout, /also about the admin token/)
    // A failed rotation on the next schedule comments, and the issue stays about the admin token.
    assert.equal((await alert({ ...failedRotation, ...adminExpiring })).outputs.action, 'commented')
    assert.match(fake.issues[0].comments[0], /\*\*The admin token\*\*/)
    assert.match(fake.issues[0].body ?? '', /level="write" admin="true"/)
    // The scheduled run that finds both fine closes it.
    const fine = await alert({ ...healthyRotation, 'admin-outcome': 'success', 'admin-days-remaining': '55', 'admin-is-valid': 'true' })
    assert.equal(fine.outputs.action, 'closed')
  })

  it('a skipped or cancelled admin check (no admin token, not the schedule) changes nothing', async () => {
    for (const outcome of ['skipped', 'cancelled']) {
      const run = await alert({ ...healthyRotation, 'admin-outcome': outcome, 'admin-days-remaining': '1' })
      assert.equal(run.code, 0, describeAlertRun(run))
      assert.equal(run.outputs.action, 'none')
    }
    assert.equal(fake.issues.length, 0)
  })
})
