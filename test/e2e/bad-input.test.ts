/**
 * Promise 2 (docs/promises.md): bad input fails before any network call,
 * with a message that names the input and says what a valid value looks like. Every case runs
 * the action (World.run, which also scans each run for leaked secrets, promise 1).
 */
import assert from 'node:assert/strict'
import { after, afterEach, before, beforeEach, describe, it } from 'node:test'
import { summaryText } from '../helpers/markdown.ts'
import type { ActionRun } from '../helpers/run-action.ts'
import { describeRun, World } from '../helpers/world.ts'

const SECRET = 'META_ACCESS_TOKEN'

/** What a run that stopped at input validation leaves behind: the boolean outputs, all false. */
const BOOLEAN_OUTPUTS_FALSE = { 'is-valid': 'false', rotated: 'false', skipped: 'false', revoked: 'false' }

/** The workflow commands the action may print; anything else on a `::` line is an injection. */
const ALLOWED_COMMANDS = new Set(['add-mask', 'error', 'warning', 'notice', 'debug'])

interface BadInput {
  title: string
  /** The input the error must name, in backticks. */
  input: string
  /** Inputs on top of World.baseInputs() (a rotation into the current repository). */
  inputs?: (world: World) => Record<string, string>
  env?: Record<string, string>
  /** The message says what a valid value looks like. */
  hint: RegExp
}

const CASES: BadInput[] = [
  // The runner passes every `with:` key, declared or not: a typo must stop the run, not rotate into the default target.
  {
    title: 'a misspelt input (secret-target)',
    input: 'secret-target',
    inputs: () => ({ 'secret-target': 'octo-org/site' }),
    hint: /is not an input of this action \(did you mean `secret-targets`\?\)\. Nothing was done/,
  },
  {
    title: 'an input spelt with underscores (revoke_old)',
    input: 'revoke_old',
    inputs: () => ({ revoke_old: 'deferred' }),
    hint: /did you mean `revoke-old`\?/,
  },
  {
    title: 'an input no name of which is close (frobnicate)',
    input: 'frobnicate',
    inputs: () => ({ frobnicate: 'yes' }),
    hint: /is not an input of this action\. Nothing was done: fix the name in the step's `with:`/,
  },
  {
    title: 'several unknown inputs, each named',
    input: 'dryrun',
    inputs: () => ({ dryrun: 'true', 'previous-tokens': 'x' }),
    hint: /`dryrun`: is not an input of this action \(did you mean `dry-run`\?\)\. Also unknown: "previous-tokens" \(did you mean `previous-token`\?\)/,
  },
  { title: 'non-numeric app-id', input: 'app-id', inputs: () => ({ 'app-id': '12ab34' }), hint: /digits only \(e\.g\. 1234567890\)/ },
  {
    title: 'meta-app-id and its old name app-id, different',
    input: 'meta-app-id',
    inputs: world => ({ 'meta-app-id': `9${world.app.id}` }),
    hint: /two names for the Meta app id, and they differ/,
  },
  {
    title: 'missing app-secret',
    input: 'app-secret',
    inputs: () => ({ 'app-secret': '' }),
    hint: /required: the app secret from App settings/,
  },
  { title: 'missing access-token', input: 'access-token', inputs: () => ({ 'access-token': '' }), hint: /required: a Meta access token/ },
  {
    title: 'secret-name with a dash',
    input: 'secret-name',
    inputs: () => ({ 'secret-name': 'META-ACCESS-TOKEN' }),
    hint: /letters, digits and `_`.*META_ACCESS_TOKEN/,
  },
  {
    title: 'secret-name with a leading digit',
    input: 'secret-name',
    inputs: () => ({ 'secret-name': '1META_TOKEN' }),
    hint: /do not start with a digit/,
  },
  {
    title: 'secret-name with the GITHUB_ prefix',
    input: 'secret-name',
    inputs: () => ({ 'secret-name': 'GITHUB_META_TOKEN' }),
    hint: /`GITHUB_`/,
  },
  {
    title: 'secret-name with the GITHUB_ prefix in lower case',
    input: 'secret-name',
    inputs: () => ({ 'secret-name': 'github_meta_token' }),
    hint: /`GITHUB_`/,
  },
  {
    title: 'secret-targets entry without an owner (justaname)',
    input: 'secret-targets',
    inputs: () => ({ 'secret-targets': 'justaname' }),
    hint: /"justaname".*`owner\/repo`, `owner\/repo:environment` or `org:NAME`/,
  },
  {
    title: 'secret-targets entry with three parts (a/b/c) after a valid one',
    input: 'secret-targets',
    inputs: () => ({ 'secret-targets': 'octo-org/app, a/b/c' }),
    hint: /"a\/b\/c".*`owner\/repo`/,
  },
  {
    title: 'secret-targets entry with an empty environment (owner/repo:)',
    input: 'secret-targets',
    inputs: () => ({ 'secret-targets': 'octo-org/app:' }),
    hint: /empty or invalid environment name.*`owner\/repo:environment`/,
  },
  {
    title: 'secret-targets entry with an empty organization (org:)',
    input: 'secret-targets',
    inputs: () => ({ 'secret-targets': 'org:' }),
    hint: /`org:NAME`/,
  },
  {
    title: 'unknown operation',
    input: 'operation',
    inputs: () => ({ operation: 'explode' }),
    hint: /one of rotate, refresh, check, doctor, revoke, retire, generate, install-app/,
  },
  {
    title: 'generate with a scope that cannot be a permission name',
    input: 'scope',
    inputs: w => ({
      operation: 'generate',
      'access-token': w.adminToken,
      'system-user-id': w.systemUserId,
      scope: 'ads_management,pages-show-list',
    }),
    hint: /"pages-show-list" is not a permission name: permissions are lower-case words joined by `_`/,
  },
  {
    title: 'generate without system-user-id',
    input: 'system-user-id',
    inputs: w => ({ operation: 'generate', 'access-token': w.adminToken, scope: 'ads_management' }),
    hint: /numeric id of the system user/,
  },
  {
    title: 'plain http graph-api-url on a remote host',
    input: 'graph-api-url',
    inputs: () => ({ 'graph-api-url': 'http://graph.example.com' }),
    hint: /must use https/,
  },
  {
    title: 'plain http graph-api-url on a host that only starts with localhost',
    input: 'graph-api-url',
    inputs: () => ({ 'graph-api-url': 'http://localhost.example.com:8080' }),
    hint: /must use https/,
  },
  {
    title: 'plain http graph-api-url on a host that only starts with 127.0.0.1',
    input: 'graph-api-url',
    inputs: () => ({ 'graph-api-url': 'http://127.0.0.1.example.com' }),
    hint: /must use https/,
  },
  {
    title: 'plain http GITHUB_API_URL on a remote host',
    input: 'GITHUB_API_URL',
    env: { GITHUB_API_URL: 'http://github.example.com/api/v3' },
    hint: /must use https/,
  },
  {
    title: 'rotate without secret-name',
    input: 'secret-name',
    inputs: () => ({ 'secret-name': '' }),
    hint: /required for `rotate`.*META_ACCESS_TOKEN/,
  },
  {
    title: 'rotate without github-token',
    input: 'github-token',
    inputs: () => ({ 'github-token': '' }),
    hint: /GitHub App installation token or fine-grained PAT/,
  },
  {
    title: 'refresh with secret-name but without github-token',
    input: 'github-token',
    inputs: () => ({ operation: 'refresh', 'github-token': '' }),
    hint: /GitHub App installation token or fine-grained PAT/,
  },
  {
    title: 'a boolean that is not true or false (dry-run: yes)',
    input: 'dry-run',
    inputs: () => ({ 'dry-run': 'yes' }),
    hint: /must be `true` or `false`/,
  },
  {
    title: 'a negative number of days (min-days-remaining: -1)',
    input: 'min-days-remaining',
    inputs: () => ({ operation: 'check', 'min-days-remaining': '-1' }),
    hint: /whole number of days \(0 or more\)/,
  },
  {
    title: 'a zero request timeout (request-timeout-seconds: 0)',
    input: 'request-timeout-seconds',
    inputs: () => ({ 'request-timeout-seconds': '0' }),
    hint: /number of seconds .*\(e\.g\. 30\)/,
  },
  {
    title: 'an unknown org-secret-visibility',
    input: 'org-secret-visibility',
    inputs: () => ({ 'secret-targets': 'org:octo-org', 'org-secret-visibility': 'public' }),
    hint: /`all`, `private` or `selected`/,
  },
  {
    title: 'org-secret-visibility selected without org-secret-repositories',
    input: 'org-secret-repositories',
    inputs: () => ({ 'secret-targets': 'org:octo-org', 'org-secret-visibility': 'selected' }),
    hint: /required when `org-secret-visibility` is `selected`: list the repositories/,
  },
]

/** Workflow-command injection attempts through inputs that are not secrets. */
const INJECTIONS: Array<{ title: string; input: string; inputs: Record<string, string> }> = [
  { title: 'secret-name', input: 'secret-name', inputs: { 'secret-name': 'X\n::set-output name=rotated::true' } },
  {
    title: 'secret-name (stop-commands)',
    input: 'secret-name',
    inputs: { 'secret-name': 'X\n::stop-commands::pwned\n::set-output name=revoked::true' },
  },
  { title: 'secret-name (escaped line break)', input: 'secret-name', inputs: { 'secret-name': 'X%0A::set-output name=rotated::true' } },
  {
    title: 'secret-targets',
    input: 'secret-targets',
    inputs: { 'secret-targets': 'octo-org/app\n::set-output name=secrets-updated::octo-org/app' },
  },
  { title: 'operation', input: 'operation', inputs: { operation: 'rotate\n::set-output name=rotated::true' } },
  { title: 'app-id', input: 'app-id', inputs: { 'app-id': '1\r\n::save-state name=x::y' } },
]

/** Values far beyond any valid one (issue 19: a 100 kB `secret-name` reached the network). */
const TOO_LONG: BadInput[] = [
  { title: 'a 100 kB secret-name', input: 'secret-name', inputs: () => ({ 'secret-name': 'A'.repeat(100_000) }), hint: /at most 255/ },
  {
    title: 'a 256-character previous-secret-name',
    input: 'previous-secret-name',
    inputs: () => ({ 'previous-secret-name': 'B'.repeat(256) }),
    hint: /at most 255/,
  },
  {
    title: 'a 3000-character graph-api-url',
    input: 'graph-api-url',
    inputs: () => ({ 'graph-api-url': `https://graph.facebook.com/${'x'.repeat(3000)}` }),
    hint: /at most 2048/,
  },
  {
    title: '101 secret-targets',
    input: 'secret-targets',
    inputs: () => ({ 'secret-targets': Array.from({ length: 101 }, (_, i) => `octo-org/r${i}`).join('\n') }),
    hint: /names 101 targets; at most 100/,
  },
  {
    title: '21 deploy-workflows',
    input: 'deploy-workflows',
    inputs: () => ({
      'deploy-workflows': Array.from({ length: 21 }, (_, i) => `octo-org/app/.github/workflows/d${i}.yml@main`).join('\n'),
    }),
    hint: /names 21 workflows; at most 20/,
  },
  {
    title: 'a previous-token longer than any secret GitHub stores',
    input: 'previous-token',
    inputs: () => ({ 'previous-token': `${'fake record line '.repeat(60)}\n`.repeat(70) }),
    hint: /at most 65536/,
  },
]

/** Looks like a token (mixed case and digits), but not like a real one (no EAA…, ghp_…). */
const PASTED_TOKEN = 'fakeTOKEN0123456789abcdefGHIJKLmnopQRSTuvwx9876zyXW'

/** Non-secret inputs a token could be pasted into by mistake; none may quote it back, even cut short. */
const TOKEN_PASTES: Array<{ input: string; inputs?: Record<string, string> }> = [
  { input: 'operation' },
  { input: 'app-id' },
  { input: 'system-user-id' },
  { input: 'secret-name' },
  { input: 'previous-secret-name' },
  { input: 'secret-targets' },
  { input: 'deploy-workflows' },
  { input: 'org-secret-visibility' },
  { input: 'revoke-old' },
  { input: 'dry-run' },
  { input: 'min-days-remaining' },
  { input: 'graph-api-version' },
  { input: 'request-timeout-seconds' },
  { input: 'scope', inputs: { operation: 'generate', 'system-user-id': '123' } },
]

/** The checks every bad-input run must pass. */
async function assertRejectedBeforeNetwork(
  world: World,
  run: ActionRun,
  input: string,
  counts: { graph: number; github: number }
): Promise<void> {
  assert.equal(run.code, 1, describeRun(run))
  assert.ok(run.errors.length > 0, `an error annotation\n${describeRun(run)}`)
  assert.ok(run.errors[0].includes(`\`${input}\``), `the error names \`${input}\`: ${run.errors[0]}`)
  assert.deepEqual(world.graph.requests.slice(counts.graph), [], 'no request reached the Graph API')
  assert.deepEqual(world.github.requests.slice(counts.github), [], 'no request reached the GitHub API')
  assert.match(
    run.summary,
    new RegExp(`^## Meta token: \`[a-z -]+\` ❌ input \`${input}\` is wrong; nothing was done\n`),
    'the job summary says the run failed, at which input, and that nothing was done'
  )
  assert.match(run.summary, /read inputs/, 'the job summary says where the run stopped')
  assert.ok((await summaryText(run.summary)).includes(input), 'the job summary names the input')
  assert.deepEqual(
    run.outputs,
    { ...BOOLEAN_OUTPUTS_FALSE, 'failure-step': 'read inputs', 'failure-message': run.errors[0], 'next-step': '' },
    'the boolean outputs, all false, and the failure for the alert'
  )
}

describe('bad input fails before any network call (promise 2)', () => {
  // No case may reach the fakes, so one world serves them all; each case checks only the
  // requests made during its own run.
  let world: World
  before(async () => (world = await World.start()))
  after(() => world.close())

  for (const c of CASES) {
    it(`rejects ${c.title}`, async () => {
      const counts = { graph: world.graph.requests.length, github: world.github.requests.length }
      const run = await world.run(c.inputs?.(world) ?? {}, c.env)
      await assertRejectedBeforeNetwork(world, run, c.input, counts)
      assert.match(run.errors[0], c.hint, 'the error says what a valid value looks like')
    })
  }

  for (const c of TOO_LONG) {
    it(`rejects ${c.title} before any request, without quoting it`, async () => {
      const counts = { graph: world.graph.requests.length, github: world.github.requests.length }
      const inputs = c.inputs?.(world) ?? {}
      const run = await world.run(inputs)
      await assertRejectedBeforeNetwork(world, run, c.input, counts)
      assert.match(run.errors[0], c.hint)
      assert.ok(run.stdout.length < 20_000 && run.summary.length < 20_000, 'the value is not quoted back')
    })
  }

  for (const { input, inputs } of TOKEN_PASTES) {
    it(`a token pasted into ${input} is refused without being quoted, even in part`, async () => {
      const counts = { graph: world.graph.requests.length, github: world.github.requests.length }
      const run = await world.run({ ...inputs, [input]: PASTED_TOKEN })
      await assertRejectedBeforeNetwork(world, run, input, counts)
      for (const text of [run.stdout, run.stderr, run.summary, ...Object.values(run.outputs)])
        assert.ok(!text.includes(PASTED_TOKEN.slice(0, 12)), `the token is quoted: ${run.errors[0]}`)
    })
  }

  for (const secret of ['access-token', 'app-secret'] as const) {
    it(`previous-secret-name holding the value of ${secret} is refused like secret-name`, async () => {
      const counts = { graph: world.graph.requests.length, github: world.github.requests.length }
      const run = await world.run({ 'previous-secret-name': world.baseInputs()[secret] })
      await assertRejectedBeforeNetwork(world, run, 'previous-secret-name', counts)
      assert.match(run.errors[0], /holds the value of a secret input/)
    })
  }

  for (const c of INJECTIONS) {
    it(`does not let a workflow command through ${c.title}`, async () => {
      const counts = { graph: world.graph.requests.length, github: world.github.requests.length }
      const run = await world.run(c.inputs)
      await assertRejectedBeforeNetwork(world, run, c.input, counts)
      for (const line of run.lines) {
        const command = /^::([^\s:]+)/.exec(line)?.[1]
        if (command !== undefined)
          assert.ok(ALLOWED_COMMANDS.has(command), `stdout carries an injected workflow command: ${JSON.stringify(line)}`)
        assert.doesNotMatch(
          line,
          /^\s*::(?:set-output|save-state|stop-commands|set-env|add-path)/,
          `injected command on its own line: ${JSON.stringify(line)}`
        )
      }
      assert.equal(run.errors.length, 1, `exactly one error annotation, got ${JSON.stringify(run.errors)}`)
    })
  }
})

/** A password in a URL input is refused without being quoted, however else the URL is wrong. */
const CREDENTIALS = 'fake-pass-1234'
const URLS_WITH_CREDENTIALS: Array<{ title: string; input: string; inputs?: Record<string, string>; env?: Record<string, string> }> = [
  {
    title: 'plain http on a remote host',
    input: 'graph-api-url',
    inputs: { 'graph-api-url': `http://user:${CREDENTIALS}@graph.example.com` },
  },
  { title: 'an invalid port', input: 'graph-api-url', inputs: { 'graph-api-url': `https://user:${CREDENTIALS}@graph.example.com:99999` } },
  { title: 'no scheme', input: 'graph-api-url', inputs: { 'graph-api-url': `user:${CREDENTIALS}@graph.facebook.com` } },
  { title: 'https otherwise valid', input: 'graph-api-url', inputs: { 'graph-api-url': `https://${CREDENTIALS}@graph.facebook.com` } },
  {
    title: 'GITHUB_API_URL',
    input: 'GITHUB_API_URL',
    env: { GITHUB_API_URL: `http://x-access-token:${CREDENTIALS}@ghes.example.com/api/v3` },
  },
]

describe('URLs with credentials are refused without quoting them', () => {
  let world: World
  before(async () => (world = await World.start()))
  after(() => world.close())

  for (const c of URLS_WITH_CREDENTIALS) {
    it(`refuses credentials in ${c.input} (${c.title})`, async () => {
      const counts = { graph: world.graph.requests.length, github: world.github.requests.length }
      const run = await world.run(c.inputs ?? {}, c.env)
      await assertRejectedBeforeNetwork(world, run, c.input, counts)
      assert.match(run.errors[0], /must not contain credentials/)
      for (const [place, text] of [
        ['stdout', run.stdout],
        ['summary', run.summary],
      ])
        assert.ok(!text.includes(CREDENTIALS), `the password is quoted in ${place}: ${text}`)
    })
  }
})

/**
 * "Secret inputs" of the contract: a non-empty secret input shorter than 16 characters is
 * refused before any network call, naming the input without quoting it, and is not masked —
 * `github-token: false`, what `${{ cond && secrets.PAT }}` gives when cond does not hold, would
 * otherwise blank the word "false" across the job log, the boolean outputs and the summary.
 */
describe('short secret inputs are refused, and not masked', () => {
  let world: World
  before(async () => (world = await World.start()))
  after(() => world.close())

  const SHORT: Array<{ input: string; inputs?: Record<string, string> }> = [
    { input: 'app-secret' },
    { input: 'access-token' },
    { input: 'revoke-token', inputs: { operation: 'revoke' } },
    { input: 'github-token' },
  ]
  for (const { input, inputs } of SHORT) {
    it(`refuses ${input}: false without masking it`, async () => {
      const counts = { graph: world.graph.requests.length, github: world.github.requests.length }
      const run = await world.run({ ...inputs, [input]: 'false' })
      await assertRejectedBeforeNetwork(world, run, input, counts)
      assert.match(run.errors[0], /shorter than 16 characters/)
      assert.ok(!run.masks.includes('false'), `false was masked: ${JSON.stringify(run.masks)}`)
      assert.ok(run.masks.includes(world.app.secret) || input === 'app-secret', 'the other secret inputs are masked')
      // The boolean outputs say "false" (a masked "false" would read "***"); the summary of a run
      // stopped at its inputs lists no outputs, but says in its title that nothing was done.
      assert.equal(run.outputs.rotated, 'false')
      assert.match(await summaryText(run.summary), new RegExp(`❌ input ${input} is wrong; nothing was done\n`))
    })

    it(`refuses a 15-character ${input} without quoting it`, async () => {
      const value = 'short-fake-0015'
      assert.equal(value.length, 15)
      const counts = { graph: world.graph.requests.length, github: world.github.requests.length }
      const run = await world.run({ ...inputs, [input]: value })
      await assertRejectedBeforeNetwork(world, run, input, counts)
      for (const text of [run.stdout, run.summary, ...Object.values(run.outputs)])
        assert.ok(!text.includes(value), 'the value is not quoted')
      assert.ok(!run.masks.includes(value), 'the value is not masked')
    })
  }

  it('accepts and masks a secret input of exactly 16 characters', async () => {
    const value = 'fake-gh-16-chars'
    assert.equal(value.length, 16)
    const run = await world.run({ operation: 'check', 'github-token': value })
    assert.equal(run.code, 0, describeRun(run))
    assert.ok(run.masks.includes(value), 'the value is masked')
  })

  it('masks only the lines of 16 characters or more of a secret input with several lines (refused for its line break)', async () => {
    const long = 'fake-meta-line-one-of-two'
    const counts = { graph: world.graph.requests.length, github: world.github.requests.length }
    const run = await world.run({ 'access-token': `${long}\ntrue` })
    await assertRejectedBeforeNetwork(world, run, 'access-token', counts)
    assert.ok(run.masks.includes(long), 'the long line is masked')
    assert.ok(
      !run.masks.some(mask => mask.includes('true')),
      `the short line is not masked, alone or with the rest: ${JSON.stringify(run.masks)}`
    )
  })
})

describe('plain http on a loopback address is accepted', () => {
  let world: World
  beforeEach(async () => (world = await World.start()))
  afterEach(() => world.close())

  it('accepts http://127.0.0.1:… for graph-api-url', async () => {
    assert.match(world.graph.url, /^http:\/\/127\.0\.0\.1:\d+$/)
    const run = await world.run({ operation: 'check', 'graph-api-url': world.graph.url })
    assert.equal(run.code, 0, describeRun(run))
    assert.deepEqual(world.graphCalls(), ['GET /debug_token'])
  })

  it('accepts http://localhost:… for graph-api-url and GITHUB_API_URL', async () => {
    const graphUrl = world.graph.url.replace('127.0.0.1', 'localhost')
    const githubUrl = world.github.url.replace('127.0.0.1', 'localhost')
    const run = await world.run({ 'graph-api-url': graphUrl, 'secret-targets': 'octo-org/app' }, { GITHUB_API_URL: githubUrl })
    assert.equal(run.code, 0, describeRun(run))
    assert.equal(run.outputs.rotated, 'true')
    assert.ok(world.graph.requests.length > 0, 'Meta was called')
    assert.equal(world.github.secret('octo-org/app', SECRET)?.value, run.outputs.token)
  })
})

describe('secret-targets: accepted forms, end to end', () => {
  let world: World
  beforeEach(async () => (world = await World.start()))
  afterEach(() => world.close())

  /** Writes of the token itself (the previous-token record is written beside it). */
  function puts(): string[] {
    return world.github.requests.filter(r => r.method === 'PUT' && r.path.endsWith(`/${SECRET}`)).map(r => r.path)
  }

  it('splits on newlines and commas, trims, and skips blank lines', async () => {
    const run = await world.run({ 'secret-targets': '  octo-org/app ,octo-org/site\n\n   org:octo-org  \n' })
    assert.equal(run.code, 0, describeRun(run))
    const token = run.outputs.token
    for (const target of ['octo-org/app', 'octo-org/site', 'org:octo-org']) {
      assert.equal(world.github.secret(target, SECRET)?.value, token, `${target} holds the new token`)
    }
    assert.equal(run.outputs['secrets-updated'], 'octo-org/app\nocto-org/site\norg:octo-org')
    assert.equal(puts().length, 3)
  })

  it('ignores lines starting with #', async () => {
    const run = await world.run({ 'secret-targets': '# where the app runs\nocto-org/app\n  # octo-org/site is retired\n#org:octo-org' })
    assert.equal(run.code, 0, describeRun(run))
    assert.equal(world.github.secret('octo-org/app', SECRET)?.value, run.outputs.token)
    assert.equal(world.github.secret('octo-org/site', SECRET), undefined, 'a commented-out target is not written')
    assert.equal(world.github.secret('org:octo-org', SECRET), undefined, 'a commented-out target is not written')
    assert.ok(
      !world.github.requests.some(r => r.path.startsWith('/repos/octo-org/site') || r.path.startsWith('/orgs/')),
      'commented-out targets are not even read'
    )
    assert.equal(run.outputs['secrets-updated'], 'octo-org/app')
  })

  it('collapses duplicates that differ only in case to one write', async () => {
    const run = await world.run({
      'secret-targets':
        'octo-org/app\nOcto-Org/App, OCTO-ORG/APP\nocto-org/app:production\nocto-org/app:PRODUCTION\norg:octo-org\norg:OCTO-ORG',
    })
    assert.equal(run.code, 0, describeRun(run))
    assert.equal(puts().length, 3, `one PUT per distinct target: ${JSON.stringify(puts())}`)
    for (const target of ['octo-org/app', 'octo-org/app:production', 'org:octo-org']) {
      const stored = world.github.secret(target, SECRET)
      assert.equal(stored?.value, run.outputs.token, `${target} holds the new token`)
      assert.equal(stored?.writes, 1, `${target} was written once`)
    }
    assert.equal(run.outputs['secrets-updated'], 'octo-org/app\nocto-org/app:production\norg:octo-org')
  })

  it('writes to an environment whose name contains a slash (octo-org/app:prod/eu)', async () => {
    const run = await world.run({ 'secret-targets': 'octo-org/app:prod/eu' })
    assert.equal(run.code, 0, describeRun(run))
    assert.equal(world.github.secret('octo-org/app:prod/eu', SECRET)?.value, run.outputs.token)
    assert.equal(world.github.secret('octo-org/app:production', SECRET), undefined)
    assert.equal(world.github.secret('octo-org/app', SECRET), undefined, 'not the repository secret')
    assert.deepEqual(
      puts(),
      [`/repos/octo-org/app/environments/prod%2Feu/secrets/${SECRET}`],
      'the environment name is URL-encoded in the path'
    )
    assert.equal(run.outputs['secrets-updated'], 'octo-org/app:prod/eu')
  })
})
