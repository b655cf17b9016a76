/**
 * Runs the alert bundle (alert/dist/index.js) the way the runner does: a Node 24 child process
 * with every input as INPUT_<NAME> (alert/action.yml's defaults filled in), GITHUB_OUTPUT,
 * GITHUB_STEP_SUMMARY and GITHUB_API_URL pointing at the fake.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import { FAST_TIMING, parseOutputFile, ROOT } from '../helpers/run-action.ts'

export const ALERT_BUNDLE = join(ROOT, 'alert', 'dist', 'index.js')

interface Metadata {
  inputs: Record<string, { default?: string }>
}

export const alertMetadata = parse(readFileSync(join(ROOT, 'alert', 'action.yml'), 'utf8')) as Metadata

export interface AlertRun {
  code: number | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  masks: string[]
  errors: string[]
  warnings: string[]
}

export async function runAlert(inputs: Record<string, string>, env: Record<string, string> = {}): Promise<AlertRun> {
  const dir = mkdtempSync(join(tmpdir(), 'mtk-alert-'))
  const outputFile = join(dir, 'output')
  const summaryFile = join(dir, 'summary')
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  const childEnv: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_REPOSITORY: 'octo-org/app',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '4242',
    GITHUB_WORKFLOW: 'Rotate Meta token',
    RUNNER_TEMP: dir,
    ...FAST_TIMING,
  }
  for (const [name, spec] of Object.entries(alertMetadata.inputs)) {
    // Expressions such as ${{ github.token }} are the runner's to evaluate; tests pass the value.
    const fallback = spec.default ?? ''
    childEnv[`INPUT_${name.toUpperCase()}`] = fallback.includes('${{') ? '' : fallback
  }
  for (const [name, value] of Object.entries(inputs)) childEnv[`INPUT_${name.toUpperCase()}`] = value
  Object.assign(childEnv, env)

  const child = spawn(process.execPath, [ALERT_BUNDLE], { env: childEnv, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', chunk => (stdout += chunk))
  child.stderr.setEncoding('utf8').on('data', chunk => (stderr += chunk))
  const code = await new Promise<number | null>(resolve => child.on('close', resolve))
  const lines = stdout.split('\n')
  const commands = (name: string) => lines.filter(line => line.startsWith(`::${name}`)).map(line => line.slice(line.indexOf('::', 2) + 2))
  const run: AlertRun = {
    code,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    masks: commands('add-mask'),
    errors: commands('error'),
    warnings: commands('warning'),
  }
  rmSync(dir, { recursive: true, force: true })
  return run
}

export function describeAlertRun(run: AlertRun): string {
  return `exit ${run.code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`
}
