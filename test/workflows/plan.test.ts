/**
 * The reusable workflow's first step, the plan action (plan/action.yml, src/plan/): runs of its
 * main() in-process and of its bundle as the runner runs it. It must read `secret-targets` and
 * `deploy-workflows` exactly as the main action does (the same parsers, the same messages), ask
 * the GitHub App for no more than the targets need, and say every missing secret by name.
 */
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { parseDeployWorkflows } from '../../src/deploy/deploy-workflows.ts'
import { parseTargets } from '../../src/inputs/secret-targets.ts'
import { main } from '../../src/plan/main.ts'
import { planRun } from '../../src/plan/plan.ts'
import { describeError } from '../../src/runtime/errors.ts'
import { assertInertLog, HOSTILE_TEXTS } from '../helpers/inert.ts'
import { type ActionRun, readActionMetadata, ROOT, runJavaScriptAction } from '../helpers/run-action.ts'
import { runInProcess } from '../helpers/run-main.ts'
import { byPath, type Mapping, REUSABLE_PATH } from './load.ts'

const metadata = readActionMetadata(join(ROOT, 'plan', 'action.yml'))
const BUNDLE = join(ROOT, 'plan', 'dist', 'index.js')

const present = { 'has-meta-app-secret': 'true', 'has-meta-access-token': 'true' }
const app = { ...present, 'github-app-client-id': 'fake-client-id', 'has-github-app-private-key': 'true' }
const rotate = { ...app, operation: 'rotate', 'secret-name': 'META_ACCESS_TOKEN' }

function plan(inputs: Record<string, string>, env: Record<string, string> = {}): Promise<ActionRun> {
  return runInProcess(main, metadata, inputs, env)
}

/** What the App token step gets, for a successful plan with an App. */
function appToken(owner: string, repositories: string, permissions: Partial<Record<string, string>>): Record<string, string> {
  return {
    credentials: 'app',
    owner,
    repositories,
    'permission-secrets': permissions.secrets ?? '',
    'permission-environments': permissions.environments ?? '',
    'permission-organization-secrets': permissions['organization-secrets'] ?? '',
    'permission-actions': permissions.actions ?? '',
    'permission-contents': permissions.contents ?? '',
  }
}

/** The message the main action's parser gives for the same text (the plan must print the same). */
function parserMessage(parse: () => unknown): string {
  try {
    parse()
  } catch (error) {
    return describeError(error)
  }
  throw new Error('the parser accepted it')
}

describe('plan: the GitHub App token asks only for what the targets need', () => {
  const cases: Array<{ title: string; inputs: Record<string, string>; env?: Record<string, string>; expected: Record<string, string> }> = [
    {
      title: 'no secret-targets: the calling repository, secrets: write',
      inputs: rotate,
      expected: appToken('octo-org', 'app', { secrets: 'write' }),
    },
    {
      title: 'secret-targets of only comments and blank lines: the calling repository too, never the whole installation',
      inputs: { ...rotate, 'secret-targets': '# octo-org/staging, org:octo-org\n\n   # octo-org/site:production\n' },
      expected: appToken('octo-org', 'app', { secrets: 'write' }),
    },
    {
      title: 'the calling repository comes from GITHUB_REPOSITORY',
      inputs: { ...rotate, 'secret-targets': ' , ' },
      env: { GITHUB_REPOSITORY: 'other-org/shop' },
      expected: appToken('other-org', 'shop', { secrets: 'write' }),
    },
    {
      title: 'split on newlines and commas, comments dropped whole, duplicates collapsed without case',
      inputs: {
        ...rotate,
        'secret-targets':
          ' octo-org/shop:production \n# octo-org/blog, octo-org/wiki\n\nocto-org/shop:prod/eu, octo-org/site\nOCTO-ORG/SHOP\norg:octo-org',
        'org-secret-repositories': 'octo-org/site\nbilling',
      },
      expected: appToken('octo-org', 'shop,site,billing', { secrets: 'write', environments: 'write', 'organization-secrets': 'write' }),
    },
    {
      title: 'an environment target splits at the first colon',
      inputs: { ...rotate, 'secret-targets': 'octo-org/app:env:with:colons' },
      expected: appToken('octo-org', 'app', { environments: 'write' }),
    },
    {
      title: 'an organization target alone: organization secrets, every repository of the owner',
      inputs: { ...rotate, operation: 'refresh', 'secret-targets': 'org:octo-org' },
      expected: appToken('octo-org', '', { 'organization-secrets': 'write' }),
    },
    {
      title: 'org-secret-repositories count only with an organization target',
      inputs: { ...rotate, 'secret-targets': 'octo-org/app', 'org-secret-repositories': 'billing' },
      expected: appToken('octo-org', 'app', { secrets: 'write' }),
    },
    {
      title: 'deploy workflows add Actions: write and their repositories (comment lines dropped)',
      inputs: {
        ...rotate,
        'secret-targets': 'octo-org/app',
        'deploy-workflows':
          'octo-org/capi/.github/workflows/deploy.yml@main\n# later: octo-org/ads\nocto-org/app/.github/workflows/tags.yml@v2',
      },
      expected: appToken('octo-org', 'app,capi', { secrets: 'write', actions: 'write' }),
    },
    {
      title: 'doctor: read-only, on the targets, the deploy workflows and their files',
      inputs: {
        ...app,
        operation: 'doctor',
        'secret-name': 'META_ACCESS_TOKEN',
        'secret-targets': 'octo-org/app, octo-org/app:production, org:octo-org',
        'deploy-workflows': 'octo-org/capi/.github/workflows/deploy.yml@main',
      },
      expected: appToken('octo-org', 'app,capi', {
        secrets: 'read',
        environments: 'read',
        'organization-secrets': 'read',
        actions: 'read',
        contents: 'read',
      }),
    },
    {
      title: "the weekly doctor beside a rotation: the rotation's writes, and Contents: read for the deploy workflows' files",
      inputs: {
        ...rotate,
        doctor: 'true',
        'secret-targets': 'octo-org/app',
        'deploy-workflows': 'octo-org/capi/.github/workflows/deploy.yml@main',
      },
      expected: appToken('octo-org', 'app,capi', { secrets: 'write', actions: 'write', contents: 'read' }),
    },
    {
      title: 'owners compare without case',
      inputs: { ...rotate, 'secret-targets': 'Octo-Org/app,octo-org/site' },
      expected: appToken('Octo-Org', 'app,site', { secrets: 'write' }),
    },
    {
      title: 'check writes nothing: no GitHub credentials',
      inputs: { ...app, operation: 'check', 'secret-name': 'META_ACCESS_TOKEN', 'secret-targets': 'octo-org/app:production' },
      expected: { ...appToken('', '', {}), credentials: 'none' },
    },
    {
      title: 'a PAT instead of an App: credentials token, nothing to mint',
      inputs: { ...present, operation: 'rotate', 'secret-name': 'META_ACCESS_TOKEN', 'has-github-token': 'true' },
      expected: { ...appToken('', '', {}), credentials: 'token' },
    },
    {
      title: 'admin operations need the admin token, not the current one',
      inputs: { 'has-meta-app-secret': 'true', 'has-meta-admin-token': 'true', operation: 'install-app' },
      expected: { ...appToken('', '', {}), credentials: 'none' },
    },
  ]
  for (const { title, inputs, env, expected } of cases) {
    it(title, async () => {
      const run = await plan(inputs, env)
      assert.equal(run.code, 0, run.stdout)
      assert.deepEqual(run.outputs, expected)
      if (expected.credentials === 'app') assert.match(run.stdout, new RegExp(`^GitHub App token for ${expected.owner} \\(`, 'm'))
    })
  }
})

describe('plan: what is wrong, all at once, before any token is minted', () => {
  const cases: Array<{ title: string; inputs: Record<string, string>; env?: Record<string, string>; errors: Array<string | RegExp> }> = [
    {
      title: 'a target that is not one: the main action’s own message',
      inputs: { ...rotate, 'secret-targets': 'octo-org/app\njust-a-name' },
      errors: [parserMessage(() => parseTargets('octo-org/app\njust-a-name', 'octo-org/app'))],
    },
    {
      title: 'an empty environment name',
      inputs: { ...rotate, 'secret-targets': 'octo-org/app:' },
      errors: [parserMessage(() => parseTargets('octo-org/app:', undefined))],
    },
    {
      title: 'a target list without GITHUB_REPOSITORY to fall back on',
      inputs: { ...rotate, 'secret-targets': '# nothing yet' },
      env: { GITHUB_REPOSITORY: '' },
      errors: [parserMessage(() => parseTargets('', undefined))],
    },
    {
      title: 'a deploy workflow that is not one, even for an operation without an App',
      inputs: { ...present, operation: 'check', 'deploy-workflows': 'octo-org/capi/deploy.yml' },
      errors: [parserMessage(() => parseDeployWorkflows('octo-org/capi/deploy.yml'))],
    },
    {
      title: 'targets with two owners',
      inputs: { ...rotate, 'secret-targets': 'octo-org/app\nother-org/app\nother-org/site' },
      errors: [/^secret-targets name more than one owner \(octo-org and other-org\); a GitHub App installation token covers one\./],
    },
    {
      title: 'a deploy workflow of another owner',
      inputs: { ...rotate, 'deploy-workflows': 'elsewhere/capi/.github/workflows/deploy.yml@main' },
      errors: [/more than one owner \(octo-org and elsewhere\)/],
    },
    {
      title: 'no meta-app-secret',
      inputs: { ...rotate, 'has-meta-app-secret': 'false' },
      errors: [/^The secret meta-app-secret is empty/],
    },
    {
      title: 'no current token',
      inputs: { ...present, operation: 'check', 'has-meta-access-token': 'false' },
      errors: [/^The secret meta-access-token is empty/],
    },
    {
      title: 'generate without the admin token',
      inputs: { ...rotate, operation: 'generate' },
      errors: [/^Operation generate calls Meta as an admin system user: pass the secret meta-admin-token/],
    },
    {
      title: 'a write without GitHub credentials',
      inputs: { ...present, operation: 'rotate', 'secret-name': 'X' },
      errors: [/needs credentials that may write secrets.*GITHUB_TOKEN can never write secrets/],
    },
    {
      title: 'an App client id without its key',
      inputs: { ...present, operation: 'rotate', 'secret-name': 'X', 'github-app-client-id': 'fake-client-id' },
      errors: [/github-app-private-key is empty/],
    },
    {
      title: 'an App key without its client id',
      inputs: { ...present, operation: 'rotate', 'secret-name': 'X', 'has-github-app-private-key': 'true' },
      errors: [/github-app-client-id is empty/],
    },
    {
      title: 'everything at once',
      inputs: { operation: 'rotate', 'secret-name': 'X', 'secret-targets': 'nope' },
      errors: [/meta-app-secret is empty/, /meta-access-token is empty/, /needs credentials/, /"nope" is not a valid target/],
    },
  ]
  for (const { title, inputs, env, errors } of cases) {
    it(title, async () => {
      const run = await plan(inputs, env)
      assert.equal(run.code, 1, run.stdout)
      assert.equal(run.errors.length, errors.length, run.errors.join('\n'))
      errors.forEach((expected, i) =>
        typeof expected === 'string' ? assert.equal(run.errors[i], expected) : assert.match(run.errors[i], expected)
      )
      assert.doesNotMatch(run.stdout, /^GitHub App token for/m, 'no plan is announced')
    })
  }

  it('a has- flag that is not true or false names it', async () => {
    const run = await plan({ ...rotate, 'has-meta-app-secret': 'yes' })
    assert.equal(run.code, 1)
    assert.match(run.errors[0], /^Input `has-meta-app-secret`: must be `true` or `false`/)
  })
})

describe('plan: one parser for the targets', () => {
  const line = fc.constantFrom(
    'octo-org/app',
    'OCTO-ORG/App',
    'octo-org/site:production',
    'octo-org/site:prod/eu',
    'org:octo-org',
    'octo-org/shop, octo-org/blog',
    '# octo-org/secret-place, org:elsewhere',
    '   # indented comment',
    '',
    '  ',
    ' , ',
    'octo-org/app:',
    'just-a-name',
    'octo-org/../x'
  )
  const has = { metaAppSecret: true, metaAccessToken: true, metaAdminToken: false, appPrivateKey: true, githubToken: false }

  it('for any list, the plan fails with the action’s message, or covers exactly the targets the action writes', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 6 }), fc.constantFrom('\n', '\r\n'), (lines, eol) => {
        const text = lines.join(eol)
        const result = planRun({
          operation: 'rotate',
          secretName: 'META_ACCESS_TOKEN',
          secretTargets: text,
          orgSecretRepositories: '',
          deployWorkflows: '',
          appClientId: 'fake-client-id',
          has,
          repository: 'octo-org/app',
        })
        let targets: ReturnType<typeof parseTargets>
        try {
          targets = parseTargets(text, 'octo-org/app')
        } catch (error) {
          assert.deepEqual(result.problems, [describeError(error)])
          return
        }
        assert.deepEqual(result.problems, [])
        const repositories: string[] = []
        for (const t of targets)
          if (t.kind !== 'organization' && !repositories.some(r => r.toLowerCase() === t.repo.toLowerCase())) repositories.push(t.repo)
        assert.deepEqual(result.repositories, repositories)
        assert.equal(result.permissions.secrets, targets.some(t => t.kind === 'repository') ? 'write' : '')
        assert.equal(result.permissions.environments, targets.some(t => t.kind === 'environment') ? 'write' : '')
        assert.equal(result.permissions['organization-secrets'], targets.some(t => t.kind === 'organization') ? 'write' : '')
        assert.ok(repositories.length > 0 || targets.every(t => t.kind === 'organization'), 'never an empty list by accident')
      }),
      { numRuns: 300 }
    )
  })
})

describe('plan: text from its inputs reaches the log inert', () => {
  for (const { tries, text } of HOSTILE_TEXTS) {
    it(tries, async () => {
      // A target list often comes from a repository variable, which more people may write than the workflow.
      for (const inputs of [
        { ...rotate, 'secret-targets': text },
        { ...rotate, 'secret-targets': `octo-org/app:${text}` },
        { ...rotate, 'deploy-workflows': text },
        { ...rotate, operation: text },
      ]) {
        const run = await plan(inputs)
        assertInertLog(run)
      }
    })
  }
})

describe('plan: the bundle runs as the sources do', () => {
  const cases: Array<Record<string, string>> = [
    rotate,
    { ...rotate, 'secret-targets': '# only a comment' },
    { ...rotate, 'secret-targets': 'octo-org/shop:production\norg:octo-org', 'org-secret-repositories': 'site' },
    { ...rotate, 'secret-targets': 'octo-org/app\nother-org/app ##[add-mask]e', 'has-meta-app-secret': 'false' },
  ]
  for (const inputs of cases) {
    it(`same outputs, log and exit code: ${JSON.stringify(inputs['secret-targets'] ?? '')}`, async () => {
      const fromSources = await plan(inputs)
      const bundled = await runJavaScriptAction(BUNDLE, metadata, inputs)
      assert.equal(bundled.stderr, '')
      assert.equal(bundled.code, fromSources.code)
      assert.deepEqual(bundled.outputs, fromSources.outputs)
      assert.deepEqual(bundled.lines, fromSources.lines)
    })
  }
})

describe('the reusable workflow plans with this action', () => {
  const [[, job]] = Object.entries(byPath(REUSABLE_PATH).doc.jobs as Record<string, Mapping>)
  const step = (job.steps as Mapping[]).find(s => s.id === 'plan')!

  it('runs `uses: $/plan` first, with no shell script left to parse the targets', () => {
    assert.equal((job.steps as Mapping[])[0], step)
    assert.equal(step.uses, '$/plan')
    assert.equal(step.run, undefined)
    // The one shell step reads the date (the monthly drill), never a target list.
    const scripts = (job.steps as Mapping[]).filter(s => typeof s.run === 'string')
    assert.deepEqual(
      scripts.map(s => s.id),
      ['month']
    )
    assert.doesNotMatch(JSON.stringify(scripts), /targets|deploy-workflows/)
  })

  it('gives the plan the same target lists as the action, and only flags for the secrets', () => {
    const action = (job.steps as Mapping[]).find(s => s.uses === '$/')!
    for (const input of ['secret-targets', 'org-secret-repositories', 'deploy-workflows', 'secret-name', 'operation'])
      assert.equal(step.with[input], action.with[input], input)
    for (const [input, value] of Object.entries(step.with as Record<string, string>)) {
      if (!/secrets/.test(value)) continue
      assert.match(input, /^has-/, `${input} may learn only whether a secret is set`)
      assert.match(value, /^\$\{\{ .*!= '' \}\}$|^\$\{\{ secrets\.[\w-]+ != '' \|\| .*!= ''\) \}\}$/, `${input}: ${value}`)
    }
  })
})

describe('plan: reads operation and org-secret-repositories as the action does (issue 27, item 7)', () => {
  const has = { metaAppSecret: true, metaAccessToken: true, metaAdminToken: true, appPrivateKey: true, githubToken: false }
  const inputs = {
    operation: 'rotate',
    secretName: 'META_ACCESS_TOKEN',
    secretTargets: 'org:octo-org',
    orgSecretRepositories: 'app',
    deployWorkflows: '',
    appClientId: 'fake-client-id',
    has,
    repository: 'octo-org/app',
  }
  it('an operation that is not exactly one of the names is a problem', () => {
    for (const operation of [' emergency', 'emergency ', 'Emergency']) {
      assert.deepEqual(planRun({ ...inputs, operation }).problems, [
        `Input \`operation\`: must be exactly one of rotate, refresh, check, doctor, revoke, retire, generate, install-app, emergency (as written, without spaces); got ${JSON.stringify(operation)}.`,
      ])
    }
  })
  it('an org-secret-repositories entry of another owner is a problem, not a repository to ask access to', () => {
    const result = planRun({ ...inputs, orgSecretRepositories: 'app\nevil/app' })
    assert.deepEqual(result.problems, [
      'Input `org-secret-repositories`: "evil/app" belongs to evil, not to octo-org, the organization of the secret; list only its repositories (`name` or `octo-org/name`).',
    ])
  })
})
