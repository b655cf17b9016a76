/**
 * The shell steps of the workflows, run with bash as the runner would run them (the script
 * from the YAML, the step's env with the expressions replaced by test values, GITHUB_OUTPUT):
 * the reusable workflow's check-and-plan step and the scheduled template's keep-alive.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { runBash, type ScriptRun } from './bash.ts'
import { byPath, REUSABLE_PATH, steps } from './load.ts'

function script(path: string, id: string): { run: string; env: Record<string, string> } {
  const found = steps(byPath(path)).find(s => s.step.id === id)
  assert.ok(found, `${path} has a step ${id}`)
  assert.equal(found.step.shell ?? 'bash', 'bash')
  return { run: found.step.run, env: found.step.env ?? {} }
}

/** Runs the step's script with every env name the step declares set (unset inputs and missing secrets as they arrive). */
function runStep(path: string, id: string, env: Record<string, string>): ScriptRun {
  const { run, env: declared } = script(path, id)
  for (const name of Object.keys(env)) assert.ok(name in declared, `${id} does not declare env ${name}`)
  const defaults = Object.fromEntries(Object.keys(declared).map(name => [name, name.startsWith('HAS_') ? 'false' : '']))
  return runBash(run, { ...defaults, ...env })
}

const present = { HAS_APP_SECRET: 'true', HAS_ACCESS_TOKEN: 'true' }
const app = { APP_CLIENT_ID: 'fake-client-id', HAS_APP_KEY: 'true' }
const plan = (env: Record<string, string>): ScriptRun => runStep(REUSABLE_PATH, 'plan', env)

describe('reusable workflow: check secrets and plan GitHub credentials', () => {
  it('check needs the app secret and the token, and no GitHub credentials', () => {
    const run = plan({ ...present, OPERATION: 'check', SECRET_NAME: 'META_ACCESS_TOKEN' })
    assert.equal(run.code, 0, run.stdout)
    assert.equal(run.outputs.credentials, 'none')
    assert.equal(run.outputs['permission-secrets'], '')
  })

  it('rotate into the calling repository: a token for that one repository with secrets: write', () => {
    const run = plan({ ...present, ...app, OPERATION: 'rotate', SECRET_NAME: 'META_ACCESS_TOKEN' })
    assert.equal(run.code, 0, run.stdout)
    assert.deepEqual(run.outputs, {
      credentials: 'app',
      owner: 'octo-org',
      repositories: 'app',
      'permission-secrets': 'write',
      'permission-environments': '',
      'permission-organization-secrets': '',
      'permission-actions': '',
    })
  })

  it('asks for exactly the permissions the targets need, for their repositories only', () => {
    const run = plan({
      ...present,
      ...app,
      OPERATION: 'rotate',
      SECRET_NAME: 'META_ACCESS_TOKEN',
      TARGETS: ' octo-org/shop:production \n# a comment\n\nocto-org/shop:prod/eu, octo-org/site\norg:octo-org',
      ORG_REPOSITORIES: 'octo-org/site\nbilling',
    })
    assert.equal(run.code, 0, run.stdout)
    assert.deepEqual(run.outputs, {
      credentials: 'app',
      owner: 'octo-org',
      repositories: 'shop,site,billing',
      'permission-secrets': 'write',
      'permission-environments': 'write',
      'permission-organization-secrets': 'write',
      'permission-actions': '',
    })
    assert.match(run.stdout, /GitHub App token for octo-org \(shop,site,billing\)/)
  })

  it('deploy workflows add Actions: write and their repositories; a wrong line or another owner is a problem', () => {
    const run = plan({
      ...present,
      ...app,
      OPERATION: 'rotate',
      SECRET_NAME: 'META_ACCESS_TOKEN',
      TARGETS: 'octo-org/app',
      DEPLOY_WORKFLOWS:
        'octo-org/capi/.github/workflows/deploy.yml@main\n# later: octo-org/ads\nocto-org/app/.github/workflows/tags.yml@v2',
    })
    assert.equal(run.code, 0, run.stdout)
    assert.equal(run.outputs.repositories, 'app,capi')
    assert.equal(run.outputs['permission-actions'], 'write')
    assert.equal(run.outputs['permission-secrets'], 'write')
    for (const bad of ['octo-org/capi/deploy.yml', 'elsewhere/capi/.github/workflows/deploy.yml@main']) {
      const refused = plan({
        ...present,
        ...app,
        OPERATION: 'rotate',
        SECRET_NAME: 'META_ACCESS_TOKEN',
        TARGETS: 'octo-org/app',
        DEPLOY_WORKFLOWS: bad,
      })
      assert.notEqual(refused.code, 0, bad)
      assert.match(refused.stdout, /::error title=Meta Token Keeper workflow::/)
    }
  })

  it('an organization target alone: every repository of the installation, organization secrets only', () => {
    const run = plan({ ...present, ...app, OPERATION: 'refresh', SECRET_NAME: 'META_ACCESS_TOKEN', TARGETS: 'org:octo-org' })
    assert.equal(run.code, 0, run.stdout)
    assert.equal(run.outputs.owner, 'octo-org')
    assert.equal(run.outputs.repositories, '')
    assert.equal(run.outputs['permission-organization-secrets'], 'write')
    assert.equal(run.outputs['permission-secrets'], '')
  })

  it('refuses targets with two owners, since an installation token covers one', () => {
    const run = plan({ ...present, ...app, OPERATION: 'rotate', SECRET_NAME: 'META_ACCESS_TOKEN', TARGETS: 'octo-org/app\nother-org/app' })
    assert.equal(run.code, 1)
    assert.match(run.errors.join('\n'), /more than one owner \(octo-org and other-org\)/)
  })

  it('owners compare without case', () => {
    assert.equal(plan({ ...present, ...app, OPERATION: 'rotate', SECRET_NAME: 'X', TARGETS: 'Octo-Org/app,octo-org/site' }).code, 0)
  })

  it('falls back to github-token when no App is configured', () => {
    const run = plan({ ...present, HAS_GITHUB_TOKEN: 'true', OPERATION: 'rotate', SECRET_NAME: 'META_ACCESS_TOKEN' })
    assert.equal(run.code, 0, run.stdout)
    assert.equal(run.outputs.credentials, 'token')
  })

  it('says what is missing, naming the secrets, never their values', () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ OPERATION: 'rotate', SECRET_NAME: 'X', HAS_ACCESS_TOKEN: 'true' }, /The secret meta-app-secret is empty/],
      [{ ...present, HAS_ACCESS_TOKEN: 'false', OPERATION: 'check' }, /The secret meta-access-token is empty/],
      [
        { ...present, OPERATION: 'generate', SECRET_NAME: 'X', ...app },
        /Operation generate calls Meta as an admin system user: pass the secret meta-admin-token/,
      ],
      [
        { ...present, OPERATION: 'rotate', SECRET_NAME: 'X' },
        /needs credentials that may write secrets.*GITHUB_TOKEN can never write secrets/,
      ],
      [{ ...present, OPERATION: 'rotate', SECRET_NAME: 'X', APP_CLIENT_ID: 'fake-client-id' }, /github-app-private-key is empty/],
      [{ ...present, OPERATION: 'rotate', SECRET_NAME: 'X', HAS_APP_KEY: 'true' }, /github-app-client-id is empty/],
      [{ ...present, ...app, OPERATION: 'rotate', SECRET_NAME: 'X', TARGETS: 'just-a-name' }, /"just-a-name" is not owner\/repo/],
    ]
    for (const [env, pattern] of cases) {
      const run = plan(env)
      assert.equal(run.code, 1, `${JSON.stringify(env)}\n${run.stdout}`)
      assert.match(run.errors.join('\n'), pattern)
      assert.match(run.errors[0], /^::error title=Meta Token Keeper workflow::/)
    }
  })

  it('reports every problem at once', () => {
    const run = plan({ OPERATION: 'rotate', SECRET_NAME: 'X' })
    assert.equal(run.errors.length, 3, run.stdout)
  })

  it('admin operations use the admin token and need no current token', () => {
    const run = plan({ HAS_APP_SECRET: 'true', HAS_ADMIN_TOKEN: 'true', OPERATION: 'install-app' })
    assert.equal(run.code, 0, run.stdout)
    assert.equal(run.outputs.credentials, 'none')
  })
})

describe('scheduled template: the schedule keeps itself enabled', () => {
  const TEMPLATE = 'workflow-templates/meta-token-rotation.yml'

  /** Runs the keep-alive step with a `curl` that records its arguments and answers `status`. */
  function keepalive(status: string): { run: ScriptRun; curl: string[] } {
    const dir = mkdtempSync(join(tmpdir(), 'mtk-curl-'))
    const log = join(dir, 'args')
    writeFileSync(join(dir, 'curl'), `#!/usr/bin/env bash\nprintf '%s\\n' "$@" > "${log}"\nprintf '${status}'\n`, { mode: 0o755 })
    const step = script(TEMPLATE, 'keepalive')
    assert.deepEqual(Object.keys(step.env).sort(), ['GITHUB_TOKEN', 'WORKFLOW_REF'])
    // The step's env, and what the runner sets for every step.
    const run = runBash(step.run, {
      GITHUB_TOKEN: 'fake-workflow-token',
      WORKFLOW_REF: 'octo-org/app/.github/workflows/meta-token-rotation.yml@refs/heads/main',
      GITHUB_API_URL: 'https://api.github.com',
      PATH: `${dir}:${process.env.PATH ?? ''}`,
    })
    const curl = readFileSync(log, 'utf8').split('\n')
    rmSync(dir, { recursive: true, force: true })
    return { run, curl }
  }

  it('re-enables its own workflow with the workflow token', () => {
    const { run, curl } = keepalive('204')
    assert.equal(run.code, 0, run.stdout)
    assert.ok(curl.includes('https://api.github.com/repos/octo-org/app/actions/workflows/meta-token-rotation.yml/enable'), curl.join(' '))
    assert.ok(curl.includes('PUT'))
    assert.ok(curl.includes('Authorization: Bearer fake-workflow-token'))
    assert.match(run.stdout, /Re-enabled meta-token-rotation\.yml/)
  })

  it('only warns when GitHub refuses (the rotation itself is another job)', () => {
    const { run } = keepalive('403')
    assert.equal(run.code, 0, run.stdout)
    assert.match(run.stdout, /::warning title=Schedule keep-alive::Could not re-enable meta-token-rotation\.yml \(HTTP 403\)/)
  })
})
