/**
 * The shell steps of the workflows, run with bash as the runner would run them (the script
 * from the YAML, the step's env with the expressions replaced by test values, GITHUB_OUTPUT):
 * the scheduled templates' keep-alive. (The reusable workflow's plan step is an action:
 * test/workflows/plan.test.ts; the emergency template is one job with no shell step.)
 */
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { runBash, type ScriptRun } from './bash.ts'
import { byPath, steps } from './load.ts'

function script(path: string, id: string): { run: string; env: Record<string, string> } {
  const found = steps(byPath(path)).find(s => s.step.id === id)
  assert.ok(found, `${path} has a step ${id}`)
  assert.equal(found.step.shell ?? 'bash', 'bash')
  return { run: found.step.run, env: found.step.env ?? {} }
}

for (const [TEMPLATE, file] of [
  ['workflow-templates/meta-token.yml', 'meta-token.yml'],
  ['workflow-templates/meta-token-rotation-matrix.yml', 'meta-token-rotation-matrix.yml'],
])
  describe(`${file}: the schedule keeps itself enabled`, () => {
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
        WORKFLOW_REF: `octo-org/app/.github/workflows/${file}@refs/heads/main`,
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
      assert.ok(curl.includes(`https://api.github.com/repos/octo-org/app/actions/workflows/${file}/enable`), curl.join(' '))
      assert.ok(curl.includes('PUT'))
      assert.ok(curl.includes('Authorization: Bearer fake-workflow-token'))
      assert.ok(run.stdout.includes(`Re-enabled ${file}:`), run.stdout)
    })

    it('only warns when GitHub refuses (the rotation itself is another job)', () => {
      const { run } = keepalive('403')
      assert.equal(run.code, 0, run.stdout)
      assert.ok(run.stdout.includes(`::warning title=Schedule keep-alive::Could not re-enable ${file} (HTTP 403)`), run.stdout)
    })
  })
