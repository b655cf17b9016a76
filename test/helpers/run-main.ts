/**
 * Runs the action from its sources, in this process: `main()` of src/main.ts with an IO object
 * that records what the runner would see (stdout with its workflow commands, outputs, the job
 * summary), returned as the same ActionRun as runAction's, so a change in src/ shows in the
 * tests without a rebuild. test/e2e/bundle.test.ts checks that the bundle, run as the runner
 * runs it, gives the same runs.
 */
import type { ActionIO } from '../../src/runtime/io.ts'
import { main } from '../../src/main.ts'
import {
  type ActionMetadata,
  type ActionRun,
  actionMetadata,
  escapeCommandData,
  inputVariables,
  readStdout,
  RUNNER_VARIABLES,
} from './run-action.ts'

export interface InProcessOptions {
  /** Called with each stdout line as the run prints it, e.g. to see what was masked before a request. */
  onLine?: (line: string) => void
}

/**
 * Runs main() with the inputs and environment runAction gives the bundle. The environment is a
 * plain object: process.env is neither read nor changed.
 */
export function runMain(
  inputs: Record<string, string>,
  env: Record<string, string> = {},
  options: InProcessOptions = {}
): Promise<ActionRun> {
  return runInProcess(main, actionMetadata, inputs, env, options)
}

/** Any action's main(io, env) of this repository, in-process, as runMain runs the main action's. */
export async function runInProcess(
  actionMain: (io: ActionIO, env: NodeJS.ProcessEnv) => Promise<void>,
  metadata: ActionMetadata,
  inputs: Record<string, string>,
  env: Record<string, string> = {},
  options: InProcessOptions = {}
): Promise<ActionRun> {
  const variables: Record<string, string> = { ...RUNNER_VARIABLES, ...inputVariables(metadata, inputs), ...env }
  let stdout = ''
  let stderr = ''
  let summary = ''
  let code = 0
  const outputs: Record<string, string> = {}
  let returned = false

  // A call after main() returned would be lost here but printed by the bundle: fail it loudly.
  function record(method: string): void {
    if (returned) throw new Error(`main() called io.${method} after it returned`)
  }
  function print(line: string): void {
    stdout += `${line}\n`
    options.onLine?.(line)
  }
  function command(name: string, message: string): void {
    print(`::${name}::${escapeCommandData(message)}`)
  }

  const io: ActionIO = {
    getInput: name => variables[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '',
    setSecret: value => {
      record('setSecret')
      command('add-mask', value)
    },
    setOutput: (name, value) => {
      record('setOutput')
      outputs[name] = value
    },
    // As @actions/core prints it: the message as it is, its line breaks included.
    info: message => {
      record('info')
      print(message)
    },
    debug: message => {
      record('debug')
      command('debug', message)
    },
    isDebug: () => variables.RUNNER_DEBUG === '1',
    warning: message => {
      record('warning')
      command('warning', message)
    },
    setFailed: message => {
      record('setFailed')
      code = 1
      command('error', message)
    },
    group: async (name, fn) => {
      record('group')
      command('group', name)
      try {
        return await fn()
      } finally {
        print('::endgroup::')
      }
    },
    writeSummary: async markdown => {
      record('writeSummary')
      summary += `${markdown}\n`
    },
  }

  const started = performance.now()
  try {
    await actionMain(io, variables)
  } catch (error) {
    // What Node does with an uncaught error of the bundle: the stack on stderr, exit code 1.
    code = 1
    stderr += `${error instanceof Error ? error.stack : String(error)}\n`
  } finally {
    returned = true
  }
  const durationMs = performance.now() - started
  return { code, stderr, ...readStdout(stdout), outputs, summary, durationMs }
}
