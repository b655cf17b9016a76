/**
 * Structural tests of the workflows, templates and action metadata (parsed with `yaml`): the
 * promises the issue makes about them that no linter checks.
 */
import assert from 'node:assert/strict'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { parse } from 'yaml'
import { inputProblems, interpolatedRuns, isOwnRef, permissionProblems, PINNED, unpinnedUses } from './checks.ts'
import { interpolate } from './github-expressions.ts'
import {
  actions,
  byPath,
  FLEET_TABLE_PATH,
  jobs,
  load,
  type Mapping,
  REUSABLE_PATH,
  REUSABLE_REF,
  repoWorkflows,
  ROOT,
  steps,
  templates,
  usesLines,
  type WorkflowFile,
  workflows,
} from './load.ts'

const mainAction = load('action.yml').doc
const alertAction = load('alert/action.yml').doc
const planAction = load('plan/action.yml').doc
const reusable = byPath(REUSABLE_PATH)
const call = reusable.doc.on.workflow_call as Mapping

/** A workflow file made from YAML text, for planting mistakes. */
function planted(text: string, path = '.github/workflows/planted.yml'): WorkflowFile {
  return { path, text, doc: parse(text) as Mapping }
}

/** Jobs that call the reusable workflow, in every template. */
function reusableCalls(): Array<{ file: string; job: string; spec: Mapping }> {
  return templates.flatMap(file =>
    jobs(file)
      .filter(([, spec]) => typeof spec.uses === 'string' && REUSABLE_REF.test(spec.uses))
      .map(([job, spec]) => ({ file: file.path, job, spec }))
  )
}

/**
 * The operations a call can run: a literal, or (for an expression) what it gives for each
 * dispatch choice, and for a scheduled run (no inputs).
 */
function operationsOf(file: string, spec: Mapping): string[] {
  const value = String(spec.with?.operation ?? 'rotate')
  if (!value.includes('${{')) return [value]
  const on = byPath(file).doc.on
  const options = on?.workflow_dispatch?.inputs?.operation?.options as string[] | undefined
  assert.ok(options, `${file}: operation is an expression but there is no choice input to take it from`)
  const runs = [...options.map(operation => ({ operation })), ...(on.schedule ? [{}] : [])]
  return [...new Set(runs.map(inputs => interpolate(value, { inputs })))]
}

describe('the action is called only with inputs it has', () => {
  const cases = [
    { ref: '$/', metadata: mainAction, name: 'action.yml' },
    { ref: '$/alert', metadata: alertAction, name: 'alert/action.yml' },
    { ref: '$/plan', metadata: planAction, name: 'plan/action.yml' },
  ]
  for (const { ref, metadata, name } of cases) {
    it(`every with: key given to uses: ${ref} exists in ${name}, and every required input is given`, () => {
      assert.ok(
        workflows.flatMap(steps).some(s => s.step.uses === ref),
        `something uses ${ref}`
      )
      assert.deepEqual(
        workflows.flatMap(file => inputProblems(file, ref, metadata)),
        []
      )
    })
  }

  it('catches an unknown or a missing input', () => {
    const file = planted('jobs:\n  a:\n    steps:\n      - uses: $/\n        with:\n          app-id: 1\n          acess-token: y\n')
    assert.deepEqual(inputProblems(file, '$/', mainAction), [
      '.github/workflows/planted.yml job a step 0 passes unknown input acess-token',
      '.github/workflows/planted.yml job a step 0 leaves out required input app-secret',
    ])
  })

  it('every output of the action that the reusable workflow reads exists', () => {
    const referenced = [...reusable.text.matchAll(/steps\.token\.outputs\.([a-z-]+)/g)].map(m => m[1])
    assert.ok(referenced.length > 5)
    for (const output of referenced) assert.ok(output in mainAction.outputs, `action.yml has no output ${output}`)
    for (const output of [...reusable.text.matchAll(/steps\.alert\.outputs\.([a-z-]+)/g)].map(m => m[1])) {
      assert.ok(output in alertAction.outputs, `alert/action.yml has no output ${output}`)
    }
    for (const output of [...reusable.text.matchAll(/steps\.plan\.outputs\.([a-z-]+)/g)].map(m => m[1])) {
      assert.ok(output in planAction.outputs, `plan/action.yml has no output ${output}`)
    }
  })
})

describe('templates call the reusable workflow', () => {
  const declaredSecrets = Object.keys(call.secrets)
  const declaredInputs = Object.keys(call.inputs)
  const requiredSecrets = Object.entries(call.secrets as Record<string, Mapping>)
    .filter(([, spec]) => spec.required)
    .map(([name]) => name)
  const requiredInputs = Object.entries(call.inputs as Record<string, Mapping>)
    .filter(([, spec]) => spec.required)
    .map(([name]) => name)

  it('every template calls it (the emergency through the per-token workflow)', () => {
    for (const file of templates) {
      assert.ok(
        jobs(file).some(([, spec]) => REUSABLE_REF.test(String(spec.uses ?? '')) || spec.uses === './.github/workflows/meta-token.yml'),
        `${file.path} does not call ${REUSABLE_PATH}`
      )
    }
  })

  it('passes every secret and input it requires, and nothing it does not declare (never secrets: inherit)', () => {
    for (const { file, job, spec } of reusableCalls()) {
      assert.equal(typeof spec.secrets, 'object', `${file} job ${job}: pass secrets one by one, not secrets: inherit`)
      const secrets = Object.keys(spec.secrets)
      const inputs = Object.keys(spec.with ?? {})
      assert.deepEqual(
        requiredSecrets.filter(s => !secrets.includes(s)),
        [],
        `${file} job ${job} leaves out required secrets`
      )
      assert.deepEqual(
        requiredInputs.filter(s => !inputs.includes(s)),
        [],
        `${file} job ${job} leaves out required inputs`
      )
      assert.deepEqual(
        secrets.filter(s => !declaredSecrets.includes(s)),
        [],
        `${file} job ${job} passes undeclared secrets`
      )
      assert.deepEqual(
        inputs.filter(s => !declaredInputs.includes(s)),
        [],
        `${file} job ${job} passes undeclared inputs`
      )
    }
  })

  it('passes the secrets each operation needs: the current or admin token, and GitHub credentials where it writes', () => {
    for (const { file, job, spec } of reusableCalls()) {
      const secrets = Object.keys(spec.secrets)
      for (const operation of operationsOf(file, spec)) {
        const what = `${file} job ${job} (${operation})`
        if (operation === 'generate' || operation === 'install-app')
          assert.ok(
            secrets.includes('meta-admin-token') || spec.with?.environment === 'meta-token-keeper',
            `${what} needs meta-admin-token (or META_ADMIN_TOKEN in the environment)`
          )
        else assert.ok(secrets.includes('meta-access-token'), `${what} needs meta-access-token`)
        if (['rotate', 'refresh', 'generate'].includes(operation)) {
          assert.ok(spec.with?.['secret-name'], `${what} names the secret it writes`)
          // The private key comes from the credentials' environment (SECRETS_APP_PRIVATE_KEY) or is passed.
          const key = secrets.includes('github-app-private-key') || spec.with?.environment === 'meta-token-keeper'
          const app = key && spec.with?.['github-app-client-id']
          assert.ok(app || secrets.includes('github-token'), `${what} writes a secret and needs a GitHub App or github-token`)
        }
      }
    }
  })

  it('grants the calling job what the reusable job asks for (issues: write for the alert)', () => {
    const asked = jobs(reusable).map(([, spec]) => spec.permissions as Mapping)
    for (const { file, job, spec } of reusableCalls()) {
      for (const permissions of asked) {
        for (const [scope, level] of Object.entries(permissions)) {
          assert.equal(spec.permissions?.[scope], level, `${file} job ${job} must grant ${scope}: ${level}`)
        }
      }
    }
  })
})

describe('hygiene', () => {
  it('every third-party action is pinned to a full commit SHA with its version in a comment', () => {
    assert.deepEqual(workflows.flatMap(unpinnedUses), [])
    const thirdParty = workflows.flatMap(usesLines).filter(use => !isOwnRef(use.ref))
    assert.ok(thirdParty.length >= 4, 'checkout, setup-node and create-github-app-token are used')
  })

  it('catches a tag, a short SHA, a missing version comment and a pin that differs from github.md', () => {
    const file = planted(
      [
        'jobs:',
        '  a:',
        '    steps:',
        '      - uses: actions/checkout@v7',
        '      - uses: actions/checkout@3d3c42e',
        `      - uses: actions/checkout@${PINNED['actions/checkout'].sha}`,
        `      - uses: actions/setup-node@${PINNED['actions/checkout'].sha} # v7.0.0`,
        `      - uses: $/`,
        '',
      ].join('\n')
    )
    assert.equal(unpinnedUses(file).length, 4, unpinnedUses(file).join('\n'))
  })

  it('every workflow declares permissions at the top (empty or read-only) and for every job', () => {
    assert.deepEqual(workflows.flatMap(permissionProblems), [])
    assert.deepEqual(permissionProblems(planted('permissions: write-all\njobs:\n  a:\n    runs-on: x\n')), [
      '.github/workflows/planted.yml: top-level permissions must be a mapping, not "write-all"',
      '.github/workflows/planted.yml job a has no permissions',
    ])
    assert.deepEqual(permissionProblems(planted('jobs: {}\n')), ['.github/workflows/planted.yml has no top-level permissions'])
  })

  it('no run: step interpolates secrets or inputs (they go through env:)', () => {
    assert.deepEqual(workflows.flatMap(interpolatedRuns), [])
    assert.ok(workflows.flatMap(steps).filter(s => typeof s.step.run === 'string').length >= 4)
    const file = planted(
      'jobs:\n  a:\n    steps:\n      - run: echo "${{ secrets.X }}"\n      - env:\n          X: ${{ inputs.x }}\n        run: echo "$X"\n'
    )
    assert.deepEqual(interpolatedRuns(file), ['.github/workflows/planted.yml job a step 0 has ${{ … }} in its script (secrets or inputs)'])
  })

  it('every job has a time limit', () => {
    for (const file of workflows) {
      for (const [job, spec] of jobs(file)) {
        if (spec.uses) continue // a call of a reusable workflow, whose jobs have their own
        const limit = String(spec['timeout-minutes'] ?? '')
        // A limit may depend on the inputs (the reusable workflow's deploy runs): every branch is a number.
        const branches = limit.startsWith('${{') ? [...limit.matchAll(/\b(\d+)\b/g)].map(m => Number(m[1])) : [Number(limit)]
        assert.ok(branches.length > 0 && branches.every(n => n > 0), `${file.path} job ${job} has no timeout-minutes`)
      }
    }
  })
})

describe('the reusable workflow', () => {
  const [[jobName, job]] = jobs(reusable)

  it('is called with workflow_call and has one job that refreshes and writes the secret', () => {
    assert.deepEqual(Object.keys(reusable.doc.on), ['workflow_call'])
    assert.equal(jobs(reusable).length, 1, 'refresh and write happen in one job (masked outputs are dropped between jobs)')
    const uses = (job.steps as Mapping[]).map(step => step.uses ?? 'run')
    assert.deepEqual(uses, [
      '$/plan',
      `actions/create-github-app-token@${PINNED['actions/create-github-app-token'].sha}`,
      'run',
      '$/',
      '$/',
      '$/',
      '$/plan',
      'actions/upload-artifact@b7c566a772e6b6bfb58ed0dc250532a479d7789f',
      '$/alert',
    ])
    assert.deepEqual(reusable.doc.permissions, {})
    assert.deepEqual(job.permissions, { issues: 'write' })
  })

  it('runs the alert last, always, with the job status and the action outputs', () => {
    const alert = (job.steps as Mapping[]).at(-1)!
    assert.match(alert.if, /\balways\(\)/)
    // The job status as it is: the alert itself judges an emergency that stored no replacement (from `replaced`).
    assert.equal(alert.with.outcome, '${{ job.status }}')
    assert.equal(alert.with['github-token'], '${{ github.token }}')
    assert.equal(alert.with['days-remaining'], '${{ steps.token.outputs.days-remaining }}')
    assert.equal(alert.with['min-days-remaining'], '${{ inputs.min-days-remaining }}')
    assert.match(alert.with['run-url'], /github\.run_id/)
  })

  it("passes the action's failure outputs, what an emergency did and the admin token check to the alert", () => {
    const alert = (job.steps as Mapping[]).at(-1)!
    for (const name of ['failure-step', 'failure-message', 'next-step', 'replaced', 'revoked'])
      assert.equal(alert.with[name], `\${{ steps.token.outputs.${name} }}`, name)
    assert.equal(
      alert.with['admin-outcome'],
      '${{ steps.admin-token.outcome }}',
      'the outcome: continue-on-error keeps the conclusion success'
    )
    for (const name of ['days-remaining', 'expires-at', 'is-valid', 'failure-message'])
      assert.equal(alert.with[`admin-${name}`], `\${{ steps.admin-token.outputs.${name} }}`, name)
  })

  it('checks the admin token only on the schedule and only when one is passed, cheaply, without failing the job', () => {
    const admin = (job.steps as Mapping[]).find(step => step.id === 'admin-token')!
    assert.equal(job.env.HAS_META_ADMIN_TOKEN, "${{ (secrets.meta-admin-token || secrets.META_ADMIN_TOKEN) != '' }}")
    assert.match(admin.if, /!inputs\.doctor/, 'the weekly doctor checks it instead')
    assert.match(admin.if, /github\.event_name == 'schedule'/)
    assert.match(admin.if, /env\.HAS_META_ADMIN_TOKEN == 'true'/)
    assert.match(admin.if, /!cancelled\(\)/, 'also after a failed rotation')
    assert.match(admin.if, /inputs\.alert &&/, 'only the alert reads it')
    assert.equal(admin['continue-on-error'], true)
    assert.equal(admin.uses, '$/')
    assert.equal(admin.with.operation, 'check')
    assert.equal(admin.with['access-token'], '${{ secrets.meta-admin-token || secrets.META_ADMIN_TOKEN }}')
    // One debug_token call: no secret to name, no GitHub token, nothing written.
    assert.deepEqual(Object.keys(admin.with).sort(), [
      'access-token',
      'app-id',
      'app-secret',
      'graph-api-version',
      'meta-app-id',
      'min-days-remaining',
      'operation',
    ])
  })

  it('asks the GitHub App only for the permissions the targets need', () => {
    const appToken = (job.steps as Mapping[]).find(step => step.id === 'app-token')!
    const permissionInputs = Object.keys(appToken.with).filter(key => key.startsWith('permission-'))
    assert.deepEqual(permissionInputs.sort(), [
      'permission-actions',
      'permission-contents',
      'permission-environments',
      'permission-organization-secrets',
      'permission-secrets',
    ])
    for (const key of permissionInputs) assert.equal(appToken.with[key], `\${{ steps.plan.outputs.${key} }}`)
    assert.equal(appToken.if, "steps.plan.outputs.credentials == 'app'")
  })

  describe('one job per token at a time, by operation class', () => {
    const group = (inputs: Record<string, string>, runId = '100'): string =>
      interpolate(job.concurrency.group, {
        inputs: { operation: 'rotate', environment: '', 'secret-name': 'META_ACCESS_TOKEN', ...inputs },
        github: { repository: 'octo-org/app', run_id: runId, run_attempt: '1' },
      })

    it('never cancels a running job', () => {
      assert.equal(job.concurrency['cancel-in-progress'], false)
    })

    it('rotations of the same token share a group, whatever writes it', () => {
      const rotate = group({})
      for (const operation of ['refresh', 'generate', 'retire', 'install-app', 'ROTATE'])
        assert.equal(group({ operation }), rotate, operation)
      assert.match(rotate, /octo-org\/app/)
      assert.match(rotate, /META_ACCESS_TOKEN$/)
      assert.equal(group({}, '200'), rotate, 'across runs')
    })

    it('another secret, or the same name in another environment, is another group', () => {
      const groups = [
        group({}),
        group({ 'secret-name': 'META_TOKEN_ADS' }),
        group({ environment: 'production' }),
        group({ environment: 'staging' }),
      ]
      assert.equal(new Set(groups).size, groups.length, groups.join('\n'))
    })

    it('an emergency never queues behind a rotation, and a check never queues at all', () => {
      assert.notEqual(group({ operation: 'emergency' }), group({}))
      assert.equal(group({ operation: 'revoke' }), group({ operation: 'emergency' }))
      assert.notEqual(group({ operation: 'check' }), group({}))
      assert.notEqual(group({ operation: 'check' }, '100'), group({ operation: 'check' }, '101'), 'one group per run')
    })

    it("differs from every group the templates' own workflows and calling jobs use", () => {
      const ours = new Set(['rotate', 'emergency', 'check', 'generate'].map(operation => group({ operation })))
      for (const file of templates) {
        const theirs = [file.doc.concurrency, ...jobs(file).map(([, spec]) => spec.concurrency)]
          .filter(Boolean)
          .map(c => String(typeof c === 'string' ? c : c.group))
        for (const text of theirs) {
          const evaluated = interpolate(text, {
            inputs: {},
            github: { repository: 'octo-org/app', run_id: '100', run_attempt: '1' },
            matrix: { token: { secret: 'META_ACCESS_TOKEN' } },
            vars: {},
          })
          assert.ok(!ours.has(evaluated), `${file.path}: ${evaluated}`)
        }
      }
    })
  })

  it('maps its outputs (expiry, whether it rotated) to the job outputs', () => {
    for (const name of ['expires-at', 'days-remaining', 'rotated']) assert.ok(name in call.outputs, `output ${name}`)
    for (const [name, spec] of Object.entries(call.outputs as Record<string, Mapping>)) {
      const match = /^\$\{\{ jobs\.([\w-]+)\.outputs\.([\w-]+) \}\}$/.exec(spec.value)
      assert.ok(match, `output ${name}: ${spec.value}`)
      assert.equal(match[1], jobName)
      assert.ok(match[2] in job.outputs, `job ${jobName} has no output ${match[2]}`)
    }
  })

  it('declares the secrets and inputs the issue names', () => {
    assert.deepEqual(Object.keys(call.secrets).sort(), [
      'META_ADMIN_TOKEN',
      'META_APP_SECRET',
      'SECRETS_APP_PRIVATE_KEY',
      'github-app-private-key',
      'github-token',
      'meta-access-token',
      'meta-admin-token',
      'meta-app-secret',
      'meta-previous-token',
    ])
    for (const input of [
      'operation',
      'meta-app-id',
      'app-id',
      'secret-name',
      'secret-targets',
      'renew-before-days',
      'min-days-remaining',
      'github-app-client-id',
    ]) {
      assert.ok(input in call.inputs, `input ${input}`)
    }
    assert.equal(call.inputs.operation.default, 'rotate')
    assert.equal(call.inputs['revoke-old'].type, 'string', 'revoke-old takes true, false or deferred')
  })
})

describe('the templates', () => {
  const gate = byPath('workflow-templates/meta-token-deploy-gate.yml')

  it('each has a .properties.json with a name and a description, and vice versa', () => {
    const names = readdirSync(join(ROOT, 'workflow-templates'))
    for (const file of templates) {
      const properties = file.path.replace(/\.ya?ml$/, '.properties.json')
      assert.ok(existsSync(join(ROOT, properties)), `${properties} is missing`)
      const json = JSON.parse(readFileSync(join(ROOT, properties), 'utf8')) as Mapping
      assert.equal(typeof json.name, 'string')
      assert.ok(json.name.length > 0)
      assert.equal(typeof json.description, 'string')
      assert.ok(json.description.length > 20)
      if (json.categories !== undefined) assert.ok(Array.isArray(json.categories))
      if (json.iconName !== undefined) assert.match(json.iconName, /^octicon [a-z-]+$/)
    }
    for (const name of names.filter(n => n.endsWith('.properties.json'))) {
      assert.ok(names.includes(name.replace('.properties.json', '.yml')), `${name} has no template`)
    }
  })

  it('deploy gate: the first job checks with min-days-remaining; the deploy job reads the secret only after it passes', () => {
    const all = jobs(gate)
    const [checkJob, check] = all.find(([, spec]) => !spec.needs)!
    assert.ok(REUSABLE_REF.test(check.uses))
    assert.equal(check.with.operation, 'check')
    assert.ok(Number(check.with['min-days-remaining']) > 0)
    const consumers = all.filter(([name, spec]) => name !== checkJob && JSON.stringify(spec).includes('secrets.META_ACCESS_TOKEN'))
    assert.ok(consumers.length > 0, 'a deploy job consumes the secret')
    for (const [name, spec] of consumers)
      assert.ok(([] as string[]).concat(spec.needs ?? []).includes(checkJob), `${name} must need ${checkJob}`)
  })
})

describe('metadata and CI', () => {
  it('every action runs on node24 from a committed bundle', () => {
    for (const file of actions) {
      assert.equal(file.doc.runs.using, 'node24', file.path)
      assert.equal(file.doc.runs.main, 'dist/index.js', file.path)
      const dir = file.path.includes('/') ? file.path.slice(0, file.path.lastIndexOf('/')) : '.'
      assert.ok(existsSync(join(ROOT, dir, 'dist', 'index.js')), `${dir}/dist/index.js is built`)
    }
  })

  it('project CI tests, lints and checks dist/, alert/dist/ and plan/dist/ on pushes and pull requests', () => {
    const ci = repoWorkflows.find(file => file.path.endsWith('/ci.yml'))
    assert.ok(ci, '.github/workflows/ci.yml')
    assert.ok('push' in ci.doc.on && 'pull_request' in ci.doc.on)
    const scripts = steps(ci).map(s => String(s.step.run ?? ''))
    for (const command of ['npm test', 'npm run lint', 'npm run build'])
      assert.ok(
        scripts.some(run => run.includes(command)),
        `CI runs ${command}`
      )
    assert.ok(
      scripts.some(run => /git status --porcelain -- dist\/ alert\/dist\/ plan\/dist\//.test(run)),
      'CI compares every bundle with a fresh build'
    )
  })
})

describe('README examples', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  const blocks = [...readme.matchAll(/^( *)```yaml\n([\s\S]*?)^\1```$/gm)].map(m => m[2].replace(new RegExp(`^${m[1]}`, 'gm'), ''))

  /** Every mapping in a parsed document, depth first. */
  function mappings(node: unknown): Mapping[] {
    if (Array.isArray(node)) return node.flatMap(mappings)
    if (node && typeof node === 'object') return [node as Mapping, ...Object.values(node).flatMap(mappings)]
    return []
  }

  it("every full workflow in the README passes GitHub's parser (calls of the reusable workflow checked against it) and actionlint", async () => {
    const { actionlint, parseWithGitHub } = await import('../../scripts/lint-workflows.ts')
    const full = blocks.filter(block => /^jobs:/m.test(block))
    assert.ok(full.length >= 2)
    for (const [index, block] of full.entries()) {
      const file = `README.md#yaml-${index}`
      assert.deepEqual(
        [...(await parseWithGitHub(file, block)), ...(await actionlint(file, block))].map(f => f.message),
        []
      )
    }
    assert.ok(
      full.some(block => /operation: emergency/.test(block)),
      'the emergency template is shown'
    )
  })

  it('every use of the action in the README passes only inputs it has; calls of the reusable workflow only what it declares', () => {
    let checked = 0
    for (const node of blocks.flatMap(block => mappings(parse(block)))) {
      if (typeof node.uses !== 'string') continue
      if (/^[\w-]+\/meta-token-keeper@/.test(node.uses)) {
        checked++
        for (const key of Object.keys(node.with ?? {})) assert.ok(key in mainAction.inputs, `README passes unknown input ${key}`)
      }
      if (REUSABLE_REF.test(node.uses)) {
        checked++
        for (const key of Object.keys(node.with ?? {})) assert.ok(key in call.inputs, `README passes undeclared input ${key}`)
        for (const key of Object.keys(node.secrets ?? {})) assert.ok(key in call.secrets, `README passes undeclared secret ${key}`)
      }
    }
    assert.ok(checked >= 1, `checked ${checked} uses`)
  })
})

describe('the many-tokens template', () => {
  const matrix = byPath('workflow-templates/meta-token-rotation-matrix.yml')
  const [, rotate] = jobs(matrix).find(([, spec]) => spec.strategy)!

  it('one rotation per entry, none stopping the others, one at a time per token', () => {
    assert.equal(rotate.strategy['fail-fast'], false)
    assert.equal(rotate.concurrency.group, 'meta-token-rotation-${{ matrix.secret }}')
    assert.equal(rotate.concurrency['cancel-in-progress'], false)
  })

  it('each entry reads its own token and record, and names its own secret (so its own alert issue)', () => {
    assert.equal(rotate.with['secret-name'], '${{ matrix.secret }}')
    assert.equal(rotate.with['secret-targets'], '${{ matrix.targets || vars.META_SECRET_TARGETS }}')
    assert.equal(rotate.secrets['meta-access-token'], '${{ secrets[matrix.secret] }}')
    assert.equal(rotate.secrets['meta-previous-token'], "${{ secrets[format('{0}_PREVIOUS', matrix.secret)] }}")
  })

  it('ends with the fleet-table workflow of .github/workflows/ (where Dependabot updates its pins), granting it nothing', () => {
    const table = byPath(FLEET_TABLE_PATH)
    const [, caller] = jobs(matrix).find(([name]) => name === 'table')!
    assert.equal(caller.uses, `OWNER/meta-token-keeper/${FLEET_TABLE_PATH}@v1`)
    assert.deepEqual(Object.keys(table.doc.on), ['workflow_call'])
    const inputs = table.doc.on.workflow_call.inputs as Mapping
    assert.deepEqual(Object.keys(inputs), ['matrix'])
    assert.deepEqual([inputs.matrix.type, inputs.matrix.required], ['string', true])
    assert.deepEqual(Object.keys(caller.with), ['matrix'])
    assert.equal(caller.secrets, undefined, 'no secret reaches the table')
    // A called workflow's jobs get at most what the calling job grants: here nothing.
    assert.deepEqual(caller.permissions, {})
    assert.deepEqual(table.doc.permissions, {})
    for (const [, spec] of jobs(table)) assert.deepEqual(spec.permissions, {})
  })

  it('keeps its schedule enabled like the scheduled template, with the same step', () => {
    const rotation = byPath('workflow-templates/meta-token.yml')
    const keepalive = (file: WorkflowFile) => jobs(file).find(([name]) => name === 'keepalive')?.[1]
    assert.ok(keepalive(matrix), 'a keepalive job')
    assert.deepEqual(keepalive(matrix), keepalive(rotation))
    assert.equal(keepalive(matrix)!.if, "github.event_name == 'schedule'")
  })
})

/**
 * Where a template lets a repository variable (or a dispatch input) choose which secret is read,
 * or build the matrix whose entries name secrets: more people may write variables than secrets.
 */
function variableSteering(file: WorkflowFile): string[] {
  const problems: string[] = []
  for (const match of file.text.matchAll(/secrets\[([^\]]*)\]/g))
    if (/\b(vars|inputs|github\.event)\b/.test(match[1])) problems.push(`${file.path}: secrets[${match[1]}]`)
  for (const [job, spec] of jobs(file)) {
    const matrix = JSON.stringify(spec.strategy?.matrix ?? {})
    // A matrix may come from a job of the same file whose steps read only a list written in it.
    const computed = /^\{"include":"\$\{\{ fromJSON\(needs\.([\w-]+)\.outputs\.[\w-]+\) \}\}"\}$/.exec(matrix)
    if (computed) {
      const source = file.doc.jobs?.[computed[1]] as Mapping | undefined
      const tokens = ((source?.steps ?? []) as Mapping[]).map(step => step.with?.tokens)
      if (!tokens.some(list => typeof list === 'string' && list.trim() !== '' && !list.includes('${{')))
        problems.push(`${file.path} job ${job}: the matrix comes from job ${computed[1]}, which reads no list written in the file`)
    } else if (/\bvars\.|\binputs\.|fromJSON/.test(matrix)) problems.push(`${file.path} job ${job}: the matrix comes from ${matrix}`)
  }
  return problems
}

describe('no variable steers a secret', () => {
  it('in any template', () => {
    assert.deepEqual(templates.flatMap(variableSteering), [])
  })

  it('catches a matrix from a variable, and a secret chosen by a variable', () => {
    const file = planted(
      [
        'jobs:',
        '  a:',
        '    strategy:',
        '      matrix:',
        '        token: ${{ fromJSON(vars.META_TOKENS) }}',
        '    uses: ./.github/workflows/x.yml',
        '    secrets:',
        '      meta-access-token: ${{ secrets[vars.NAME] }}',
        '',
      ].join('\n')
    )
    const computed = planted(
      [
        'jobs:',
        '  tokens:',
        '    steps:',
        '      - uses: OWNER/meta-token-keeper/plan@v1',
        '        with:',
        '          tokens: ${{ vars.META_TOKENS }}',
        '  a:',
        '    strategy:',
        '      matrix:',
        '        include: ${{ fromJSON(needs.tokens.outputs.matrix) }}',
        '',
      ].join('\n')
    )
    assert.deepEqual(variableSteering(computed), [
      '.github/workflows/planted.yml job a: the matrix comes from job tokens, which reads no list written in the file',
    ])
    assert.deepEqual(variableSteering(file), [
      '.github/workflows/planted.yml: secrets[vars.NAME]',
      '.github/workflows/planted.yml job a: the matrix comes from {"token":"${{ fromJSON(vars.META_TOKENS) }}"}',
    ])
  })
})
