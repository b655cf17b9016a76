/**
 * Runs a workflow step's shell script the way the runner runs `shell: bash`
 * (`bash --noprofile --norc -eo pipefail {0}`), with GITHUB_OUTPUT and GITHUB_STEP_SUMMARY.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseOutputFile } from '../helpers/run-action.ts'

export interface ScriptRun {
  code: number | null
  stdout: string
  outputs: Record<string, string>
  summary: string
  /** `::error …` lines. */
  errors: string[]
}

/** `name=value` lines (and `name<<delimiter` blocks), as the runner reads GITHUB_OUTPUT. */
function parseOutputs(text: string): Record<string, string> {
  const outputs = parseOutputFile(text)
  for (const line of text.split('\n')) {
    const match = /^([\w-]+)=(.*)$/.exec(line)
    if (match) outputs[match[1]] = match[2]
  }
  return outputs
}

/** `cwd`: where the script runs (a git checkout, for the release steps); a fresh folder otherwise. */
export function runBash(script: string, env: Record<string, string>, cwd?: string): ScriptRun {
  const dir = mkdtempSync(join(tmpdir(), 'mtk-step-'))
  const output = join(dir, 'output')
  const summary = join(dir, 'summary')
  writeFileSync(output, '')
  writeFileSync(summary, '')
  writeFileSync(join(dir, 'step.sh'), script)
  const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', join(dir, 'step.sh')], {
    env: { PATH: process.env.PATH ?? '', GITHUB_REPOSITORY: 'octo-org/app', ...env, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary },
    encoding: 'utf8',
    cwd: cwd ?? dir,
  })
  const run: ScriptRun = {
    code: result.status,
    stdout: result.stdout,
    outputs: parseOutputs(readFileSync(output, 'utf8')),
    summary: readFileSync(summary, 'utf8'),
    errors: result.stdout.split('\n').filter(line => line.startsWith('::error')),
  }
  rmSync(dir, { recursive: true, force: true })
  return run
}
