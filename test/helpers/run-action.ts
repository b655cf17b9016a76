import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import { assertBundleFresh } from './bundle-freshness.ts'

export const ROOT = fileURLToPath(new URL('../../', import.meta.url))
export const BUNDLE = join(ROOT, 'dist', 'index.js')

export interface ActionMetadata {
  inputs: Record<string, { default?: string }>
  outputs?: Record<string, { description: string }>
}

export const actionMetadata = readActionMetadata(join(ROOT, 'action.yml'))

export interface ActionRun {
  code: number | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  /** Values registered with ::add-mask::, in order. */
  masks: string[]
  errors: string[]
  warnings: string[]
  /** stdout lines in order, for "masked before first use" checks. */
  lines: string[]
  durationMs: number
}

/** Fast waits for tests: the action reads these (see the README, "Tuning waits"). */
export const FAST_TIMING = {
  META_TOKEN_KEEPER_RETRY_BASE_MS: '5',
  META_TOKEN_KEEPER_RETRY_MAX_MS: '50',
  META_TOKEN_KEEPER_DEADLINE_SECONDS: '20',
}

/** The runner's encoding of a workflow command's data (%, CR, LF). */
export function escapeCommandData(data: string): string {
  return data.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

function unescapeCommandData(data: string): string {
  return data.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%')
}

/** What the runner makes of a step's stdout: its lines, and the workflow commands among them. */
export function readStdout(stdout: string): Pick<ActionRun, 'stdout' | 'lines' | 'masks' | 'errors' | 'warnings'> {
  const lines = stdout.split('\n')
  const commands = (name: string) =>
    lines.filter(line => line.startsWith(`::${name}`)).map(line => unescapeCommandData(line.slice(line.indexOf('::', 2) + 2)))
  return { stdout, lines, masks: commands('add-mask'), errors: commands('error'), warnings: commands('warning') }
}

/**
 * The INPUT_<NAME> variables the runner sets for a step: every input of the action, with
 * action.yml's default where the step gives none.
 */
export function inputVariables(metadata: ActionMetadata, inputs: Record<string, string>): Record<string, string> {
  const variables: Record<string, string> = {}
  for (const [name, spec] of Object.entries(metadata.inputs)) {
    // Expressions such as ${{ github.token }} are the runner's to evaluate; tests pass the value.
    const fallback = spec.default ?? ''
    variables[`INPUT_${name.toUpperCase()}`] = fallback.includes('${{') ? '' : fallback
  }
  for (const [name, value] of Object.entries(inputs)) variables[`INPUT_${name.toUpperCase()}`] = value
  return variables
}

/** The runner's variables that the action reads, as the tests set them. */
export const RUNNER_VARIABLES = {
  GITHUB_ACTIONS: 'true',
  GITHUB_REPOSITORY: 'octo-org/app',
  // Debug lines on, so the leak scan reads every request's line too.
  RUNNER_DEBUG: '1',
  ...FAST_TIMING,
}

/** Parses `name<<delimiter\nvalue\ndelimiter` blocks, as the runner reads GITHUB_OUTPUT. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<]+)<<(.+)$/.exec(lines[i])
    if (!match) continue
    const [, name, delimiter] = match
    const value: string[] = []
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i])
    outputs[name] = value.join('\n')
  }
  return outputs
}

/** The `inputs` of an action.yml. */
export function readActionMetadata(path: string): ActionMetadata {
  return parse(readFileSync(path, 'utf8')) as ActionMetadata
}

/**
 * Runs the bundle the way the runner does: a child process of this Node (24), every input as
 * INPUT_<NAME> with action.yml's defaults filled in, and the runner's files and variables.
 * Most tests run src/main.ts in-process instead (run-main.ts); this is for what only the
 * bundle or a separate process shows. Fails first when dist/ is stale.
 */
export function runAction(inputs: Record<string, string>, env: Record<string, string> = {}, options: RunOptions = {}): Promise<ActionRun> {
  return runJavaScriptAction(BUNDLE, actionMetadata, inputs, env, options)
}

export interface RunOptions {
  /**
   * Aborting it kills the action's process with SIGKILL, as a lost runner or a job timeout
   * would: no cleanup runs. The run then ends with `code` null.
   */
  kill?: AbortSignal
}

/** Runs any JavaScript action bundle of this repository as the runner does (see runAction). */
export async function runJavaScriptAction(
  bundle: string,
  metadata: ActionMetadata,
  inputs: Record<string, string>,
  env: Record<string, string> = {},
  options: RunOptions = {}
): Promise<ActionRun> {
  assertBundleFresh(dirname(bundle))
  const dir = mkdtempSync(join(tmpdir(), 'mtk-run-'))
  const outputFile = join(dir, 'output')
  const summaryFile = join(dir, 'summary')
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  const childEnv: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: dir,
    ...RUNNER_VARIABLES,
    ...inputVariables(metadata, inputs),
    ...env,
  }

  const started = performance.now()
  let stdout = ''
  let stderr = ''
  const child = spawn(process.execPath, [bundle], {
    env: childEnv,
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    signal: options.kill,
    killSignal: 'SIGKILL',
  })
  // A kill through the signal is reported as an AbortError here; `close` still follows.
  child.on('error', error => {
    if (error.name !== 'AbortError') stderr += `${error.stack ?? error.message}\n`
  })
  child.stdout.setEncoding('utf8').on('data', chunk => (stdout += chunk))
  child.stderr.setEncoding('utf8').on('data', chunk => (stderr += chunk))
  const code = await new Promise<number | null>(resolve => child.on('close', resolve))
  const durationMs = performance.now() - started

  const run: ActionRun = {
    code,
    stderr,
    ...readStdout(stdout),
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    durationMs,
  }
  rmSync(dir, { recursive: true, force: true })
  return run
}
