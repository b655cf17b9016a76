/**
 * The committed bundle, run as the runner runs it (a Node 24 process, INPUT_* variables, the
 * output and summary files). Every other end-to-end test drives src/main.ts in-process
 * (test/helpers/run-main.ts); here the same run goes both ways, against two worlds set up
 * alike, and must come out the same: exit code, stderr, every stdout line and workflow command,
 * outputs and job summary. So the bundle does what the sources do, and the in-process IO records
 * what the runner would see. runAction fails first when dist/ is stale.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { ActionRun } from '../helpers/run-action.ts'
import { describeRun, World } from '../helpers/world.ts'

const ISO_SECONDS = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g

/**
 * A run with everything that differs between two worlds named: masked values by the order in
 * which they were masked, ids and server URLs by what they are, times (a second may pass
 * between the two runs) by their form.
 */
/** A debug line's duration: `(attempt 1, 37 ms)`. */
const DURATION = /\d+ ms\)/g
/** A phase in the summary's chart: `  Store (0.1 s) :done, p3, 414, 444`. */
const PHASE_TIMES = /\(\d+\.\d s\) :(\w+), (p\d+), \d+, \d+/g

function normalized(run: ActionRun, world: World): Omit<ActionRun, 'stdout' | 'durationMs' | 'masks'> & { masks: number } {
  const names: Array<[string, string]> = [
    [world.app.id, '<app id>'],
    [world.systemUserId, '<system user id>'],
    [world.graph.url, '<graph url>'],
    [world.github.url, '<github url>'],
  ]
  // Raw values only: a mask holding `%` stays visible in its ::add-mask:: line, escaped as the runner reads it.
  run.masks.forEach((mask, i) => names.push([mask, `<mask ${i}>`]))
  names.sort((a, b) => b[0].length - a[0].length)
  const clean = (text: string): string =>
    names
      .reduce((result, [value, name]) => result.replaceAll(value, name), text)
      .replace(ISO_SECONDS, '<time>')
      .replace(DURATION, '<n> ms)')
      .replace(PHASE_TIMES, '(<s>) :$1, $2, <start>, <end>')
  const outputs = Object.fromEntries(
    Object.entries(run.outputs).map(([name, value]) => [name, name === 'expires-in' && /^\d+$/.test(value) ? '<seconds>' : clean(value)])
  )
  return {
    code: run.code,
    stderr: run.stderr,
    // Requests made side by side (the verification and the record write) may answer in either order.
    lines: [
      ...run.lines.map(clean).filter(line => !line.startsWith('::debug::')),
      ...run.lines
        .map(clean)
        .filter(line => line.startsWith('::debug::'))
        .sort(),
    ],
    masks: run.masks.length,
    errors: run.errors.map(clean),
    warnings: run.warnings.map(clean),
    outputs,
    summary: clean(run.summary),
  }
}

interface Case {
  title: string
  inputs: (world: World) => Record<string, string>
  code: number
  /** What the bundle's run must have done, beyond matching the in-process run. */
  check?: (world: World, run: ActionRun) => void
}

const CASES: Case[] = [
  {
    // One mask holds `%` (the URL-encoded app token): its command data must be escaped alike.
    title: 'rotates into a repository and an environment (masks, log lines, outputs, summary)',
    inputs: () => ({ 'secret-targets': 'octo-org/app\nocto-org/app:prod/eu' }),
    code: 0,
    check: (world, run) => {
      const newToken = run.outputs.token
      assert.ok(newToken && newToken !== world.oldToken, 'a new token is in the token output')
      for (const target of ['octo-org/app', 'octo-org/app:prod/eu'])
        assert.equal(world.github.secret(target, 'META_ACCESS_TOKEN')?.value, newToken, `${target} decrypts to the new token`)
      assert.equal(world.graph.isValid(world.oldToken), false, 'the old token is revoked')
      assert.deepEqual(world.validTokens(), [newToken])
    },
  },
  {
    title: 'checks a never-expiring token (a warning)',
    inputs: world => ({
      operation: 'check',
      'access-token': world.graph.mintToken({ appId: world.app.id, userId: world.systemUserId, expiresInSeconds: 0 }),
    }),
    code: 0,
    check: (_world, run) => assert.equal(run.warnings.length, 1),
  },
  {
    title: 'fails with exit code 1 when the token expires too soon (an error annotation of two lines)',
    inputs: () => ({ operation: 'check', 'min-days-remaining': '30' }),
    code: 1,
    check: (_world, run) => {
      assert.equal(run.errors.length, 1)
      assert.match(run.errors[0], /\nWhat to do: /)
    },
  },
  {
    // The bundle reads the input names from action.yml beside dist/, as the sources do from the repository root.
    title: 'refuses an input action.yml does not declare, before any request',
    inputs: () => ({ 'secret-target': 'octo-org/site' }),
    code: 1,
    check: (world, run) => {
      assert.match(run.errors[0], /`secret-target`: is not an input of this action \(did you mean `secret-targets`\?\)/)
      assert.deepEqual([...world.graphCalls(), ...world.githubCalls()], [], 'no request was made')
    },
  },
  {
    // @actions/core trims inputs unless told not to; the workflow's `inputs.operation == 'emergency'` does not.
    title: 'reads an input untrimmed, as the workflow expressions do: ` emergency` is refused, before any request',
    inputs: () => ({ operation: ' emergency' }),
    code: 1,
    check: (world, run) => {
      assert.match(run.errors[0], /Input `operation`: must be exactly one of/)
      assert.deepEqual([...world.graphCalls(), ...world.githubCalls()], [], 'no request was made')
    },
  },
]

describe('the bundle (dist/index.js) runs like the sources', () => {
  for (const c of CASES) {
    it(c.title, async () => {
      const [bundleWorld, sourceWorld] = await Promise.all([World.start(), World.start()])
      try {
        const bundled = await bundleWorld.runBundle(c.inputs(bundleWorld))
        const inProcess = await sourceWorld.run(c.inputs(sourceWorld))
        assert.equal(bundled.code, c.code, describeRun(bundled))
        assert.equal(bundled.stderr, '', 'the bundle prints nothing on stderr')
        c.check?.(bundleWorld, bundled)
        assert.deepEqual(
          normalized(bundled, bundleWorld),
          normalized(inProcess, sourceWorld),
          'the bundle and main() in-process give the same run'
        )
        assert.deepEqual(bundleWorld.graphCalls(), sourceWorld.graphCalls(), 'the same calls to Meta')
        assert.deepEqual(bundleWorld.githubCalls(), sourceWorld.githubCalls(), 'the same calls to GitHub')
      } finally {
        await Promise.all([bundleWorld.close(), sourceWorld.close()])
      }
    })
  }
})
