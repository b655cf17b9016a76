import * as core from '@actions/core'

/**
 * The runner's side of an action: inputs in; outputs, masks, log, annotations and the job
 * summary out. `main` takes it as a parameter so that tests drive `main` in-process with a
 * recording implementation; on a runner it is @actions/core (`coreIO`).
 */
export interface ActionIO {
  getInput(name: string): string
  setSecret(value: string): void
  setOutput(name: string, value: string): void
  info(message: string): void
  /** Shown only with step debug logging on (ACTIONS_STEP_DEBUG / RUNNER_DEBUG). */
  debug(message: string): void
  /** Whether step debug logging is on: the per-request debug lines are not even built otherwise. */
  isDebug(): boolean
  warning(message: string): void
  setFailed(message: string): void
  /** A collapsible log group around one phase of the run. */
  group<T>(name: string, work: () => Promise<T>): Promise<T>
  writeSummary(markdown: string): Promise<void>
}

export function coreIO(env: NodeJS.ProcessEnv = process.env): ActionIO {
  return {
    // As the runner passes it: each parser trims what it may trim. The workflow's expressions
    // see the input untrimmed, so an input they compare (`operation`) must be read untrimmed too.
    getInput: name => core.getInput(name, { trimWhitespace: false }),
    setSecret: value => core.setSecret(value),
    // Outside a runner there is no output file, and core would print the outputs (the token
    // among them) as commands instead.
    setOutput: (name, value) => {
      if (env.GITHUB_OUTPUT) core.setOutput(name, value)
    },
    info: message => core.info(message),
    debug: message => core.debug(message),
    isDebug: () => core.isDebug(),
    warning: message => core.warning(message),
    setFailed: message => core.setFailed(message),
    group: (name, work) => core.group(name, work),
    writeSummary: async markdown => {
      if (env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(markdown, true).write()
    },
  }
}
