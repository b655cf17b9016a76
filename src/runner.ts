import { randomUUID } from 'node:crypto'
import { appendFileSync } from 'node:fs'
import { EOL } from 'node:os'
import type { ActionIO } from './main.ts'

/**
 * The runner's side of a JavaScript action, spoken directly: inputs from INPUT_* variables,
 * workflow commands on stdout, outputs and the job summary appended to the files the runner
 * names. This is all that the action needs of @actions/core, whose import also loads its own
 * HTTP client (1.5 MB of undici) and costs about 45 ms of start-up on every run.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
 */

/** Workflow command data escaping, as the runner decodes it. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

function command(name: string, message: string): void {
  process.stdout.write(`::${name}::${escapeData(message)}${EOL}`)
}

/** `name<<delimiter` blocks, safe for any value (the delimiter is random and checked). */
function appendOutput(file: string, name: string, value: string): void {
  const delimiter = `ghadelimiter_${randomUUID()}`
  if (name.includes(delimiter) || value.includes(delimiter)) throw new Error(`Output ${name} contains the delimiter`)
  appendFileSync(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, 'utf8')
}

export function runnerIO(env: NodeJS.ProcessEnv = process.env): ActionIO {
  return {
    // https://docs.github.com/en/actions/reference/workflows-and-actions/metadata-syntax#inputs
    getInput: name => env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '',
    setSecret: value => command('add-mask', value),
    // Outside a runner there is no output file, and printing outputs would print the token.
    setOutput: (name, value) => {
      if (env.GITHUB_OUTPUT) appendOutput(env.GITHUB_OUTPUT, name, value)
    },
    // One line per message: a line break in server text must not start a workflow command.
    info: message => process.stdout.write(`${message.replace(/[\r\n]+/g, ' ')}${EOL}`),
    warning: message => command('warning', message),
    setFailed: message => {
      process.exitCode = 1
      command('error', message)
    },
    writeSummary: async markdown => {
      if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, `${markdown}${EOL}`, 'utf8')
    },
  }
}
