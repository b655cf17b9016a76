import { ActionError, describeError } from './errors.ts'
import { createSecretStore } from './github/create-store.ts'
import { GraphClient } from './graph/client.ts'
import { createFetch, type Fetch, nodeFetch } from './http.ts'
import type { GraphError } from './graph/errors.ts'
import { type Config, type Operation, OPERATIONS, parseConfig, SECRET_INPUTS } from './inputs.ts'
import { check } from './operations/check.ts'
import type { OperationContext } from './operations/context.ts'
import { generate } from './operations/generate.ts'
import { installApp } from './operations/install-app.ts'
import { refresh } from './operations/refresh.ts'
import { revoke } from './operations/revoke.ts'
import { rotate } from './operations/rotate.ts'
import { Redactor } from './redactor.ts'
import { runnerIO } from './runner.ts'
import { Report } from './report.ts'
import { Deadline } from './retry.ts'
import { renderSummary } from './summary.ts'
import { timingFromEnv, type Timing } from './timing.ts'

/** The runner's side of the action: inputs in, outputs, log, mask and summary out. */
export interface ActionIO {
  getInput(name: string): string
  setSecret(value: string): void
  setOutput(name: string, value: string): void
  info(message: string): void
  warning(message: string): void
  setFailed(message: string): void
  writeSummary(markdown: string): Promise<void>
}

const HANDLERS: Record<Operation, (ctx: OperationContext) => Promise<void>> = {
  check,
  refresh,
  rotate,
  revoke,
  generate,
  'install-app': installApp,
}

/** Tokens minted by these calls are lost when an answer is lost; a retry then mints another. */
const MINTING_ENDPOINTS = new Set(['oauth/access_token', 'access_tokens'])

export async function main(io: ActionIO, env: NodeJS.ProcessEnv, fetch: Fetch = nodeFetch): Promise<void> {
  const redactor = new Redactor(value => io.setSecret(value))
  const operationInput = io.getInput('operation').trim().toLowerCase() || 'rotate'
  // Until the inputs are validated, the summary names only a known operation.
  const report = new Report((OPERATIONS as readonly string[]).includes(operationInput) ? (operationInput as Operation) : 'unknown operation')
  try {
    // Promise 1: every secret input is masked before anything else happens.
    for (const name of SECRET_INPUTS) redactor.register(io.getInput(name).trim())
    const config = parseConfig(name => io.getInput(name), env)
    const timing = timingFromEnv(env)
    const ctx = await createContext(config, timing, redactor, io, report, fetch)
    await HANDLERS[config.operation](ctx)
    if (report.result) io.info(report.result)
  } catch (error) {
    const failure = error instanceof ActionError ? error : new ActionError('run', `Unexpected error: ${describeError(error)}`)
    report.failure = { step: failure.step, message: redactor.redact(failure.message), fix: failure.fix && redactor.redact(failure.fix) }
    io.setFailed(`${report.failure.message}${report.failure.fix ? `\nWhat to do: ${report.failure.fix}` : ''}`)
  } finally {
    for (const warning of report.warnings) io.warning(redactor.redact(warning))
    for (const [name, value] of report.outputs) io.setOutput(name, name === 'token' ? value : redactor.redact(value))
    await io.writeSummary(redactor.redact(renderSummary(report))).catch(error => io.info(`No job summary written: ${redactor.redact(describeError(error))}`))
  }
}

async function createContext(config: Config, timing: Timing, redactor: Redactor, io: ActionIO, report: Report, fetch: Fetch): Promise<OperationContext> {
  const deadline = new Deadline(timing.deadlineMs)
  const log = { info: (m: string) => io.info(redactor.redact(m)), warning: (m: string) => io.warning(redactor.redact(m)) }
  const graph = new GraphClient({
    baseUrl: config.graphApiUrl,
    version: config.graphApiVersion,
    appId: config.appId,
    appSecret: config.appSecret,
    requestTimeoutMs: config.requestTimeoutMs,
    timing,
    deadline,
    redactor,
    fetch,
    onRetry: (endpoint: string, error: GraphError, waitMs: number) => {
      log.info(`${error.message}; retrying in ${(waitMs / 1000).toFixed(1)} s`)
      if (MINTING_ENDPOINTS.has(endpoint) && error.kind !== 'graph') {
        report.notes.push(`Meta's ${endpoint} was retried after ${error.kind === 'timeout' ? 'a timeout' : 'a network error'}. If the lost answer carried a token, that token was never stored and expires on its own.`)
      }
    },
  })
  let store
  if (config.secretName && config.githubToken) {
    store = createSecretStore({ ...config, secretName: config.secretName, githubToken: config.githubToken }, timing, deadline, fetch, (route, error, waitMs) =>
      log.info(`GitHub ${route.split(' ')[0]}: ${error.githubMessage} (HTTP ${error.status}); retrying in ${(waitMs / 1000).toFixed(1)} s`)
    )
  }
  return { config, graph, store, log, report }
}

export async function run(): Promise<void> {
  const io = runnerIO()
  await main(io, process.env, await createFetch(process.env))
}
